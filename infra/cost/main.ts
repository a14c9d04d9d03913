/**
 * `npm run cost`: what Sentinella costs in eu-south-1, per million comments and per month at rest.
 * Drives the real app factories (local mode's pipeline: ingress → SQS server → classifier → scheduler) against
 * DynamoDB Local behind a meter that bills every request from item sizes (meter.ts), over the shipped sample corpus
 * and a simulated week of scheduler ticks; reads the fixed resources (secrets, alarms, schedules, memory sizes) from
 * the synthesised CDK template; prices it all with the dated table in prices-eu-south-1.json (pricing.ts).
 * A benchmark: it prints figures and asserts nothing.
 */
import { readFileSync, rmSync } from "node:fs";
import { type AttributeValue, DynamoDBClient, paginateScan } from "@aws-sdk/client-dynamodb";
import {
  alertTable,
  decisionRecordTypes,
  decisionTable,
  obligationTable,
  type TableSpec,
  tables,
} from "@sentinella/aws";
import {
  deliveryOf,
  postOf,
  readCorpusLines,
  sampleCorpusFile,
  startDynamoDbLocal,
  startLocalPipeline,
} from "@sentinella/local";
import { colors, scriptCommand, table } from "@sentinella/local/terminal";
import { App } from "aws-cdk-lib";
import { Template } from "aws-cdk-lib/assertions";
import { InvalidArgumentError } from "commander";
import { createStacks } from "../stacks";
import { itemSize } from "./item-size";
import { indexEntry, startMeter, type Units } from "./meter";
import {
  atRest,
  type CommentUsage,
  type CostLine,
  monthlyBill,
  perMillionComments,
  type RestUsage,
  readPriceTable,
  total,
} from "./pricing";

const positive = (v: string) => {
  const n = Number(v);
  if (!Number.isFinite(n) || n <= 0) throw new InvalidArgumentError("expected a positive number.");
  return n;
};
const args = scriptCommand("npm run cost --")
  .description(
    "Cost per million comments and per month at rest in eu-south-1: the sample corpus through the local pipeline, " +
      "a simulated week of scheduler ticks, every DynamoDB request billed from item sizes, priced from the dated " +
      "table in infra/cost/prices-eu-south-1.json.",
  )
  .option("--corpus <file>", "corpus in JSON Lines (GUIDE.md format)", sampleCorpusFile)
  .option("--limit <n>", "first n comments of the corpus", positive)
  .option("--days <n>", "days of scheduler ticks after the comments (every 5 minutes)", positive, 7)
  .option("--ingress-ms <ms>", "assumed ingress duration per webhook (warm)", positive, 25)
  .option("--classifier-ms <ms>", "assumed classifier duration per comment (warm)", positive, 80)
  .option(
    "--platforms <list>",
    "platforms the deployment has accounts on (X, LinkedIn and YouTube each add a secret)",
    (v) => v.split(",").map((p) => p.trim()),
    ["facebook", "instagram"],
  )
  .option("--json", "print the figures as JSON")
  .addHelpText(
    "after",
    `
Lines priced per million comments: the HTTP API request, the Lambda invocations and their duration (assumed: see
--classifier-ms, --ingress-ms), SQS send/receive/delete, every DynamoDB write and read the comment
caused over its reply obligation's week, its DynamoDB storage for a month and its logs. At rest: the scheduled
functions every 5 minutes (their duration measured here on empty tables), the event source's idle polling, secrets, alarms and custom metrics from the template.
Prices are list prices without the free tier; see the file for each source and whether it was checked.

Examples:
  $ npm run cost
  $ npm run cost -- --limit 50 --days 3
  $ npm run -s cost -- --json > cost.json
  $ npm run cost -- --platforms facebook,instagram,x,youtube
`,
  )
  .parse()
  .opts<{
    corpus: string;
    limit?: number;
    days: number;
    ingressMs: number;
    classifierMs: number;
    platforms: string[];
    json?: boolean;
  }>();

