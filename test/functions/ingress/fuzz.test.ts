import { createHmac } from "node:crypto";
import { Logger } from "@aws-lambda-powertools/logger";
import { Metrics } from "@aws-lambda-powertools/metrics";
import { Item, type MetaSecrets } from "@sentinella/core";
import { normaliseMetaWebhook } from "@sentinella/webhooks";
import type { APIGatewayProxyEventV2 } from "aws-lambda";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { createIngressHandler } from "../../../functions/ingress/app";
import { InMemoryItemQueue } from "../../support/item-queue";
import { deployments } from "../../webhooks/fixtures";

const secrets: MetaSecrets = { appSecret: "fuzz-secret", verifyToken: "fuzz-token", pageTokens: {} };
const receivedAt = new Date("2026-01-01T10:00:00.000Z");

/** Strings a hostile or broken sender would try: built-in names, SQS-refused characters, huge and odd numbers. */
const nasty = fc.oneof(
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
const metaBody = fc.oneof(
  {
    arbitrary: fc.record({
      object: mostly(fc.constantFrom("page", "instagram")),
      entry: fc.array(entry, { maxLength: 3 }),
    }),
    weight: 9,
  },
  nasty,
);

function post(body: Buffer, signature: string | undefined): APIGatewayProxyEventV2 {
  return {
    requestContext: { http: { method: "POST", path: "/webhooks/meta", sourceIp: "173.252.127.1" } },
    headers: signature === undefined ? {} : { "x-hub-signature-256": signature },
    body: body.toString("base64"),
    isBase64Encoded: true,
  } as unknown as APIGatewayProxyEventV2;
}

const sign = (body: Buffer) => `sha256=${createHmac("sha256", secrets.appSecret).update(body).digest("hex")}`;

function ingress() {
  const queue = new InMemoryItemQueue();
  const logger = new Logger({ serviceName: "fuzz", logLevel: "SILENT" });
  const metrics = new Metrics({ namespace: "Fuzz", serviceName: "fuzz" });
  const handle = createIngressHandler({
    secrets: async () => secrets,
    deployments,
    queue,
    clock: { now: () => receivedAt },
    logger,
    metrics,
  });
  return { handle, queue };
}

const runs = { numRuns: 400 };

describe("Meta normalisation on any input", () => {
  it("never throws, and every item it makes satisfies the Item schema", () => {
    fc.assert(
      fc.property(metaBody, (body) => {
        const { items } = normaliseMetaWebhook(body, { receivedAt, deployments });
        for (const item of items) expect(Item.safeParse(item).success, JSON.stringify(item)).toBe(true);
      }),
      runs,
    );
  });
});

describe("the Meta route on any body", () => {
  it("signed: never a 5xx, and every queued message parses back to a valid Item", async () => {
    await fc.assert(
      fc.asyncProperty(metaBody, async (body) => {
        const { handle, queue } = ingress();
        const bytes = Buffer.from(JSON.stringify(body) ?? "null");
        const response = await handle(post(bytes, sign(bytes)));
        expect([200, 400]).toContain(response.statusCode);
        for (const item of queue.items()) expect(Item.safeParse(item).success).toBe(true);
      }),
      runs,
    );
  });

  it("signed raw bytes (not always JSON): a 200 or a clear 4xx, never a 5xx", async () => {
    await fc.assert(
      fc.asyncProperty(fc.uint8Array({ maxLength: 2000 }), async (raw) => {
        const { handle } = ingress();
        const bytes = Buffer.from(raw);
        const response = await handle(post(bytes, sign(bytes)));
        expect(response.statusCode).toBeGreaterThanOrEqual(200);
        expect(response.statusCode).toBeLessThan(500);
      }),
      runs,
    );
  });

  it("unsigned or wrongly signed: always 401, nothing queued", async () => {
    const signature = fc.option(
      fc.oneof(
        fc.string(),
        fc
          .string({ unit: fc.constantFrom(..."0123456789abcdef"), minLength: 64, maxLength: 64 })
          .map((hex) => `sha256=${hex}`),
      ),
      { nil: undefined },
    );
    await fc.assert(
      fc.asyncProperty(metaBody, signature, async (body, header) => {
        const { handle, queue } = ingress();
        const response = await handle(post(Buffer.from(JSON.stringify(body) ?? "null"), header));
        expect(response.statusCode).toBe(401);
        expect(queue.messages).toEqual([]);
      }),
      runs,
    );
  });
});
