import { createHmac } from "node:crypto";
import { Logger } from "@aws-lambda-powertools/logger";
import { Metrics } from "@aws-lambda-powertools/metrics";
import { ReceiveMessageCommand } from "@aws-sdk/client-sqs";
import { createQueue, itemQueue, SqsItemQueue, sqsClient } from "@sentinella/aws";
import { Item, type MetaSecrets } from "@sentinella/core";
import { type LocalSqs, metaWebhook, startSqs } from "@sentinella/local";
import { inMemoryHandshakeLog } from "@sentinella/platforms";
import { webhookLimits } from "@sentinella/webhooks";
import type { APIGatewayProxyEventV2 } from "aws-lambda";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { createIngressHandler, type IngressDeps } from "../../../functions/ingress/app";
import { deployments, fixtureBytes } from "../../webhooks/fixtures";

const secrets: MetaSecrets = {
  appSecret: "test-app-secret",
  verifyToken: "token-di-verifica",
  instagramAppSecret: "instagram-app-secret",
  pageTokens: {},
};
const now = new Date("2026-01-01T10:00:00.000Z");
const sign = (body: Buffer, secret = secrets.appSecret) =>
  `sha256=${createHmac("sha256", secret).update(body).digest("hex")}`;

function request(
  method: string,
  options: { body?: Buffer; headers?: Record<string, string>; query?: Record<string, string>; base64?: boolean } = {},
): APIGatewayProxyEventV2 {
  const { body, headers = {}, query, base64 = false } = options;
  return {
    version: "2.0",
    routeKey: `${method} /webhooks/meta`,
    rawPath: "/webhooks/meta",
    rawQueryString: new URLSearchParams(query).toString(),
    queryStringParameters: query,
    headers: { "content-type": "application/json", ...headers },
    requestContext: { http: { method, path: "/webhooks/meta", sourceIp: "173.252.127.1" } },
    body: body?.toString(base64 ? "base64" : "utf8"),
    isBase64Encoded: base64,
  } as unknown as APIGatewayProxyEventV2;
}

const signedPost = (body: Buffer, secret?: string) =>
  request("POST", { body, headers: { "x-hub-signature-256": sign(body, secret) } });

