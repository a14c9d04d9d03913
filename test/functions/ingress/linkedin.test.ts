import { createHmac } from "node:crypto";
import type { LinkedInSecrets } from "@sentinella/core";
import { type LocalSqs, startSqs } from "@sentinella/local";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createLinkedInIngressHandler } from "../../../functions/ingress/linkedin";
import { fixtureBytes } from "../../webhooks/fixtures";
import { ingressOnQueue, webhookRequest } from "./harness";

const secrets: LinkedInSecrets = { clientSecret: "test-client-secret", tokens: {} };
const hmac = (bytes: Buffer, prefix = "hmacsha256=", secret = secrets.clientSecret) =>
  createHmac("sha256", secret).update(prefix).update(bytes).digest("hex");

const request = (method: string, options?: Parameters<typeof webhookRequest>[2]) =>
  webhookRequest("/webhooks/linkedin", method, options);
const signed = (body: Buffer, signature = hmac(body)) =>
  request("POST", { body, headers: { "x-li-signature": signature } });

describe("LinkedIn ingress route against an SQS server", () => {
  let sqs: LocalSqs;
  beforeAll(async () => {
    sqs = await startSqs();
  });
  afterAll(() => sqs?.stop());

  const ingress = (
    loadSecrets: () => Promise<LinkedInSecrets | undefined> = async () => secrets,
    acceptBodyOnlySignature = false,
  ) =>
    ingressOnQueue(sqs, (deps) =>
      createLinkedInIngressHandler({ ...deps, secrets: loadSecrets, acceptBodyOnlySignature }),
    );

  it("answers the validation challenge with the reference vector, as JSON, and notes when", async () => {
    const { handle, handshakes } = await ingress();
    const challengeCode = "890e4665-4dfe-4ab1-b689-ed553bceeed0";
    const response = await handle(request("GET", { query: { challengeCode } }));
    expect(response.statusCode).toBe(200);
    expect(response.headers?.["content-type"]).toBe("application/json");
    expect(JSON.parse(response.body ?? "")).toEqual({
      challengeCode,
      challengeResponse: "05f7c3a9fc0fd9476f5fa3a0f318d460b83aba7b241196a57cc44868a392fc57",
    });
    expect(await handshakes.lastAnswered("linkedin")).toBe("2026-03-02T10:00:00.000Z");
  });

  it("answers 400 to a GET without challengeCode", async () => {
    const { handle } = await ingress();
    expect((await handle(request("GET"))).statusCode).toBe(400);
  });

  it("queues a signed delivery's comment, and logs which signature form matched", async () => {
    const { handle, queued, info } = await ingress();
    const body = fixtureBytes("linkedin-comment.json");
    expect((await handle(signed(body, `hmacsha256=${hmac(body)}`))).statusCode).toBe(200);
    expect((await queued()).map((item) => [item.platform, item.accountId, item.itemId])).toEqual([
      ["linkedin", "12345", "urn:li:comment:(urn:li:activity:29292929292992929292,12345)"],
    ]);
    expect(info).toHaveBeenCalledWith("Webhook items queued", expect.objectContaining({ signedWith: "prefixed" }));
  });

  it("takes the body-only form only when the deployment enables it", async () => {
    const body = fixtureBytes("linkedin-comment.json");
    const strict = await ingress();
    expect((await strict.handle(signed(body, hmac(body, "")))).statusCode).toBe(401);
    expect(await strict.queued()).toEqual([]);
    const lenient = await ingress(async () => secrets, true);
    expect((await lenient.handle(signed(body, hmac(body, "")))).statusCode).toBe(200);
    expect(lenient.info).toHaveBeenCalledWith("Webhook items queued", expect.objectContaining({ signedWith: "body" }));
    expect(await lenient.queued()).toHaveLength(1);
  });

  it("answers 401 to a delivery signed with another secret and queues nothing", async () => {
    const { handle, queued, warn } = await ingress();
    const body = fixtureBytes("linkedin-comment.json");
    expect((await handle(signed(body, hmac(body, "hmacsha256=", "another secret")))).statusCode).toBe(401);
    expect(warn).toHaveBeenCalledWith(expect.stringContaining("signature"), expect.anything());
    expect(await queued()).toEqual([]);
  });

  it("fails closed with 503 on both methods when the LinkedIn secret is missing or unreadable", async () => {
    for (const loadSecrets of [async () => undefined, () => Promise.reject(new Error("AccessDenied"))]) {
      const { handle, queued } = await ingress(loadSecrets);
      const body = fixtureBytes("linkedin-comment.json");
      expect((await handle(signed(body))).statusCode).toBe(503);
      expect((await handle(request("GET", { query: { challengeCode: "c" } }))).statusCode).toBe(503);
      expect(await queued()).toEqual([]);
    }
  });
});
