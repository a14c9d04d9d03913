import { Logger } from "@aws-lambda-powertools/logger";
import { Metrics } from "@aws-lambda-powertools/metrics";
import { ReceiveMessageCommand } from "@aws-sdk/client-sqs";
import { createQueue, itemQueue, SqsItemQueue, sqsClient } from "@sentinella/aws";
import { Item } from "@sentinella/core";
import type { LocalSqs } from "@sentinella/local";
import { inMemoryHandshakeLog } from "@sentinella/platforms";
import type { APIGatewayProxyEventV2 } from "aws-lambda";
import { vi } from "vitest";
import type { IngressHandler, WebhookRouteDeps } from "../../../functions/ingress/webhook-route";
import { deployments } from "../../webhooks/fixtures";

/** An API Gateway HTTP API (payload v2) request to one webhook route, as the platform sends it. */
export function webhookRequest(
  path: string,
  method: string,
  options: { body?: Buffer; headers?: Record<string, string>; query?: object } = {},
) {
  return {
    version: "2.0",
    rawPath: path,
    queryStringParameters: options.query,
    headers: { "content-type": "application/json", ...options.headers },
    requestContext: { http: { method, path, sourceIp: "199.59.150.1" } },
    body: options.body?.toString("utf8"),
    isBase64Encoded: false,
  } as unknown as APIGatewayProxyEventV2;
}

let queues = 0;

/**
 * A platform's ingress route on a fresh queue of the SQS server, with the fixtures' deployments: the handler, what it
 * queued, and its warnings and info logs.
 */
export async function ingressOnQueue(sqs: LocalSqs, build: (deps: WebhookRouteDeps) => IngressHandler) {
  const client = sqsClient(sqs.endpoint);
  const { queueUrl } = await createQueue(client, itemQueue, `ingress-route-${++queues}`);
  const logger = new Logger({ serviceName: "ingress-test", logLevel: "SILENT" });
  const handshakes = inMemoryHandshakeLog();
  const handle = build({
    queue: new SqsItemQueue(client, queueUrl),
    deployments,
    clock: { now: () => new Date("2026-03-02T10:00:00Z") },
    logger,
    metrics: new Metrics({ namespace: "SentinellaTest", serviceName: "ingress-test" }),
    handshakes,
  });
  const queued = async () => {
    const { Messages = [] } = await client.send(
      new ReceiveMessageCommand({ QueueUrl: queueUrl, MaxNumberOfMessages: 10, WaitTimeSeconds: 0 }),
    );
    return Messages.map((m) => Item.parse(JSON.parse(m.Body ?? "")));
  };
  return { handle, queued, handshakes, warn: vi.spyOn(logger, "warn"), info: vi.spyOn(logger, "info") };
}