const step = (text: string) => process.stderr.write(`… ${text}\n`);
const tickMs = 5 * 60_000;
const ticksPerMonth = (30 * 24 * 3600_000) / tickMs;
/** Lambda's own START, END and REPORT lines per invocation (bytes, about). */
const platformLogBytes = 350;
/** An SQS event source long-polls with five pollers, one 20-second wait each, when the queue is empty (AWS docs). */
const idleSqsRequestsPerMonth = 5 * 3 * 60 * 24 * 30;
/** A DynamoDB item's and an index entry's storage overhead (developer guide, "Item sizes"). */
const storageOverhead = 100;

/** Bytes written to stdout (the functions' logs, as Lambda would ingest them) since the last take; not shown. */
function captureLogs() {
  let bytes = 0;
  const write = process.stdout.write.bind(process.stdout);
  process.stdout.write = ((chunk: string | Uint8Array) => {
    bytes += typeof chunk === "string" ? Buffer.byteLength(chunk) : chunk.byteLength;
    return true;
  }) as typeof process.stdout.write;
  return {
    take: () => {
      const taken = bytes;
      bytes = 0;
      return taken;
    },
    restore: () => {
      process.stdout.write = write;
    },
  };
}

/** The fixed resources of the synthesised stacks: what is billed whether or not a comment arrives. */
function synthesisedResources() {
  const context = JSON.parse(readFileSync(new URL("../../cdk.json", import.meta.url), "utf8")).context;
  // No bundling: only the template's resources are read ("aws:cdk:bundling-stacks" lists the stacks to bundle).
  const deployment = {
    entityId: "comune-cento",
    mode: "enforce",
    accounts: args.platforms.map((platform) => ({ platform, accountId: `${platform}-comune-cento` })),
  };
  const app = new App({
    context: { ...context, deployments: JSON.stringify([deployment]), "aws:cdk:bundling-stacks": [] },
  });
  const stacks = createStacks(app);
  const templates = [Template.fromStack(stacks.stateful), Template.fromStack(stacks.pipeline)];
  const count = (type: string) => templates.reduce((n, t) => n + Object.keys(t.findResources(type)).length, 0);
  const functions = Object.assign({}, ...templates.map((t) => t.findResources("AWS::Lambda::Function"))) as Record<
    string,
    { Properties: { MemorySize?: number } }
  >;
  const rules = Object.values(
    Object.assign({}, ...templates.map((t) => t.findResources("AWS::Events::Rule"))) as Record<
      string,
      { Properties: { ScheduleExpression?: string; Targets?: { Arn: { "Fn::GetAtt"?: [string, string] } }[] } }
    >,
  ).flatMap(({ Properties }) => {
    const rate = /^rate\((\d+) minutes?\)$/.exec(Properties.ScheduleExpression ?? "");
    const target = Properties.Targets?.[0]?.Arn["Fn::GetAtt"]?.[0] ?? "";
    return rate
      ? [{ target, everyMinutes: Number(rate[1]), memoryMb: functions[target]?.Properties.MemorySize ?? 128 }]
      : [];
  });
  const memoryOf = (name: string) =>
    Object.entries(functions).find(([id]) => id.toLowerCase().startsWith(name))?.[1].Properties.MemorySize ?? 128;
  rmSync(app.outdir, { recursive: true, force: true });
  return {
    secrets: count("AWS::SecretsManager::Secret"),
    alarms: count("AWS::CloudWatch::Alarm"),
    functions: Object.keys(functions).length,
    rules,
    memoryOf,
  };
}

step("synthesising the stacks (fixed resources, memory sizes)");
const resources = synthesisedResources();
const prices = readPriceTable();

step("starting DynamoDB Local behind the meter, and the local pipeline");
const dynamo = await startDynamoDbLocal();
const specs = new Map<string, TableSpec>(tables.map((spec) => [`sentinella-${spec.id.toLowerCase()}`, spec]));
const specFor = (name: string) => {
  const spec = specs.get(name);
  if (!spec) throw new Error(`no table spec for ${name}`);
  return spec;
};
const meter = await startMeter(dynamo.endpoint, specFor);
let simulated: number | undefined;
const clock = { now: () => new Date(simulated ?? Date.now()) };
const logs = captureLogs();
const pipeline = await startLocalPipeline({
  dynamoDbEndpoint: meter.endpoint,
  clock,
  logLevel: "INFO",
  visibilityTimeoutSeconds: 2,
});
meter.take();
logs.take();
const raw = new DynamoDBClient({
  endpoint: dynamo.endpoint,
  region: "eu-south-1",
  credentials: { accessKeyId: "local", secretAccessKey: "local" },
});

