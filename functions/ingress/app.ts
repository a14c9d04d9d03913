import type { MetaSecrets } from "@sentinella/core";
import { metaSubscriptionChallenge, normaliseMetaWebhook, verifyMetaSignature } from "@sentinella/webhooks";
import { createWebhookRoute, type IngressHandler, textResult, type WebhookRouteDeps } from "./webhook-route";

export type { IngressHandler } from "./webhook-route";

export interface IngressDeps extends WebhookRouteDeps {
  /** The Meta app secrets; `undefined` when none is configured (every request is then refused: fail closed). */
  secrets: () => Promise<MetaSecrets | undefined>;
}

/**
 * The Meta webhook endpoint (GET and POST /webhooks/meta). GET answers the subscription handshake (the verify
 * token); POST carries `X-Hub-Signature-256` over the raw bytes, with the app secret or, for Instagram Login apps,
 * the Instagram app secret: which one Meta uses per setup is not documented, so both are tried.
 */
export function createIngressHandler({ secrets, ...deps }: IngressDeps): IngressHandler {
  return createWebhookRoute<MetaSecrets>(
    {
      platform: "meta",
      secrets,
      handshake(event, { verifyToken }) {
        const challenge = metaSubscriptionChallenge(event.queryStringParameters, verifyToken);
        if (challenge === undefined) {
          deps.logger.warn("Webhook verification refused", { platform: "meta" });
          return textResult(403, "Forbidden");
        }
        deps.logger.info("Webhook subscription verified");
        return textResult(200, challenge);
      },
      signatureHeader: "x-hub-signature-256",
      verify(rawBody, headers, { appSecret, instagramAppSecret }) {
        // HTTP API (payload v2) lower-cases header names.
        const signature = headers["x-hub-signature-256"];
        return [
          { name: "appSecret", secret: appSecret },
          { name: "instagramAppSecret", secret: instagramAppSecret },
        ].find(({ secret }) => secret !== undefined && verifyMetaSignature(rawBody, signature, secret))?.name;
      },
      normalise: normaliseMetaWebhook,
      accepted: textResult(200, "EVENT_RECEIVED"),
    },
    deps,
  );
}
