import type { Logger } from "@aws-lambda-powertools/logger";
import { type Metrics, MetricUnit } from "@aws-lambda-powertools/metrics";
import { type Clock, type EntityDeployment, Item, type ItemQueue, itemVersionKey } from "@sentinella/core";
import type { HandshakeLog, HandshakeRoute } from "@sentinella/platforms";
import {
  type EventCount,
  type NormalisedWebhook,
  type NormaliseOptions,
  parseWebhookBody,
  webhookLimits,
} from "@sentinella/webhooks";
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
  /** Where an answered handshake is noted, so `accounts check` can say the platform reached this deployment. */
  handshakes: HandshakeLog;
}

/** What differs per platform: its secrets, its GET handshake, its signature and its payload format. */
export interface WebhookRoute<S> {
  platform: HandshakeRoute;
  /** The platform's secrets; `undefined` when none is configured (every request is then refused: fail closed). */
  secrets: () => Promise<S | undefined>;
  handshake(event: APIGatewayProxyEventV2, secrets: S): IngressResult;
  /** The (lower-case) header a signed delivery carries: one without it is refused before any other work. */
  signatureHeader: string;
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
 * A handshake that answers a challenge in one query parameter with JSON computed from it and the secrets, with no
 * I/O (X's CRC and LinkedIn's validation allow three seconds); 400 without the parameter.
 */
export function jsonChallenge<S>(
  parameter: string,
  logger: Logger,
  answer: (challenge: string, secrets: S) => object,
): WebhookRoute<S>["handshake"] {
  return (event, secrets) => {
    const challenge = event.queryStringParameters?.[parameter];
    if (!challenge) return textResult(400, `Bad Request: ${parameter} missing`);
    logger.info("Webhook challenge answered", { parameter });
    return jsonResult(200, answer(challenge, secrets));
  };
}

const total = (counts: readonly EventCount[]) => counts.reduce((sum, { count }) => sum + count, 0);

/** An item the queue will not take, and why; logged with its key and the schema paths, never its content. */
interface RejectedItem {
  itemVersionKey: string;
  reason: "schema" | "too_large";
  issues?: { path: string; code: string }[];
}

/**
 * One platform's webhook endpoint (GET and POST on ingress's function URL), as steps every route shares.
 * GET answers the platform's handshake. POST: one without the signature header gets 401 at once; a body above `webhookLimits` gets 413 before any work; the
 * signature is checked on the raw bytes (401); a signed body that is not JSON or is nested too deep gets 400;
 * every Item is parsed with the Item schema and checked against the queue's size limit before the 200: what can
 * never be processed is acknowledged and recorded as rejected (a warning with keys and schema paths, and the
 * `EventsRejected` metric, which has an alarm), since the platform would redeliver it for days in vain. The rest
 * is queued: 200 only once every item is queued, otherwise 5xx so the platform redelivers. No platform API is
 * called here, and no log line quotes the body.
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

  /** 401 for a delivery without a valid signature, counted and logged with its size and source, never its body. */
  function unsigned(event: APIGatewayProxyEventV2): IngressResult {
    metrics.addMetric("SignatureRejected", MetricUnit.Count, 1);
    logger.warn("Webhook refused: missing or invalid signature", {
      platform,
      bytes: event.body?.length ?? 0,
      sourceIp: event.requestContext.http.sourceIp,
    });
    return textResult(401, "Unauthorized");
  }

  /** The items the queue can take, and the ones it never could. */
  function validated(normalised: readonly Item[]): { items: Item[]; rejected: RejectedItem[] } {
    const items: Item[] = [];
    const rejected: RejectedItem[] = [];
    for (const candidate of normalised) {
      const parsed = Item.safeParse(candidate);
      if (!parsed.success) {
        const issues = parsed.error.issues.map((issue) => ({ path: issue.path.join("."), code: issue.code }));
        rejected.push({ itemVersionKey: "unknown", reason: "schema", issues });
      } else if (!queue.accepts(parsed.data)) {
        rejected.push({ itemVersionKey: itemVersionKey(parsed.data), reason: "too_large" });
      } else items.push(parsed.data);
    }
    return { items, rejected };
  }

  /**
   * The platform's handshake, and a note that it was answered: one small write, after the answer is computed and
   * well within the three seconds X and LinkedIn allow. A failed note is logged and never fails the handshake.
   */
  async function handshake(event: APIGatewayProxyEventV2, secrets: S) {
    const result = route.handshake(event, secrets);
    if (result.statusCode === 200) {
      await deps.handshakes.answered(platform, clock.now()).catch((error: unknown) => {
        logger.warn("Handshake answered but not noted", { platform, error });
      });
    }
    return result;
  }

  async function receive(event: APIGatewayProxyEventV2, secrets: S) {
    const rawBody = Buffer.from(event.body ?? "", event.isBase64Encoded ? "base64" : "utf8");
    if (rawBody.length > webhookLimits.maxBodyBytes) {
      logger.warn("Webhook refused: body too large", { platform, bytes: rawBody.length });
      return textResult(413, "Payload Too Large");
    }
    const signedWith = route.verify(rawBody, event.headers, secrets);
    if (!signedWith) return unsigned(event);

    const parsed = parseWebhookBody(rawBody);
    if (!parsed.ok) {
      metrics.addMetric("DeliveriesRefused", MetricUnit.Count, 1);
      const why = parsed.reason === "not_json" ? "not JSON" : parsed.reason.replace("_", " ");
      logger.error(`Signed webhook refused: ${why}`, { platform, bytes: rawBody.length, signedWith });
      return textResult(parsed.status, parsed.status === 413 ? "Payload Too Large" : "Bad Request");
    }

    const normalised = route.normalise(parsed.body, { receivedAt: clock.now(), deployments });
    const { ignored } = normalised;
    const ignoredCount = total(ignored);
    if (ignoredCount > 0) {
      metrics.addMetric("EventsIgnored", MetricUnit.Count, ignoredCount);
      logger.info("Webhook events acknowledged without queueing", { platform, ignored });
    }
    const { items, rejected } = validated(normalised.items);
    const rejectedCount = total(normalised.rejected) + rejected.length;
    if (rejectedCount > 0) {
      metrics.addMetric("EventsRejected", MetricUnit.Count, rejectedCount);
      logger.warn("Webhook events rejected: acknowledged, but they can never be processed", {
        platform,
        signedWith,
        events: normalised.rejected,
        items: rejected,
      });
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
    // The function URL is public: an unsigned POST costs no body decoding, no secret read, no parsing.
    if (method === "POST" && !event.headers?.[route.signatureHeader]) return unsigned(event);
    const loaded = await loadSecrets();
    if (!loaded) {
      // Every delivery is being refused: worth an alarm, the platform gives up after its retries.
      metrics.addMetric("SecretUnavailable", MetricUnit.Count, 1);
      return textResult(503, "Service Unavailable");
    }
    return method === "GET" ? handshake(event, loaded) : receive(event, loaded);
  };
}

/** One ingress function for every platform: its function URL takes every path, `/webhooks/<platform>` picks the route. */
export function createIngressRouter(routes: Readonly<Record<string, IngressHandler>>): IngressHandler {
  return async (event) => {
    const path = event.requestContext.http.path ?? event.rawPath;
    const route = routes[path.replace(/\/+$/, "")];
    return route ? route(event) : textResult(404, "Not Found");
  };
}