/** The size of every decision row (sk "decision#…"), read with the storage. */
const decisionRowBytes: number[] = [];

async function timed(run: () => Promise<unknown>, times: number): Promise<number> {
  const started = performance.now();
  for (let i = 0; i < times; i++) await run();
  return (performance.now() - started) / times;
}

try {
  // 1. At rest: scheduler ticks and YouTube polls on an empty deployment.
  step("at rest: 24 scheduler ticks and 24 YouTube polls on empty tables");
  const idleTicks = 24;
  const schedulerMs = await timed(() => pipeline.tickScheduler(), idleTicks);
  const schedulerIdle = meter.take();
  const schedulerIdleLogs = logs.take();
  const pollerMs = await timed(() => pipeline.pollYouTube(), idleTicks);
  const pollerIdle = meter.take();
  const pollerIdleLogs = logs.take();

  // 2. The comments: signed webhooks in, classifier decisions out.
  const corpus = await readCorpusLines(args.corpus, args.limit);
  step(`${corpus.length} comments through ingress and the classifier`);
  const run = Date.now().toString(36);
  let accepted = 0;
  for (const [sequence, line] of corpus.entries()) {
    const delivery = deliveryOf(postOf(line), run, sequence, pipeline);
    if (!delivery) continue;
    const response = await delivery.send();
    if (response.ok) accepted++;
    if (sequence % 8 === 7) await pipeline.drain();
  }
  await pipeline.drain();
  const classifier = meter.take();
  const classifierLogs = logs.take();
  const obligations = await countItems(`sentinella-${obligationTable.id.toLowerCase()}`);

  // 3. A week of scheduler ticks: holding replies, deadline alerts, digests.
  const days = args.days;
  step(`${days} days of scheduler ticks every 5 minutes (${Math.round((days * 24 * 3600_000) / tickMs)} ticks)`);
  const start = Date.now();
  for (let t = start; t <= start + days * 24 * 3600_000; t += tickMs) {
    simulated = t;
    await pipeline.tickScheduler();
  }
  const ticks = Math.floor((days * 24 * 3600_000) / tickMs) + 1;
  const scheduler = meter.take();
  const schedulerLogs = logs.take() - (schedulerIdleLogs / idleTicks) * ticks;
  const storage = await storageBytes();
  logs.restore();

  // Per comment: what the classifier wrote and read, and the obligations' week less what an idle tick costs anyway.
  const idleTickWru = schedulerIdle.wru / idleTicks;
  const idleTickRru = schedulerIdle.rru / idleTicks;
  const schedulerWru = Math.max(0, scheduler.wru - idleTickWru * ticks);
  const schedulerRru = Math.max(0, scheduler.rru - idleTickRru * ticks);
  // An idle tick writes only the token-renewal lease (poller table): each table's week less its own idle share.
  const weekBeyondIdle = (id: string) => sumTables(scheduler, id) - (sumTables(schedulerIdle, id) / idleTicks) * ticks;
  const obligationRowWru = sumTables(classifier, obligationTable.id) + weekBeyondIdle(obligationTable.id);
  const deadlineAlertWru = weekBeyondIdle(alertTable.id);
  const n = accepted;
  const usage: CommentUsage = {
    // Webhooks reach ingress through its function URL, which costs nothing beyond the invocation.
    httpApiRequests: 0,
    // SendMessageBatch from ingress; the event source's receive and delete, one comment a batch at public-body rates.
    sqsRequests: 3,
    lambda: [
      { name: "ingress", invocations: 1, gbSeconds: (args.ingressMs / 1000) * (resources.memoryOf("ingress") / 1024) },
      {
        name: "classifier",
        invocations: 1,
        gbSeconds: (args.classifierMs / 1000) * (resources.memoryOf("classifier") / 1024),
      },
    ],
    wru: { classifier: classifier.wru / n, scheduler: schedulerWru / n },
    rru: { classifier: classifier.rru / n, scheduler: schedulerRru / n },
    logBytes: (classifierLogs + Math.max(0, schedulerLogs)) / n + 2 * platformLogBytes,
    storageBytes: storage / n,
  };
  const restUsage: RestUsage = {
    lambda: resources.rules.map((rule) => {
      const invocations = (30 * 24 * 60) / rule.everyMinutes;
      const ms = rule.target.toLowerCase().startsWith("poller") ? pollerMs : schedulerMs;
      return {
        name: `${rule.target.replace(/[A-F0-9]{8}$/, "")} every ${rule.everyMinutes} min`,
        invocations,
        gbSeconds: invocations * (ms / 1000) * (rule.memoryMb / 1024),
      };
    }),
    wru: ((schedulerIdle.wru + pollerIdle.wru) / idleTicks) * ticksPerMonth,
    rru: ((schedulerIdle.rru + pollerIdle.rru) / idleTicks) * ticksPerMonth,
    sqsRequests: idleSqsRequestsPerMonth,
    logBytes: ((schedulerIdleLogs + pollerIdleLogs) / idleTicks + 2 * platformLogBytes) * ticksPerMonth,
    secrets: resources.secrets,
    // Each function reads its secrets once per cold start: about one an hour for the scheduled ones.
    secretApiCalls: 2 * 24 * 30 * 2,
    alarms: resources.alarms,
    // Every handler emits a count only when it is above zero (scheduler, poller, ingress, classifier), so an idle
    // month keeps no custom metric alive; the handlers (not the app factories driven here) hold that code.
    metrics: 0,
    scheduledRuleInvocations: resources.rules.length * ticksPerMonth,
  };
  const perMillion = perMillionComments(usage, prices.prices);
  const rest = atRest(restUsage, prices.prices);
  const figures = {
    region: prices.region,
    pricesTaken: prices.taken,
    comments: n,
    obligations,
    days,
    wruPerComment: classifier.wru / n,
    /** The classifier's writes by table, index entries included. */
    wruPerCommentByTable: Object.fromEntries(
      tables.map((spec) => [spec.id.toLowerCase(), sumTables(classifier, spec.id) / n]).filter(([, wru]) => wru),
    ),
    wruPerObligation: obligations ? (obligationRowWru + deadlineAlertWru) / obligations : 0,
    /** The same, the obligation table (row and keys-only indexes) and the alert table (dedupe, pending, delivery). */
    wruPerObligationByTable: {
      obligations: obligations ? obligationRowWru / obligations : 0,
      alerts: obligations ? deadlineAlertWru / obligations : 0,
    },
    rruPerComment: (classifier.rru + schedulerRru) / n,
    dynamoCallsPerComment: classifier.calls / n,
    storageBytesPerComment: storage / n,
    decisionRowBytes: distribution(decisionRowBytes),
    byTable: { classifier: classifier.byTable, scheduler: scheduler.byTable },
    perMillionComments: { lines: perMillion, total: total(perMillion), target: 5 },
    atRestPerMonth: { lines: rest, total: total(rest), target: 2 },
    monthly: Object.fromEntries([5_000, 100_000].map((c) => [c, monthlyBill(c, perMillion, rest)])),
    assumptions: {
      ingressMs: args.ingressMs,
      classifierMs: args.classifierMs,
      schedulerIdleMs: schedulerMs,
      pollerIdleMs: pollerMs,
    },
  };
  if (args.json) console.log(JSON.stringify(figures, null, 2));
  else print(figures);
} finally {
  logs.restore();
  raw.destroy();
  await pipeline.stop();
  await meter.stop();
  await dynamo.stop();
}

