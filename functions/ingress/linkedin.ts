import type { LinkedInSecrets } from "@sentinella/core";
import {
  linkedInChallengeResponse,
  normaliseLinkedInNotifications,
  verifyLinkedInSignature,
} from "@sentinella/webhooks";
import {
  createWebhookRoute,
  type IngressHandler,
  jsonChallenge,
  textResult,
  type WebhookRouteDeps,
} from "./webhook-route";

export interface LinkedInIngressDeps extends WebhookRouteDeps {
  /** The LinkedIn app secrets; `undefined` when none is configured (every request is then refused: fail closed). */
  secrets: () => Promise<LinkedInSecrets | undefined>;
  /**
   * Also accept `X-LI-Signature` as the HMAC of the body alone (LinkedIn's text reads two ways; see
   * verifyLinkedInSignature). Off until a live delivery's log shows that form is the one LinkedIn uses.
   */
  acceptBodyOnlySignature: boolean;
}

/**
 * The LinkedIn webhook endpoint (GET and POST /webhooks/linkedin). GET answers the endpoint validation
 * (`challengeCode`, again every 2 hours) with the client secret and no I/O once it is loaded (LinkedIn allows three
 * seconds); POST carries `X-LI-Signature` over the raw bytes, and the form that matched is logged with the items.
 */
export function createLinkedInIngressHandler({
  secrets,
  acceptBodyOnlySignature,
  ...deps
}: LinkedInIngressDeps): IngressHandler {
  return createWebhookRoute<LinkedInSecrets>(
    {
      platform: "linkedin",
      secrets,
      handshake: jsonChallenge("challengeCode", deps.logger, (challengeCode, { clientSecret }) =>
        linkedInChallengeResponse(challengeCode, clientSecret),
      ),
      signatureHeader: "x-li-signature",
      verify: (rawBody, headers, { clientSecret }) =>
        verifyLinkedInSignature(rawBody, headers["x-li-signature"], clientSecret, {
          acceptBodyOnly: acceptBodyOnlySignature,
        }),
      normalise: normaliseLinkedInNotifications,
      accepted: textResult(200, "OK"),
    },
    deps,
  );
}
