import { createQueue, Env, itemQueue, sqsClient } from "@sentinella/aws";
import { type LocalSqs, startSqs } from "@sentinella/local";
import type { APIGatewayProxyEventV2, Context } from "aws-lambda";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";

describe("ingress Lambda entry point", () => {
  let sqs: LocalSqs;
  beforeAll(async () => {
    sqs = await startSqs();
  });
  afterAll(async () => {
    vi.unstubAllEnvs();
    await sqs?.stop();
  });

  it("reads its settings from the environment and, with no Meta secret configured, refuses webhooks", async () => {
    const { queueUrl } = await createQueue(sqsClient(sqs.endpoint), itemQueue, "handler-test");
    vi.stubEnv(Env.itemQueueUrl, queueUrl);
    vi.stubEnv(Env.pollerTable, "sentinella-poller");
    vi.stubEnv(Env.awsEndpointUrl, sqs.endpoint);
    vi.stubEnv(Env.deployments, JSON.stringify([{ entityId: "comune-esempio", mode: "shadow", accounts: [] }]));
    vi.stubEnv("POWERTOOLS_LOG_LEVEL", "SILENT");
    vi.stubEnv("POWERTOOLS_METRICS_DISABLED", "true");
    const { handler } = await import("../../../functions/ingress/handler");
    const event = {
      requestContext: { http: { method: "POST", path: "/webhooks/meta", sourceIp: "127.0.0.1" } },
      headers: { "x-hub-signature-256": `sha256=${"0".repeat(64)}` },
      body: '{"object":"page","entry":[]}',
      isBase64Encoded: false,
    } as unknown as APIGatewayProxyEventV2;
    const response = await handler(event, { functionName: "ingress", awsRequestId: "test" } as Context);
    expect(response.statusCode).toBe(503);
  });
});