/** Median, 90th percentile and largest of some sizes, and how many are over 1 KB (2 WRU a write). */
function distribution(sizes: readonly number[]) {
  const sorted = [...sizes].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? 0;
  return { p50: at(0.5), p90: at(0.9), max: sorted.at(-1) ?? 0, over1Kb: sorted.filter((b) => b > 1024).length };
}

function sumTables(units: Units, id: string): number {
  const name = `sentinella-${id.toLowerCase()}`;
  return Object.entries(units.byTable)
    .filter(([table]) => table === name || table.startsWith(`${name}/`))
    .reduce((sum, [, u]) => sum + u.wru, 0);
}

async function countItems(tableName: string): Promise<number> {
  let count = 0;
  for await (const page of paginateScan({ client: raw }, { TableName: tableName, Select: "COUNT" }))
    count += page.Count ?? 0;
  return count;
}

/** Every table's items and index entries, with DynamoDB's 100 bytes of overhead each. */
async function storageBytes(): Promise<number> {
  let bytes = 0;
  for (const spec of tables) {
    for await (const page of paginateScan({ client: raw }, { TableName: `sentinella-${spec.id.toLowerCase()}` })) {
      for (const item of (page.Items ?? []) as Record<string, AttributeValue>[]) {
        if (spec === decisionTable && item.sk?.S?.startsWith(`${decisionRecordTypes.decision}#`)) {
          decisionRowBytes.push(itemSize(item));
        }
        bytes += itemSize(item) + storageOverhead;
        for (const index of spec.globalIndexes) {
          const entry = indexEntry(spec, index, item);
          if (entry) bytes += itemSize(entry) + storageOverhead;
        }
      }
    }
  }
  return bytes;
}

