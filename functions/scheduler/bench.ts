/**
 * Scheduler figures: `npm run bench:scheduler -- [obligations]`.
 * 1. Throughput: obligations one scheduler run handles per second against DynamoDB Local and the sandbox Graph
 *    API when every obligation needs a holding reply (claim, platform call, settle). There is no planning-only
 *    run to measure any more: an obligation's first wake time is planned when it opens.
 * 2. Cold start: the Lambda bundle (same esbuild settings as CDK) imported in a fresh Node process, then
 *    invoked once against DynamoDB Local; Lambda's own runtime start-up comes on top.
 */
import { execFile } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import {
  alertTable,
  createTable,
  DynamoObligationStore,
  dynamoClients,
  Env,
  graphApiVersion,
  obligationTable,
} from "@sentinella/aws";
import type { Item } from "@sentinella/core";
import { localDeployments, startDynamoDbLocal, startSandboxGraph } from "@sentinella/local";
import { scriptCommand } from "@sentinella/local/terminal";
import { createMetaActions } from "@sentinella/platforms";
import { getPolicy } from "@sentinella/policy";
import { InvalidArgumentError } from "commander";
import { build } from "esbuild";
import { lambdaBuildOptions } from "../../infra/bundling";
import { createSchedulerHandler } from "./app";

const count = scriptCommand("npm run bench:scheduler --")
  .description("Obligations per second of one scheduler run against DynamoDB Local, and the bundle's cold start.")
  .argument(
    "[obligations]",
    "obligations to open for each measurement",
    (v) => {
      const n = Number(v);
      if (!Number.isInteger(n) || n <= 0) throw new InvalidArgumentError("expected a positive whole number.");
      return n;
    },
    1000,
  )
  .addHelpText("after", "\nExamples:\n  $ npm run bench:scheduler\n  $ npm run bench:scheduler -- 300\n")
  .parse().processedArgs[0] as number;
/** What the bench is doing, on stderr: the figures alone go to stdout. */
const step = (text: string) => process.stderr.write(`… ${text}\n`);

step("starting DynamoDB Local and the sandbox Graph API");
const [dynamo, graph] = await Promise.all([startDynamoDbLocal(), startSandboxGraph()]);
const { client, document } = dynamoClients(dynamo.endpoint);
const quiet = { info() {}, warn() {}, error() {} };

function question(n: number, entityId: string, createdAt: string): Item {
  return {
    schemaVersion: 1,
    entityId,
    platform: "facebook",
    accountId: `fb-${entityId}`,
    itemId: `bench-${entityId}-${n}`,
    kind: "comment",
    event: "created",
    version: "0",
    byStaff: false,
    author: { id: `citizen-${n}` },
    text: "Quando riapre l'ufficio?",
    attachments: [],
    createdAt,
    receivedAt: createdAt,
    raw: {},
  };
}

async function throughput(label: string, entityId: string, createdAt: string, now: string) {
  const tableName = `bench-${label.replace(/\W+/g, "-")}`;
  await createTable(client, obligationTable, tableName);
  const store = new DynamoObligationStore({ document, tableName, entityFor: getPolicy });
  const decision = {
    actions: ["reply" as const],
    categories: [],
    redactedText: "",
    explanation: "",
    policyVersion: "",
    classifierVersion: "",
  };
  step(`${label}: opening ${count} obligations`);
  for (let n = 0; n < count; n += 50) {
    await Promise.all(
      Array.from({ length: Math.min(50, count - n) }, (_, i) => {
        const item = question(n + i, entityId, createdAt);
        return store.open(item, { ...decision, redactedText: item.text });
      }),
    );
  }
  const run = createSchedulerHandler({
    obligations: store,
    platforms: createMetaActions({ baseUrl: graph.baseUrl, version: graphApiVersion, tokenFor: async () => "bench" }),
    deployments: localDeployments,
    policyFor: getPolicy,
    alerts: { notify: async () => {} },
    clock: { now: () => new Date(now) },
    logger: quiet,
  });
  step(`${label}: one scheduler run`);
  const started = performance.now();
  const report = await run();
  const seconds = (performance.now() - started) / 1000;
  console.log(
    `${label}: ${report.examined} obligations, ${report.holdingReplies} holding replies in ${seconds.toFixed(2)} s ` +
      `= ${Math.round(report.examined / seconds)} obligations/s`,
  );
}

async function coldStart() {
  step("cold start: bundling the scheduler and importing it in a fresh process");
  const dir = await mkdtemp(join(tmpdir(), "sentinella-scheduler-"));
  const bundle = join(dir, "index.mjs");
  await build({ ...lambdaBuildOptions("scheduler"), outfile: bundle, logLevel: "warning" });
  const names = { obligations: "cold-obligations", alerts: "cold-alerts" };
  await createTable(client, obligationTable, names.obligations);
  await createTable(client, alertTable, names.alerts);
  const probe = `
    const t0 = performance.now();
    const { handler } = await import(${JSON.stringify(bundle)});
    const t1 = performance.now();
    const context = { functionName: "scheduler", functionVersion: "$LATEST", memoryLimitInMB: "512",
      awsRequestId: "bench", invokedFunctionArn: "arn:aws:lambda:eu-south-1:0:function:scheduler",
      getRemainingTimeInMillis: () => 60000 };
    await handler({}, context);
    const t2 = performance.now();
    console.log(JSON.stringify({ importMs: t1 - t0, firstInvocationMs: t2 - t1 }));`;
  const { stdout } = await promisify(execFile)(process.execPath, ["--input-type=module", "-e", probe], {
    env: {
      ...process.env,
      [Env.obligationTable]: names.obligations,
      [Env.alertTable]: names.alerts,
      [Env.deployments]: JSON.stringify(localDeployments),
      [Env.awsEndpointUrl]: dynamo.endpoint,
      [Env.graphApiBaseUrl]: graph.baseUrl,
      POWERTOOLS_LOG_LEVEL: "ERROR",
      POWERTOOLS_METRICS_DISABLED: "true",
    },
  });
  const { importMs, firstInvocationMs } = JSON.parse(stdout.trim().split("\n").at(-1) ?? "{}");
  console.log(
    `cold start: import ${importMs.toFixed(0)} ms + first invocation ${firstInvocationMs.toFixed(0)} ms ` +
      `= ${(importMs + firstInvocationMs).toFixed(0)} ms`,
  );
  await rm(dir, { recursive: true });
}

try {
  const friday = "2026-11-27T16:55:00.000Z"; // 17:55 in Monza: every one needs a holding reply at once
  await throughput("holding replies", "provincia-monza-brianza", friday, "2026-11-27T17:00:00.000Z");
  await coldStart();
} finally {
  client.destroy();
  await Promise.all([dynamo.stop(), graph.stop()]);
}
