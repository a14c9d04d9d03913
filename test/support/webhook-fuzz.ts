import { createHmac } from "node:crypto";
import { Logger } from "@aws-lambda-powertools/logger";
import { Metrics } from "@aws-lambda-powertools/metrics";
import { Item, type LinkedInSecrets, type MetaSecrets, type XSecrets } from "@sentinella/core";
import { inMemoryHandshakeLog } from "@sentinella/platforms";
import type { APIGatewayProxyEventV2 } from "aws-lambda";
import fc from "fast-check";
import { createIngressHandler } from "../../functions/ingress/app";
import { createLinkedInIngressHandler } from "../../functions/ingress/linkedin";
import type { IngressHandler, WebhookRouteDeps } from "../../functions/ingress/webhook-route";
import { createXIngressHandler } from "../../functions/ingress/x";
import { deployments, fixture } from "../webhooks/fixtures";
import { InMemoryItemQueue } from "./item-queue";

/**
 * Fuzzing every webhook route, shared by the property tests (`test/functions/ingress/fuzz.test.ts`, bounded runs)
 * and the probe that prints figures over many more bodies (`npm run probe:ingress`).
 */

const receivedAt = new Date("2026-01-01T10:00:00.000Z");

/** Strings a hostile or broken sender would try: built-in names, SQS-refused characters, huge and odd numbers. */
export const nasty = fc.oneof(
  fc.string(),
  fc.string({ unit: "binary" }),
  fc.constantFrom("__proto__", "constructor", "toString", "hasOwnProperty", "", "\ufffe", "\uffff", "\ud800", "\u0000"),
  fc.constantFrom(253402300800, -1e11, 8.64e15, Number.MAX_SAFE_INTEGER, 1e21, -0, 0.5),
  fc.integer(),
  fc.double(),
  fc.boolean(),
  fc.constant(null),
  fc.jsonValue({ maxDepth: 3 }),
);
/** Mostly a plausible value, sometimes anything: so most bodies reach deep into the normaliser before one field fails. */
const mostly = <T>(valid: fc.Arbitrary<T>) =>
  fc.oneof({ arbitrary: valid, weight: 4 }, { arbitrary: nasty, weight: 1 });
const text = mostly(fc.oneof(fc.string(), fc.string({ unit: "binary" }), fc.constantFrom("\ufffe\uffff", "a\ud800b")));
const time = fc.oneof(
  fc.integer({ min: 1_000_000_000, max: 1_800_000_000 }),
  fc.constantFrom(253402300800, -1e11, 8.64e15, 1e21, "253402300800", "-5", "2026-13-45T99:99:99Z", "+275760-09-13"),
  fc.double(),
  fc.string(),
);
const id = mostly(
  fc.oneof(fc.constantFrom("111", "137542570280222", "17841405309211844"), fc.string({ minLength: 1 })),
);
const accountId = mostly(fc.constantFrom("111", "137542570280222", "17841405309211844"));

const feedValue = fc.record({
  item: mostly(fc.constant("comment")),
  verb: fc.oneof(
    fc.constantFrom("add", "edited", "edit", "remove", "delete"),
    fc.constantFrom("__proto__", "constructor", "toString", "valueOf"),
    nasty,
  ),
  comment_id: id,
  post_id: id,
  parent_id: fc.option(id, { nil: undefined }),
  from: mostly(fc.record({ id, name: text }, { requiredKeys: [] })),
  message: text,
  created_time: fc.option(time, { nil: undefined }),
  edited_time: fc.option(time, { nil: undefined }),
  photo: fc.option(text, { nil: undefined }),
});
const igValue = fc.record(
  {
    id,
    comment_id: id,
    parent_id: id,
    text,
    from: mostly(fc.record({ id, username: text })),
    media: nasty,
    media_id: id,
  },
  { requiredKeys: [] },
);
const change = fc.oneof(
  { arbitrary: fc.record({ field: fc.constant("feed"), value: feedValue }), weight: 4 },
  {
    arbitrary: fc.record({ field: fc.constantFrom("comments", "live_comments", "mentions"), value: igValue }),
    weight: 3,
  },
  fc.record({ field: nasty, value: nasty }),
  nasty,
);
const messaging = fc.record(
  {
    sender: mostly(fc.record({ id })),
    recipient: mostly(fc.record({ id: accountId })),
    timestamp: time,
    message: mostly(
      fc.record(
        { mid: id, text, is_echo: mostly(fc.boolean()), is_deleted: mostly(fc.boolean()), attachments: nasty },
        { requiredKeys: ["mid"] },
      ),
    ),
  },
  { requiredKeys: ["sender", "recipient"] },
);
const entry = fc.record(
  {
    id: accountId,
    time,
    changes: mostly(fc.array(change, { maxLength: 4 })),
    messaging: fc.option(fc.array(messaging, { maxLength: 3 }), { nil: undefined }),
    field: fc.option(mostly(fc.constant("comments")), { nil: undefined }),
    value: igValue,
    standby: fc.option(nasty, { nil: undefined }),
  },
  { requiredKeys: ["id", "time"] },
);
export const metaBody = fc.oneof(
  {
    arbitrary: fc.record({
      object: mostly(fc.constantFrom("page", "instagram")),
      entry: fc.array(entry, { maxLength: 3 }),
    }),
    weight: 9,
  },
  nasty,
);

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/** Every path to a value inside a JSON document, the root excluded. */
function pathsOf(json: Json, prefix: (string | number)[] = []): (string | number)[][] {
  if (json === null || typeof json !== "object") return [];
  const entries: [string | number, Json][] = Array.isArray(json) ? json.map((v, i) => [i, v]) : Object.entries(json);
  return entries.flatMap(([key, value]) => [[...prefix, key], ...pathsOf(value, [...prefix, key])]);
}