describe("ingress handler against an SQS server", () => {
  let sqs: LocalSqs;
  let queues = 0;
  beforeAll(async () => {
    sqs = await startSqs();
  });
  afterAll(async () => {
    await sqs?.stop();
  });

  /** A handler writing to a fresh queue, with its logger and metrics watched. */
  async function ingress(overrides: Partial<IngressDeps> = {}, endpoint = sqs.endpoint) {
    const client = sqsClient(endpoint);
    const { queueUrl } = await createQueue(client, itemQueue, `ingress-${++queues}`);
    const logger = new Logger({ serviceName: "ingress-test", logLevel: "SILENT" });
    const metrics = new Metrics({ namespace: "SentinellaTest", serviceName: "ingress-test" });
    const handshakes = inMemoryHandshakeLog();
    const deps: IngressDeps = {
      secrets: async () => secrets,
      deployments,
      queue: new SqsItemQueue(client, queueUrl),
      clock: { now: () => now },
      logger,
      metrics,
      handshakes,
      ...overrides,
    };
    const queued = async (): Promise<Item[]> => {
      const items: Item[] = [];
      for (;;) {
        const { Messages = [] } = await client.send(
          new ReceiveMessageCommand({ QueueUrl: queueUrl, MaxNumberOfMessages: 10, WaitTimeSeconds: 0 }),
        );
        if (Messages.length === 0) return items;
        items.push(...Messages.map((m) => Item.parse(JSON.parse(m.Body ?? ""))));
      }
    };
    const logged = () =>
      JSON.stringify(
        (["debug", "info", "warn", "error"] as const).flatMap((level) => vi.mocked(logger[level]).mock.calls),
        (_, value) => (value instanceof Error ? value.message : value),
      );
    return {
      handle: createIngressHandler(deps),
      queued,
      handshakes,
      warn: vi.spyOn(logger, "warn"),
      error: vi.spyOn(logger, "error"),
      info: vi.spyOn(logger, "info"),
      debug: vi.spyOn(logger, "debug"),
      metric: vi.spyOn(metrics, "addMetric"),
      logged,
    };
  }

  /** A Facebook comment on the fixtures' Page, sent at 2026-01-01T00:00Z, with its value fields overridden. */
  const comment = (value: Record<string, unknown>) => {
    const body = metaWebhook({
      ...{ platform: "facebook", kind: "comment", accountId: "111", id: "222_1", postId: "111_222" },
      ...{ author: { id: "999", name: "Autore" }, text: "ok", createdAt: new Date("2026-01-01T00:00:00Z") },
    }) as { entry: { changes: { value: object }[] }[] };
    Object.assign(body.entry[0]?.changes[0]?.value ?? {}, value);
    return Buffer.from(JSON.stringify(body));
  };

  it("queues one message per item of a signed batch and answers 200; unused events are counted", async () => {
    const { handle, queued, metric } = await ingress();
    const response = await handle(signedPost(fixtureBytes("fb-feed-batch.json")));
    expect(response.statusCode).toBe(200);
    const items = await queued();
    expect(items.map((i) => [i.itemId, i.byStaff]).sort()).toEqual([
      ["139560936755999_140077593359990", false],
      ["139560936755999_140077616693321", true],
      ["139560936755999_140077616699999", false],
    ]);
    expect(items.every((i) => i.receivedAt === now.toISOString() && i.entityId === "comune-esempio")).toBe(true);
    expect(metric).toHaveBeenCalledWith("EventsIgnored", "Count", 3);
    expect(metric).toHaveBeenCalledWith("ItemsQueued", "Count", 3);
  });

  it("verifies a base64-encoded body on its decoded bytes and keeps the accents", async () => {
    const { handle, queued } = await ingress();
    const body = fixtureBytes("fb-comment-accented.body");
    const event = request("POST", { body, base64: true, headers: { "x-hub-signature-256": sign(body) } });
    expect((await handle(event)).statusCode).toBe(200);
    const [item] = await queued();
    expect(item?.text).toBe("Quando apre l'ufficio anagrafe? è urgente");
  });

  it("accepts a delivery signed with the Instagram app secret", async () => {
    const { handle, queued } = await ingress();
    const response = await handle(signedPost(fixtureBytes("ig-comments.json"), secrets.instagramAppSecret));
    expect(response.statusCode).toBe(200);
    expect(await queued()).toHaveLength(3);
  });

  it.each([
    ["a signature of other bytes", () => ({ "x-hub-signature-256": sign(Buffer.from("something else")) })],
    ["a signature made with another secret", (body: Buffer) => ({ "x-hub-signature-256": sign(body, "x") })],
    ["an empty signature", () => ({ "x-hub-signature-256": "" })],
    ["no signature", () => ({})],
  ])("answers 401 to %s, logs it and queues nothing", async (_, headersFor) => {
    const { handle, queued, warn } = await ingress();
    const body = fixtureBytes("fb-feed-batch.json");
    expect((await handle(request("POST", { body, headers: headersFor(body) }))).statusCode).toBe(401);
    expect(warn).toHaveBeenCalledWith(expect.stringContaining("signature"), expect.anything());
    expect(await queued()).toEqual([]);
  });

  it("refuses an unsigned delivery on the public URL before reading the secrets or the body", async () => {
    const loadSecrets = vi.fn(async () => secrets);
    const { handle, queued, metric } = await ingress({ secrets: loadSecrets });
    expect((await handle(request("POST", { body: Buffer.from("{") }))).statusCode).toBe(401);
    expect(loadSecrets).not.toHaveBeenCalled();
    expect(metric).toHaveBeenCalledWith("SignatureRejected", "Count", 1);
    expect(await queued()).toEqual([]);
  });

  it("answers 400 to a signed body that is not JSON, and logs it", async () => {
    const { handle, error, queued } = await ingress();
    const response = await handle(signedPost(Buffer.from('{"object":"page","entry":[')));
    expect(response.statusCode).toBe(400);
    expect(error).toHaveBeenCalledWith(expect.stringContaining("not JSON"), expect.anything());
    expect(await queued()).toEqual([]);
  });

  it("acknowledges a delivery for an account no deployment runs, queueing nothing", async () => {
    const { handle, queued, metric } = await ingress({ deployments: [] });
    expect((await handle(signedPost(fixtureBytes("messenger.json")))).statusCode).toBe(200);
    expect(await queued()).toEqual([]);
    expect(metric).toHaveBeenCalledWith("EventsIgnored", "Count", 3);
  });

  it.each([
    ["not configured", async () => undefined],
    ["unreadable", async () => Promise.reject(new Error("AccessDeniedException"))],
  ])("fails closed with 503 when the secret is %s", async (_, loadSecrets) => {
    const { handle, queued, error, metric } = await ingress({ secrets: loadSecrets });
    expect((await handle(signedPost(fixtureBytes("fb-feed-batch.json")))).statusCode).toBe(503);
    const verification = { "hub.mode": "subscribe", "hub.challenge": "42", "hub.verify_token": "" };
    expect((await handle(request("GET", { query: verification }))).statusCode).toBe(503);
    expect(error).toHaveBeenCalled();
    expect(metric).toHaveBeenCalledWith("SecretUnavailable", "Count", 1);
    expect(await queued()).toEqual([]);
  });

  it("answers Meta's verification request with the challenge as plain text, and notes when", async () => {
    const { handle, handshakes } = await ingress();
    const query = { "hub.mode": "subscribe", "hub.challenge": "1158201444", "hub.verify_token": secrets.verifyToken };
    const response = await handle(request("GET", { query }));
    expect(response).toMatchObject({ statusCode: 200, body: "1158201444" });
    expect(response.headers?.["content-type"]).toMatch(/^text\/plain/);
    expect(await handshakes.lastAnswered("meta")).toBe(now.toISOString());
  });

  it("answers the verification even when noting it fails", async () => {
    const failing = {
      ...inMemoryHandshakeLog(),
      answered: () => Promise.reject(new Error("ProvisionedThroughputExceeded")),
    };
    const { handle, warn } = await ingress({ handshakes: failing });
    const query = { "hub.mode": "subscribe", "hub.challenge": "7", "hub.verify_token": secrets.verifyToken };
    expect(await handle(request("GET", { query }))).toMatchObject({ statusCode: 200, body: "7" });
    expect(warn).toHaveBeenCalledWith("Handshake answered but not noted", expect.anything());
  });

  it("refuses verification with a wrong token or without a query, and notes no handshake", async () => {
    const { handle, handshakes } = await ingress();
    const query = { "hub.mode": "subscribe", "hub.challenge": "1158201444", "hub.verify_token": "indovinato?" };
    expect((await handle(request("GET", { query }))).statusCode).toBe(403);
    expect((await handle(request("GET"))).statusCode).toBe(403);
    expect(await handshakes.lastAnswered("meta")).toBeUndefined();
  });

  it("refuses other methods", async () => {
    const { handle } = await ingress();
    expect((await handle(request("PUT"))).statusCode).toBe(405);
  });

  it("answers 413 to a body above the limit before checking its signature", async () => {
    const { handle, queued, warn } = await ingress();
    const body = Buffer.alloc(webhookLimits.maxBodyBytes + 1, " ");
    expect((await handle(signedPost(body))).statusCode).toBe(413);
    expect(warn).toHaveBeenCalledWith(expect.stringContaining("too large"), expect.anything());
    expect(await queued()).toEqual([]);
  });

  it("answers 400 to a signed body nested deeper than any payload, without overflowing the stack", async () => {
    const { handle, error, queued } = await ingress();
    const deep = Buffer.from(
      comment({ extra: "__DEEP__" })
        .toString()
        .replace('"__DEEP__"', `${"[".repeat(6000)}${"]".repeat(6000)}`),
    );
    expect((await handle(signedPost(deep))).statusCode).toBe(400);
    expect(error).toHaveBeenCalledWith(expect.stringContaining("too deep"), expect.anything());
    expect(await queued()).toEqual([]);
  });

  it("queues characters SQS refuses (U+FFFE, U+FFFF, a lone surrogate) as escapes, getting the same text back", async () => {
    const { handle, queued } = await ingress();
    const text = "prova \\ufffe \\uffff \\ud800 fine";
    const body = Buffer.from(comment({ message: "__TEXT__" }).toString().replace("__TEXT__", text));
    expect((await handle(signedPost(body))).statusCode).toBe(200);
    const [item] = await queued();
    expect(item?.text).toBe(JSON.parse(`"${text}"`));
  });

  it("queues the text of a long comment once, not again inside the raw fragment", async () => {
    const { handle, queued } = await ingress();
    const message = "Lungo commento sulla viabilità. ".repeat(5000); // 160,000 characters
    expect((await handle(signedPost(comment({ message })))).statusCode).toBe(200);
    const [item] = await queued();
    expect(item?.text).toBe(message);
  });

  it("acknowledges a comment too large for the queue and records it as rejected, queueing the rest", async () => {
    const { handle, queued, warn, metric } = await ingress();
    const huge = JSON.parse(comment({ message: "x".repeat(600_000) }).toString());
    huge.entry[0].changes.push({ field: "feed", value: { ...huge.entry[0].changes[0].value, comment_id: "222_2" } });
    huge.entry[0].changes[1].value.message = "un commento normale";
    expect((await handle(signedPost(Buffer.from(JSON.stringify(huge))))).statusCode).toBe(200);
    expect((await queued()).map((item) => item.itemId)).toEqual(["222_2"]);
    expect(metric).toHaveBeenCalledWith("EventsRejected", "Count", 1);
    expect(warn).toHaveBeenCalledWith(
      expect.stringContaining("rejected"),
      expect.objectContaining({ items: [{ itemVersionKey: "facebook#111#222_1#created#0", reason: "too_large" }] }),
    );
  });

  it.each([
    ["a verb named after a built-in", { verb: "__proto__" }, "EventsIgnored"],
    ["a verb named constructor", { verb: "constructor" }, "EventsIgnored"],
    ["a comment without id", { comment_id: undefined }, "EventsRejected"],
  ])("acknowledges %s, queues nothing and counts it", async (_, value, counted) => {
    const { handle, queued, metric } = await ingress();
    expect((await handle(signedPost(comment(value)))).statusCode).toBe(200);
    expect(await queued()).toEqual([]);
    expect(metric).toHaveBeenCalledWith(counted, "Count", 1);
  });

  it("queues a comment with a timestamp out of range at the notification's time", async () => {
    const { handle, queued } = await ingress();
    expect((await handle(signedPost(comment({ created_time: 253402300800 })))).statusCode).toBe(200);
    expect((await queued())[0]?.createdAt).toBe("2026-01-01T00:00:00.000Z");
  });

  it("never writes a byte of the body to a log, whatever it refuses", async () => {
    const { handle, logged } = await ingress();
    const secretText = "Mario Rossi via Garibaldi 12 telefono 3331234567";
    const bodies = [
      Buffer.from(`${secretText} is not JSON`),
      Buffer.from(`[${"[".repeat(100)}"${secretText}"${"]".repeat(100)}]`),
      comment({ message: secretText.repeat(20_000) }),
      comment({ message: secretText, verb: secretText }),
      Buffer.from(JSON.stringify({ object: secretText, entry: [{}] })),
    ];
    for (const body of bodies) await handle(signedPost(body));
    await handle(request("POST", { body: bodies[0], headers: { "x-hub-signature-256": "sha256=00" } }));
    expect(logged()).not.toContain("Mario");
    expect(logged()).not.toContain("3331234567");
  });

  it("answers 5xx when the queue server is down, so Meta redelivers", async () => {
    const down = await startSqs();
    const { handle, error } = await ingress({}, down.endpoint);
    await down.stop();
    const response = await handle(signedPost(fixtureBytes("ig-comments.json")));
    expect(response.statusCode).toBeGreaterThanOrEqual(500);
    expect(error).toHaveBeenCalledWith(expect.stringContaining("not queued"), expect.anything());
  });
});
