import { createHmac } from "node:crypto";
import type { XSecrets } from "@sentinella/core";
import { type LocalSqs, startSqs } from "@sentinella/local";
import type { APIGatewayProxyEventV2 } from "aws-lambda";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createIngressRouter, textResult } from "../../../functions/ingress/webhook-route";
import { createXIngressHandler } from "../../../functions/ingress/x";
import { fixtureBytes } from "../../webhooks/fixtures";
import { ingressOnQueue, webhookRequest } from "./harness";

const secrets: XSecrets = { consumerSecret: "z3ZX4v7mAAUGykl3EcmkqbartmuW8VFOOzCloLx9Q45P0hLrFu", tokens: {} };
const sign = (body: Buffer, secret = secrets.consumerSecret) =>
  `sha256=${createHmac("sha256", secret).update(body).digest("base64")}`;

const request = (method: string, options?: Parameters<typeof webhookRequest>[2]) =>
  webhookRequest("/webhooks/x", method, options);

describe("X ingress route against an SQS server", () => {
  let sqs: LocalSqs;
  beforeAll(async () => {
    sqs = await startSqs();
  });
  afterAll(() => sqs?.stop());

  const ingress = (loadSecrets: () => Promise<XSecrets | undefined> = async () => secrets) =>
    ingressOnQueue(sqs, (deps) => createXIngressHandler({ ...deps, secrets: loadSecrets }));

  it("answers the CRC with the reference vector's response token, as JSON, and notes when", async () => {
    const { handle, handshakes } = await ingress();
    const response = await handle(request("GET", { query: { crc_token: "9b4507b3-9040-4669-9ca3-6b94edb50553" } }));
    expect(response.statusCode).toBe(200);
    expect(response.headers?.["content-type"]).toBe("application/json");
    expect(JSON.parse(response.body ?? "")).toEqual({
      response_token: "sha256=Cytd4Sq+NvEcV3MMrXxWJGJx5A+y/lXzzU2Maartkx8=",
    });
    expect(await handshakes.lastAnswered("x")).toBe("2026-03-02T10:00:00.000Z");
  });

  it("answers 400 to a GET without crc_token, which is no handshake", async () => {
    const { handle, handshakes } = await ingress();
    expect((await handle(request("GET"))).statusCode).toBe(400);
    expect(await handshakes.lastAnswered("x")).toBeUndefined();
  });

  it("queues a signed delivery's tweet and answers 200", async () => {
    const { handle, queued } = await ingress();
    const body = fixtureBytes("x-tweet-reply.json");
    const response = await handle(request("POST", { body, headers: { "x-twitter-webhooks-signature": sign(body) } }));
    expect(response.statusCode).toBe(200);
    expect((await queued()).map((item) => [item.platform, item.itemId])).toEqual([["x", "1207623566339919872"]]);
  });

  it("answers 401 to a delivery signed with another secret and queues nothing", async () => {
    const { handle, queued, warn } = await ingress();
    const body = fixtureBytes("x-tweet-reply.json");
    const headers = { "x-twitter-webhooks-signature": sign(body, "another secret") };
    expect((await handle(request("POST", { body, headers }))).statusCode).toBe(401);
    expect(warn).toHaveBeenCalledWith(expect.stringContaining("signature"), expect.anything());
    expect(await queued()).toEqual([]);
  });

  it("fails closed with 503 on both methods when the X secret is missing or unreadable", async () => {
    for (const loadSecrets of [async () => undefined, () => Promise.reject(new Error("AccessDenied"))]) {
      const { handle, queued } = await ingress(loadSecrets);
      const body = fixtureBytes("x-tweet-reply.json");
      const post = request("POST", { body, headers: { "x-twitter-webhooks-signature": sign(body) } });
      expect((await handle(post)).statusCode).toBe(503);
      expect((await handle(request("GET", { query: { crc_token: "t" } }))).statusCode).toBe(503);
      expect(await queued()).toEqual([]);
    }
  });

  it("is reached by its path through the ingress router; an unknown path is 404", async () => {
    const { handle } = await ingress();
    const router = createIngressRouter({ "/webhooks/x": handle, "/webhooks/meta": async () => textResult(418, "") });
    const crc = request("GET", { query: { crc_token: "t" } });
    expect((await router(crc)).statusCode).toBe(200);
    const elsewhere = { ...crc, requestContext: { http: { method: "GET", path: "/webhooks/mastodon" } } };
    expect((await router(elsewhere as unknown as APIGatewayProxyEventV2)).statusCode).toBe(404);
  });
});
