import { GetCommand } from "@aws-sdk/lib-dynamodb";
import {
  alertTable,
  createTable,
  DynamoDecisionStore,
  decisionTable,
  Env,
  obligationTable,
  offenderTable,
} from "@sentinella/aws";
import { itemKey } from "@sentinella/core";
import { lambdaContext, type SandboxGraph, startSandboxGraph } from "@sentinella/local";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { freshTableName, useDynamoDbLocal } from "../../support/dynamodb";
import { batch, comment, sqsRecord } from "./fixtures";

/** The deployed handler, built from the environment exactly as in Lambda (tables on DynamoDB Local). */
describe("classifier Lambda handler wired from its environment", () => {
  const dynamo = useDynamoDbLocal();
  let graph: SandboxGraph;
  const tables = {
    decisions: freshTableName("decisions"),
    obligations: freshTableName("obligations"),
    alerts: freshTableName("alerts"),
    offenders: freshTableName("offenders"),
  };

  beforeAll(async () => {
    graph = await startSandboxGraph();
    const { client } = dynamo.clients;
    await createTable(client, decisionTable, tables.decisions, { timeToLive: false });
    await createTable(client, obligationTable, tables.obligations, { timeToLive: false });
    await createTable(client, alertTable, tables.alerts, { timeToLive: false });
    await createTable(client, offenderTable, tables.offenders, { timeToLive: false });
    vi.stubEnv(Env.decisionTable, tables.decisions);
    vi.stubEnv(Env.obligationTable, tables.obligations);
    vi.stubEnv(Env.alertTable, tables.alerts);
    vi.stubEnv(Env.offenderTable, tables.offenders);
    vi.stubEnv(Env.itemQueueUrl, "http://127.0.0.1:1/000000000000/items");
    vi.stubEnv(Env.deadLetterQueueUrl, "http://127.0.0.1:1/000000000000/items-dlq");
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
    await graph?.stop();
  });

  it("decides a queued item; with no page token configured the hide is recorded as failed, not retried", async () => {
    const { handler } = await import("../../../functions/classifier/handler");
    const item = comment({ author: { id: "citizen" } });
    const event = batch(sqsRecord(item));

    expect(await handler(event, lambdaContext("classifier", 30))).toEqual({ batchItemFailures: [] });

    const store = new DynamoDecisionStore({
      document: dynamo.clients.document,
      tableName: tables.decisions,
    });
    const [record] = await store.listByItem(itemKey(item));
    expect(record).toMatchObject({ actions: ["hide"], actionsTaken: [{ action: "hide", status: "failed" }] });
    expect(record?.actionsTaken[0]?.error?.code).toBe("no_token");
    expect(graph.calls).toEqual([]);
    // Staff are told through the alert table the handler was given (one token alert per account and day).
    const day = new Date().toISOString().slice(0, 10);
    const { Item: tokenAlert } = await dynamo.clients.document.send(
      new GetCommand({
        TableName: tables.alerts,
        Key: { pk: `dedupe#token#facebook#fb-comune-cento#${day}`, sk: "token_expired" },
      }),
    );
    expect(tokenAlert).toMatchObject({ entityId: "comune-cento" });
  });
});