/**
 * A real delivery (a fixture) with a few of its values replaced by what a broken or hostile sender would put there,
 * or removed: the parser meets plausible bodies that fail one field deep inside.
 */
function mutated(name: string): fc.Arbitrary<unknown> {
  const original = fixture(name) as Json;
  const paths = pathsOf(original);
  const change = fc.record({ path: fc.constantFrom(...paths), value: fc.option(nasty, { nil: undefined }) });
  return fc.array(change, { minLength: 1, maxLength: 4 }).map((changes) => {
    const body = structuredClone(original);
    for (const { path, value } of changes) {
      let parent = body as Record<string | number, unknown> | undefined;
      for (const key of path.slice(0, -1)) parent = parent?.[key] as Record<string | number, unknown> | undefined;
      if (parent === null || typeof parent !== "object") continue;
      const last = path.at(-1) as string | number;
      if (value === undefined) delete parent[last];
      else parent[last] = value;
    }
    return body;
  });
}

const metaSecrets: MetaSecrets = { appSecret: "fuzz-secret", verifyToken: "fuzz-token", pageTokens: {} };
const xSecrets: XSecrets = { consumerSecret: "fuzz-x-secret", tokens: {} };
const linkedInSecrets: LinkedInSecrets = { clientSecret: "fuzz-linkedin-secret", tokens: {} };
const hmac = (secret: string, ...parts: (string | Buffer)[]) =>
  parts.reduce((h, part) => h.update(part), createHmac("sha256", secret));

/** One platform's webhook route as the fuzz drives it: what its bodies look like and how the platform signs. */
export interface FuzzedRoute {
  platform: "meta" | "x" | "linkedin";
  path: string;
  bodies: fc.Arbitrary<unknown>;
  signatureHeader: string;
  sign(body: Buffer): string;
  build(deps: WebhookRouteDeps): IngressHandler;
}

export const fuzzedRoutes: FuzzedRoute[] = [
  {
    platform: "meta",
    path: "/webhooks/meta",
    bodies: metaBody,
    signatureHeader: "x-hub-signature-256",
    sign: (body) => `sha256=${hmac(metaSecrets.appSecret, body).digest("hex")}`,
    build: (deps) => createIngressHandler({ ...deps, secrets: async () => metaSecrets }),
  },
  {
    platform: "x",
    path: "/webhooks/x",
    bodies: fc.oneof(mutated("x-tweet-reply.json"), mutated("x-direct-message.json"), nasty),
    signatureHeader: "x-twitter-webhooks-signature",
    sign: (body) => `sha256=${hmac(xSecrets.consumerSecret, body).digest("base64")}`,
    build: (deps) => createXIngressHandler({ ...deps, secrets: async () => xSecrets }),
  },
  {
    platform: "linkedin",
    path: "/webhooks/linkedin",
    bodies: fc.oneof({ arbitrary: mutated("linkedin-comment.json"), weight: 4 }, nasty),
    signatureHeader: "x-li-signature",
    sign: (body) => hmac(linkedInSecrets.clientSecret, "hmacsha256=", body).digest("hex"),
    build: (deps) =>
      createLinkedInIngressHandler({ ...deps, secrets: async () => linkedInSecrets, acceptBodyOnlySignature: false }),
  },
];

/** What one request did: the answer, the messages queued, those that are no valid Item, and the metrics counted. */
export interface FuzzOutcome {
  status: number;
  queued: number;
  invalidQueued: number;
  metrics: Map<string, number>;
}

/** Sends one body (signed, or with `signature` as given) to a fresh route on an in-memory queue. */
export async function deliver(route: FuzzedRoute, bytes: Buffer, signature?: string | null): Promise<FuzzOutcome> {
  const queue = new InMemoryItemQueue();
  const metrics = new Metrics({ namespace: "Fuzz", serviceName: "fuzz" });
  const counted = new Map<string, number>();
  metrics.addMetric = (name, _unit, value) => {
    counted.set(name, (counted.get(name) ?? 0) + value);
    return metrics;
  };
  const handle = route.build({
    queue,
    deployments,
    clock: { now: () => receivedAt },
    logger: new Logger({ serviceName: "fuzz", logLevel: "SILENT" }),
    metrics,
    handshakes: inMemoryHandshakeLog(),
  });
  const header = signature === undefined ? route.sign(bytes) : signature;
  const response = await handle({
    requestContext: { http: { method: "POST", path: route.path, sourceIp: "173.252.127.1" } },
    rawPath: route.path,
    headers: header === null ? {} : { [route.signatureHeader]: header },
    body: bytes.toString("base64"),
    isBase64Encoded: true,
  } as unknown as APIGatewayProxyEventV2);
  const items = queue.messages.map((body) => Item.safeParse(JSON.parse(body)).success);
  return {
    status: response.statusCode ?? 200,
    queued: items.length,
    invalidQueued: items.filter((valid) => !valid).length,
    metrics: counted,
  };
}
