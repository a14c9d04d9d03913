import type { Logger } from "@aws-lambda-powertools/logger";
import { type Metrics, MetricUnit } from "@aws-lambda-powertools/metrics";
import type { Clock, EntityDeployment, ItemQueue, MetaSecrets } from "@sentinella/core";
import { metaSubscriptionChallenge, normaliseMetaWebhook, verifyMetaSignature } from "@sentinella/webhooks";
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from "aws-lambda";

export interface IngressDeps {
  /** The Meta app secrets; `undefined` when none is configured (every request is then refused: fail closed). */
  secrets: () => Promise<MetaSecrets | undefined>;
  queue: ItemQueue;
  deployments: readonly EntityDeployment[];
  clock: Clock;
  logger: Logger;
  metrics: Metrics;
}

export type IngressHandler = (event: APIGatewayProxyEventV2) => Promise<APIGatewayProxyStructuredResultV2>;

const reply = (statusCode: number, body: string): APIGatewayProxyStructuredResultV2 => ({
  statusCode,
  headers: { "content-type": "text/plain; charset=utf-8" },
  body,
});

/**
 * The Meta webhook endpoint (GET and POST /webhooks/meta behind an API Gateway HTTP API).
 * GET answers the subscription handshake. POST checks the signature on the raw bytes before anything else,
 * normalises the delivery into Items and queues them all: 200 only once every item is queued, otherwise 5xx so
 * Meta redelivers. No platform API is called here; the classifier does the work behind the queue.
 */
export function createIngressHandler({
  secrets,
  queue,
  deployments,
  clock,
  logger,
  metrics,
}: IngressDeps): IngressHandler {
  /** The secrets, or nothing (logged) when they are missing or unreadable. */
  async function loadSecrets(): Promise<MetaSecrets | undefined> {
    try {
      const loaded = await secrets();
      if (!loaded) logger.error("Meta app secret not configured: refusing webhook");
      return loaded;
    } catch (error) {
      logger.error("Meta app secret could not be read: refusing webhook", { error });
      return undefined;
    }
  }

  function verify(event: APIGatewayProxyEventV2, { verifyToken }: MetaSecrets) {
    const challenge = metaSubscriptionChallenge(event.queryStringParameters, verifyToken);
    if (challenge === undefined) {
      logger.warn("Webhook verification refused", { mode: event.queryStringParameters?.["hub.mode"] });
      return reply(403, "Forbidden");
    }
    logger.info("Webhook subscription verified");
    return reply(200, challenge);
  }

  async function receive(event: APIGatewayProxyEventV2, { appSecret, instagramAppSecret }: MetaSecrets) {
    const rawBody = Buffer.from(event.body ?? "", event.isBase64Encoded ? "base64" : "utf8");
    // HTTP API (payload v2) lower-cases header names.
    const signature = event.headers["x-hub-signature-256"];
    // Instagram Login apps sign with their own secret; which one Meta uses per setup is not documented, so try both.
    const signedWith = [
      { name: "appSecret", secret: appSecret },
      { name: "instagramAppSecret", secret: instagramAppSecret },
    ].find(({ secret }) => secret !== undefined && verifyMetaSignature(rawBody, signature, secret))?.name;
    if (!signedWith) {
      metrics.addMetric("SignatureRejected", MetricUnit.Count, 1);
      logger.warn("Webhook refused: missing or invalid signature", {
        hasSignature: signature !== undefined,
        bytes: rawBody.length,
        sourceIp: event.requestContext.http.sourceIp,
      });
      return reply(401, "Unauthorized");
    }

    let body: unknown;
    try {
      body = JSON.parse(rawBody.toString("utf8"));
    } catch (error) {
      logger.error("Signed webhook is not JSON", { error, bytes: rawBody.length, signedWith });
      return reply(400, "Bad Request");
    }

    const { items, ignored } = normaliseMetaWebhook(body, { receivedAt: clock.now(), deployments });
    const ignoredCount = ignored.reduce((sum, { count }) => sum + count, 0);
    if (ignoredCount > 0) {
      metrics.addMetric("EventsIgnored", MetricUnit.Count, ignoredCount);
      logger.info("Webhook events acknowledged without queueing", { ignored });
    }
    try {
      if (items.length > 0) await queue.enqueue(items);
    } catch (error) {
      logger.error("Webhook items not queued: asking Meta to redeliver", { error, items: items.length });
      return reply(500, "Internal Server Error");
    }
    metrics.addMetric("ItemsQueued", MetricUnit.Count, items.length);
    logger.info("Webhook items queued", {
      items: items.length,
      staff: items.filter((i) => i.byStaff).length,
      signedWith,
    });
    return reply(200, "EVENT_RECEIVED");
  }

  return async (event) => {
    const method = event.requestContext.http.method;
    if (method !== "GET" && method !== "POST") return reply(405, "Method Not Allowed");
    const loaded = await loadSecrets();
    if (!loaded) {
      // Every delivery is being refused: worth an alarm, Meta gives up after 36 hours.
      metrics.addMetric("SecretUnavailable", MetricUnit.Count, 1);
      return reply(503, "Service Unavailable");
    }
    return method === "GET" ? verify(event, loaded) : receive(event, loaded);
  };
}
