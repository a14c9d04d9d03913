import { alertTable, createTable, DynamoObligationStore, Env, obligationTable } from "@sentinella/aws";
import { itemKey } from "@sentinella/core";
import { lambdaContext } from "@sentinella/local";
import { getPolicy } from "@sentinella/policy";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { citizenItem, decisionFor } from "../../replies/fixtures";
import { freshTableName, useDynamoDbLocal } from "../../support/dynamodb";

/** The deployed handler, built from its environment as in Lambda, with its tables on DynamoDB Local. */
describe("scheduler Lambda handler wired from its environment", () => {
  const dynamo = useDynamoDbLocal();
  const tables = { obligations: freshTableName("obligations"), alerts: freshTableName("alerts") };

  beforeAll(async () => {
    await createTable(dynamo.clients.client, obligationTable, tables.obligations, { timeToLive: false });
    await createTable(dynamo.clients.client, alertTable, tables.alerts, { timeToLive: false });
    vi.stubEnv(Env.obligationTable, tables.obligations);
    vi.stubEnv(Env.alertTable, tables.alerts);
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
    vi.stubEnv(Env.alertRoutes, JSON.stringify({ "comune-cento": { onCallEmails: ["reperibile@example.org"] } }));
    vi.stubEnv(Env.graphApiBaseUrl, "http://127.0.0.1:9"); // never reached: no page token is configured
    vi.stubEnv(Env.awsEndpointUrl, dynamo.endpoint);
    vi.stubEnv("POWERTOOLS_LOG_LEVEL", "SILENT");
    vi.stubEnv("POWERTOOLS_METRICS_DISABLED", "false");
    vi.stubEnv("POWERTOOLS_METRICS_NAMESPACE", "SentinellaTest");
  });

  afterAll(() => {
    vi.unstubAllEnvs();
  });

  let item: ReturnType<typeof citizenItem>;
  const obligations = () =>
    new DynamoObligationStore({
      document: dynamo.clients.document,
      tableName: tables.obligations,
      entityFor: getPolicy,
    });

  /** The metric names of the EMF lines the handler wrote to stdout since the last call (CloudWatch reads them). */
  const written: string[] = [];
  const metricsWritten = () => {
    const names = written
      .flatMap((line) => line.split("\n"))
      .filter((line) => line.includes('"_aws"'))
      .flatMap((line) =>
        JSON.parse(line)._aws.CloudWatchMetrics.flatMap((m: { Metrics: { Name: string }[] }) => m.Metrics),
      )
      .map((metric: { Name: string }) => metric.Name);
    written.length = 0;
    return names;
  };
  beforeEach(() => {
    written.length = 0;
    const write = process.stdout.write.bind(process.stdout);
    vi.spyOn(process.stdout, "write").mockImplementation((chunk, ...rest) => {
      if (!String(chunk).includes('"_aws"')) return write(chunk, ...(rest as []));
      written.push(String(chunk));
      return true;
    });
  });
  afterEach(() => {
    vi.restoreAllMocks();
  });

  it("finds a fresh emergency and, with no page token configured, keeps its reply for the next tick", async () => {
    const store = new DynamoObligationStore({
      document: dynamo.clients.document,
      tableName: tables.obligations,
      entityFor: getPolicy,
    });
    item = citizenItem({
      entityId: "comune-cento",
      accountId: "fb-comune-cento",
      createdAt: new Date(Date.now() - 60_000).toISOString(),
    });
    await store.open(item, decisionFor(item, ["emergency"]));

    const { handler } = await import("../../../functions/scheduler/handler");
    const report = await handler({}, lambdaContext("scheduler", 60));

    expect(report).toEqual({ examined: 1, holdingReplies: 0, shadowReplies: 0, alerts: 0, failures: 0 });
    expect(metricsWritten()).toEqual(["ObligationsExamined"]);
    expect((await store.get(itemKey(item)))?.holdingReply).toMatchObject({
      state: "released",
      error: { code: "no_token" },
    });
  });

  it("publishes no metric from a tick with nothing to do, so an idle deployment keeps no custom metric alive", async () => {
    const { handler } = await import("../../../functions/scheduler/handler");
    await obligations().closeFor({ ...item, event: "deleted" }); // the question above was deleted: nothing to do
    expect(await handler({}, lambdaContext("scheduler", 60))).toMatchObject({ examined: 0 });
    expect(metricsWritten()).toEqual([]);
  });
});
