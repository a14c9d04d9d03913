import type { XSecrets } from "@sentinella/core";
import { normaliseXAccountActivity, verifyXSignature, xCrcResponseToken } from "@sentinella/webhooks";
import {
  createWebhookRoute,
  type IngressHandler,
  jsonChallenge,
  textResult,
  type WebhookRouteDeps,
} from "./webhook-route";

export interface XIngressDeps extends WebhookRouteDeps {
  /** The X app secrets; `undefined` when none is configured (every request is then refused: fail closed). */
  secrets: () => Promise<XSecrets | undefined>;
}

/**
 * The X webhook endpoint (GET and POST /webhooks/x), Account Activity API. GET answers the CRC with the consumer
 * secret, with no I/O once the secret is loaded (X allows three seconds); POST carries
 * `x-twitter-webhooks-signature` over the raw bytes.
 */
export function createXIngressHandler({ secrets, ...deps }: XIngressDeps): IngressHandler {
  return createWebhookRoute<XSecrets>(
    {
      platform: "x",
      secrets,
      handshake: jsonChallenge("crc_token", deps.logger, (crcToken, { consumerSecret }) => ({
        response_token: xCrcResponseToken(crcToken, consumerSecret),
      })),
      signatureHeader: "x-twitter-webhooks-signature",
      verify: (rawBody, headers, { consumerSecret }) =>
        verifyXSignature(rawBody, headers["x-twitter-webhooks-signature"], consumerSecret)
          ? "consumerSecret"
          : undefined,
      normalise: normaliseXAccountActivity,
      accepted: textResult(200, "OK"),
    },
    deps,
  );
}
