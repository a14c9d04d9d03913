import { type LocalHttpApi, serveHttpApi } from "@sentinella/local";
import type { APIGatewayProxyEventV2, APIGatewayProxyResultV2 } from "aws-lambda";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

describe("local HTTP API (API Gateway payload format 2.0)", () => {
  let api: LocalHttpApi;
  let received: APIGatewayProxyEventV2;
  let answer: () => APIGatewayProxyResultV2 = () => ({ statusCode: 200, body: "ok" });
  beforeAll(async () => {
    api = await serveHttpApi(
      async (event) => {
        received = event;
        return answer();
      },
      { functionName: "ingress", timeoutSeconds: 10, onError: () => undefined },
    );
  });
  afterAll(() => api?.stop());

  it("passes a JSON body through byte for byte, with lower-cased headers", async () => {
    // Meta signs the escaped form; a literal accent must not be re-encoded on the way either.
    const body = Buffer.from('{"message":"Quando apre l\'ufficio? \\u00e8 urgente","città":"Cento"}', "utf8");
    await fetch(`${api.url}/webhooks/meta`, {
      method: "POST",
      headers: { "Content-Type": "application/json", "X-Hub-Signature-256": "sha256=abc" },
      body,
    });
    expect(received.isBase64Encoded).toBe(false);
    expect(Buffer.from(received.body ?? "", "utf8").equals(body)).toBe(true);
    expect(received.headers["x-hub-signature-256"]).toBe("sha256=abc");
    expect(received.requestContext.http).toMatchObject({ method: "POST", path: "/webhooks/meta" });
  });

  it("base64-encodes a body that is not text", async () => {
    const body = Buffer.from([0xff, 0x00, 0xc3, 0x28]);
    await fetch(`${api.url}/upload`, { method: "POST", headers: { "content-type": "application/octet-stream" }, body });
    expect(received.isBase64Encoded).toBe(true);
    expect(Buffer.from(received.body ?? "", "base64").equals(body)).toBe(true);
  });

  it("gives the query string raw and parsed", async () => {
    await fetch(`${api.url}/webhooks/meta?hub.mode=subscribe&hub.challenge=1158201444&hub.verify_token=t%C3%A8`);
    expect(received.rawQueryString).toBe("hub.mode=subscribe&hub.challenge=1158201444&hub.verify_token=t%C3%A8");
    expect(received.queryStringParameters).toEqual({
      "hub.mode": "subscribe",
      "hub.challenge": "1158201444",
      "hub.verify_token": "tè",
    });
    expect(received.requestContext.http.method).toBe("GET");
    expect(received.body).toBeUndefined();
  });

  it("writes the handler's status, headers and body back", async () => {
    answer = () => ({ statusCode: 403, headers: { "content-type": "text/plain" }, body: "vietato" });
    const response = await fetch(`${api.url}/webhooks/meta`);
    expect(response.status).toBe(403);
    expect(response.headers.get("content-type")).toBe("text/plain");
    expect(await response.text()).toBe("vietato");
  });

  it("answers 500 like API Gateway when the handler throws", async () => {
    answer = () => {
      throw new Error("boom");
    };
    const response = await fetch(`${api.url}/webhooks/meta`, { method: "POST", body: "{}" });
    expect(response.status).toBe(500);
    expect(await response.json()).toEqual({ message: "Internal Server Error" });
  });
});
