import { createHash, randomUUID } from "node:crypto";
import { GetCommand } from "@aws-sdk/lib-dynamodb";
import {
  alertTable,
  createTable,
  DynamoDecisionStore,
  decisionTable,
  dynamoClients,
  Env,
  idempotencyTable,
  obligationTable,
} from "@sentinella/aws";
import { type Item, itemKey } from "@sentinella/core";
import {
  type LocalDynamoDb,
  lambdaContext,
  type SandboxGraph,
  startDynamoDbLocal,
  startSandboxGraph,
} from "@sentinella/local";
import type { SQSEvent } from "aws-lambda";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";

/** The deployed handler, built from the environment exactly as in Lambda (tables on DynamoDB Local). */
describe("classifier Lambda handler wired from its environment", () => {
  let dynamo: LocalDynamoDb;
  let graph: SandboxGraph;
  const tables = { decisions: "decisions", idempotency: "idempotency", obligations: "obligations", alerts: "alerts" };

  beforeAll(async () => {
    [dynamo, graph] = await Promise.all([startDynamoDbLocal(), startSandboxGraph()]);
    const { client } = dynamoClients(dynamo.endpoint);
    await createTable(client, decisionTable, tables.decisions);
    await createTable(client, idempotencyTable, tables.idempotency);
    await createTable(client, obligationTable, tables.obligations);
    await createTable(client, alertTable, tables.alerts);
    vi.stubEnv(Env.decisionTable, tables.decisions);
    vi.stubEnv(Env.idempotencyTable, tables.idempotency);
    vi.stubEnv(Env.obligationTable, tables.obligations);
    vi.stubEnv(Env.alertTable, tables.alerts);
    vi.stubEnv(Env.alertRoutes, JSON.stringify({ "comune-cento": { onCallEmails: ["reperibile@example.org"] } }));
    vi.stubEnv(
      Env.deployments,
      JSON.stringify([
        {
          entityId: "comune-cento",
          mode: "enforce",
          accounts: [{ platform: "facebook", accountId: "fb-comune-cento" }],
        },
      ]),
    );
    vi.stubEnv(Env.graphApiBaseUrl, graph.baseUrl);
    vi.stubEnv(Env.awsEndpointUrl, dynamo.endpoint);
    vi.stubEnv("POWERTOOLS_LOG_LEVEL", "SILENT");
    vi.stubEnv("POWERTOOLS_METRICS_DISABLED", "true");
  });
  afterAll(async () => {
    vi.unstubAllEnvs();
    await Promise.all([dynamo?.stop(), graph?.stop()]);
  });

  it("decides a queued item; with no page token configured the hide is recorded as failed, not retried", async () => {
    const { handler } = await import("../../../functions/classifier/handler");
    const item: Item = {
      schemaVersion: 1,
      entityId: "comune-cento",
      platform: "facebook",
      accountId: "fb-comune-cento",
      itemId: `post_${randomUUID()}`,
      kind: "comment",
      event: "created",
      version: "0",
      author: { id: "citizen" },
      byStaff: false,
      text: "Guadagna 3000 euro al mese lavorando da casa, scrivimi su whatsapp http://bit.ly/soldi-facili",
      attachments: [],
      createdAt: "2026-11-25T10:00:00.000Z",
      receivedAt: "2026-11-25T10:00:01.000Z",
      raw: {},
    };
    const body = JSON.stringify(item);
    const event: SQSEvent = {
      Records: [
        {
          messageId: "m-1",
          receiptHandle: "r-1",
          body,
          attributes: {
            ApproximateReceiveCount: "1",
            SentTimestamp: "1795600000000",
            SenderId: "000000000000",
            ApproximateFirstReceiveTimestamp: "1795600000000",
          },
          messageAttributes: {},
          md5OfBody: createHash("md5").update(body).digest("hex"),
          eventSource: "aws:sqs",
          eventSourceARN: "arn:aws:sqs:eu-south-1:000000000000:items",
          awsRegion: "eu-south-1",
        },
      ],
    };

    expect(await handler(event, lambdaContext("classifier", 30))).toEqual({ batchItemFailures: [] });

    const store = new DynamoDecisionStore({
      document: dynamoClients(dynamo.endpoint).document,
      tableName: "decisions",
    });
    const [record] = await store.listByItem(itemKey(item));
    expect(record).toMatchObject({ actions: ["hide"], actionsTaken: [{ action: "hide", status: "failed" }] });
    expect(record?.actionsTaken[0]?.error?.code).toBe("no_token");
    expect(graph.calls).toEqual([]);
    // Staff are told through the alert table the handler was given (one token alert per account and day).
    const day = new Date().toISOString().slice(0, 10);
    const { Item: tokenAlert } = await dynamoClients(dynamo.endpoint).document.send(
      new GetCommand({
        TableName: tables.alerts,
        Key: { pk: `dedupe#token#facebook#fb-comune-cento#${day}`, sk: "token_expired" },
      }),
    );
    expect(tokenAlert).toMatchObject({ entityId: "comune-cento" });
  });
});