function print(figures: {
  comments: number;
  obligations: number;
  days: number;
  wruPerComment: number;
  wruPerObligation: number;
  wruPerObligationByTable: { obligations: number; alerts: number };
  wruPerCommentByTable: Record<string, number>;
  rruPerComment: number;
  storageBytesPerComment: number;
  decisionRowBytes: ReturnType<typeof distribution>;
  perMillionComments: { lines: CostLine[]; total: number; target: number };
  atRestPerMonth: { lines: CostLine[]; total: number; target: number };
  monthly: Record<string, number>;
}) {
  const usd = (n: number) => `$${n.toFixed(n < 0.01 && n > 0 ? 4 : 2)}`;
  const verdict = (value: number, target: number) => (value <= target ? colors.green("within") : colors.red("over"));
  console.log(
    `\n${figures.comments} comments (${figures.obligations} owed a reply), ${figures.days} days of scheduler ticks; ` +
      `${prices.regionName} list prices taken ${prices.taken}\n`,
  );
  console.log(
    table(
      ["figure", "value", "target", ""],
      [
        ["WRU per comment (classifier)", figures.wruPerComment.toFixed(2), "≤ 5", verdict(figures.wruPerComment, 5)],
        [
          "WRU per obligation (open → week end)",
          figures.wruPerObligation.toFixed(2),
          "≤ 10",
          verdict(figures.wruPerObligation, 10),
        ],
        ...Object.entries(figures.wruPerCommentByTable).map(([t, wru]) => [
          `  comment: ${t} table`,
          wru.toFixed(2),
          "",
          "",
        ]),
        ["  obligation: its row and keys-only indexes", figures.wruPerObligationByTable.obligations.toFixed(2), "", ""],
        ["  obligation: deadline alerts (alert table)", figures.wruPerObligationByTable.alerts.toFixed(2), "", ""],
        ["RRU per comment", figures.rruPerComment.toFixed(2), "", ""],
        ["DynamoDB bytes kept per comment", figures.storageBytesPerComment.toFixed(0), "", ""],
        [
          "decision row bytes: median / p90 / largest (over 1 KB)",
          `${figures.decisionRowBytes.p50} / ${figures.decisionRowBytes.p90} / ${figures.decisionRowBytes.max} (${figures.decisionRowBytes.over1Kb})`,
          "",
          "",
        ],
      ],
      { align: ["left", "right", "right", "left"] },
    ),
  );
  const lines = (title: string, block: { lines: CostLine[]; total: number; target: number }) =>
    table(
      ["service", title, "USD"],
      [
        ...block.lines.filter((l) => l.usd > 0).map((l) => [l.service, l.what, usd(l.usd)]),
        [
          colors.bold("total"),
          `target ≤ $${block.target} (${verdict(block.total, block.target)})`,
          colors.bold(usd(block.total)),
        ],
      ],
      { align: ["left", "left", "right"] },
    );
  console.log(lines("per million comments", figures.perMillionComments));
  console.log(lines("per month at rest", figures.atRestPerMonth));
  console.log(
    table(
      ["comments a month", "monthly bill"],
      Object.entries(figures.monthly).map(([c, v]) => [Number(c).toLocaleString("en"), usd(v)]),
      { align: ["right", "right"] },
    ),
  );
}
