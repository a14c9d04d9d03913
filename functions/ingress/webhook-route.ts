import type { Logger } from "@aws-lambda-powertools/logger";
import { type Metrics, MetricUnit } from "@aws-lambda-powertools/metrics";
import type { Clock, EntityDeployment, ItemQueue } from "@sentinella/core";
import type { NormalisedWebhook, NormaliseOptions } from "@sentinella/webhooks";
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from "aws-lambda";

export type IngressHandler = (event: APIGatewayProxyEventV2) => Promise<APIGatewayProxyStructuredResultV2>;
export type IngressResult = APIGatewayProxyStructuredResultV2;

/** What every webhook route shares: where items go, which accounts are deployed, and observability. */
export interface WebhookRouteDeps {
  queue: ItemQueue;
  deployments: readonly EntityDeployment[];
  clock: Clock;
  logger: Logger;
  metrics: Metrics;
}

/** What differs per platform: its secrets, its GET handshake, its signature and its payload format. */
export interface WebhookRoute<S> {
  platform: string;
  /** The platform's secrets; `undefined` when none is configured (every request is then refused: fail closed). */
  secrets: () => Promise<S | undefined>;
  handshake(event: APIGatewayProxyEventV2, secrets: S): IngressResult;
  /** Which secret or signature form matched (logged), or undefined: the delivery is refused with 401. */
  verify(rawBody: Buffer, headers: APIGatewayProxyEventV2["headers"], secrets: S): string | undefined;
  normalise(body: unknown, options: NormaliseOptions): NormalisedWebhook;
  /** The 200 body the platform expects. */
  accepted: IngressResult;
}

export const textResult = (statusCode: number, body: string): IngressResult => ({
  statusCode,
  headers: { "content-type": "text/plain; charset=utf-8" },
  body,
});

export const jsonResult = (statusCode: number, body: object): IngressResult => ({
  statusCode,
  headers: { "content-type": "application/json" },
  body: JSON.stringify(body),
});

/**
 * One platform's webhook endpoint (GET and POST behind an API Gateway HTTP API). GET answers the platform's
 * handshake. POST checks the signature on the raw bytes before anything else, normalises the delivery into Items
 * and queues them all: 200 only once every item is queued, otherwise 5xx so the platform redelivers. No platform
 * API is called here; the classifier does the work behind the queue.
 */
export function createWebhookRoute<S>(route: WebhookRoute<S>, deps: WebhookRouteDeps): IngressHandler {
  const { queue, deployments, clock, logger, metrics } = deps;
  const { platform } = route;

  /** The secrets, or nothing (logged) when they are missing or unreadable. */
  async function loadSecrets(): Promise<S | undefined> {
    try {
      const loaded = await route.secrets();
      if (!loaded) logger.error("Platform secret not configured: refusing webhook", { platform });
      return loaded;
    } catch (error) {
      logger.error("Platform secret could not be read: refusing webhook", { platform, error });
      return undefined;
    }
  }

  async function receive(event: APIGatewayProxyEventV2, secrets: S) {
    const rawBody = Buffer.from(event.body ?? "", event.isBase64Encoded ? "base64" : "utf8");
    const signedWith = route.verify(rawBody, event.headers, secrets);
    if (!signedWith) {
      metrics.addMetric("SignatureRejected", MetricUnit.Count, 1);
      logger.warn("Webhook refused: missing or invalid signature", {
        platform,
        bytes: rawBody.length,
        sourceIp: event.requestContext.http.sourceIp,
      });
      return textResult(401, "Unauthorized");
    }

    let body: unknown;
    try {
      body = JSON.parse(rawBody.toString("utf8"));
    } catch (error) {
      logger.error("Signed webhook is not JSON", { platform, error, bytes: rawBody.length, signedWith });
      return textResult(400, "Bad Request");
    }

    const { items, ignored } = route.normalise(body, { receivedAt: clock.now(), deployments });
    const ignoredCount = ignored.reduce((sum, { count }) => sum + count, 0);
    if (ignoredCount > 0) {
      metrics.addMetric("EventsIgnored", MetricUnit.Count, ignoredCount);
      logger.info("Webhook events acknowledged without queueing", { platform, ignored });
    }
    try {
      if (items.length > 0) await queue.enqueue(items);
    } catch (error) {
      logger.error("Webhook items not queued: asking the platform to redeliver", {
        platform,
        error,
        items: items.length,
      });
      return textResult(500, "Internal Server Error");
    }
    metrics.addMetric("ItemsQueued", MetricUnit.Count, items.length);
    logger.info("Webhook items queued", {
      platform,
      items: items.length,
      staff: items.filter((i) => i.byStaff).length,
      signedWith,
    });
    return route.accepted;
  }

  return async (event) => {
    const method = event.requestContext.http.method;
    if (method !== "GET" && method !== "POST") return textResult(405, "Method Not Allowed");
    const loaded = await loadSecrets();
    if (!loaded) {
      // Every delivery is being refused: worth an alarm, the platform gives up after its retries.
      metrics.addMetric("SecretUnavailable", MetricUnit.Count, 1);
      return textResult(503, "Service Unavailable");
    }
    return method === "GET" ? route.handshake(event, loaded) : receive(event, loaded);
  };
}

/** One ingress function for every platform: API Gateway routes `/webhooks/<platform>` to it, the path picks the route. */
export function createIngressRouter(routes: Readonly<Record<string, IngressHandler>>): IngressHandler {
  return async (event) => {
    const path = event.requestContext.http.path ?? event.rawPath;
    const route = routes[path.replace(/\/+$/, "")];
    return route ? route(event) : textResult(404, "Not Found");
  };
}
