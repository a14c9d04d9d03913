/**
 * `npm run demo`: sends signed Meta webhooks built from a labelled corpus (the shipped sample corpus) to the
 * local ingress and shows the decisions arriving, then a summary with the webhook-to-decision latency.
 * Talks to the running `npm start` (found through .local/endpoints.json); when none runs, starts a pipeline
 * in this process, in memory, for the length of the demo.
 *
 *   npm run demo                                   # the whole corpus, 5 webhooks a second
 *   npm run demo -- --rate 0 --limit 100           # as fast as possible, the first 100 items
 *   npm run demo -- --file other.jsonl
 *   npm run demo -- --one "Il mio numero è 333 1234567" [--entity comune-cento] [--platform instagram]
 */
import { readFile } from "node:fs/promises";
import { setTimeout as sleep } from "node:timers/promises";
import { DynamoDecisionStore, dynamoClients, itemQueue } from "@sentinella/aws";
import { type Action, type DecisionRecord, type EntityDeployment, itemKey } from "@sentinella/core";
import { Command, InvalidArgumentError, Option } from "commander";
import { z } from "zod";
import { loadOrCreateSecrets, readEndpoints, sampleCorpusFile } from "./local-files";
import { deliverWebhook, metaWebhook, type SampleItem } from "./meta-webhooks";
import { accountIdsOf, localDeployments, startLocalPipeline } from "./pipeline";
import { table } from "./terminal";

/** The fields of a corpus line the demo uses: the item as posted (never the expected labels). */
const CorpusLine = z.object({
  id: z.string(),
  entity: z.string(),
  platform: z.string(),
  kind: z.string(),
  text: z.string(),
  author: z.object({ name: z.string().optional() }).default({}),
  /** Only to explain the summary: the pipeline judges the election period by the date, as it would in AWS. */
  context: z.object({ election_period: z.boolean().optional() }).optional(),
});
type CorpusLine = z.infer<typeof CorpusLine>;

const positive = (value: string) => {
  const n = Number(value);
  if (!Number.isFinite(n) || n < 0) throw new InvalidArgumentError("expected a number, 0 or more.");
  return n;
};

const args = new Command("npm run demo --")
  .description(
    "Send signed webhooks built from a labelled corpus to the local pipeline and show the decisions, then a " +
      "summary per entity. Uses the running `npm start`, or starts a pipeline in memory for the run.",
  )
  .option("--file <corpus>", "corpus in JSON Lines (GUIDE.md format)", sampleCorpusFile)
  .option("--limit <n>", "only the first n items", positive)
  .option("--rate <n>", "webhooks a second; 0 = as fast as possible", positive, 5)
  .option("--one <text>", "send just this text as one comment and print its decision")
  .option("--entity <id>", "entity of --one", "comune-cento")
  .addOption(
    new Option("--platform <platform>", "platform of --one").choices(["facebook", "instagram"]).default("facebook"),
  )
  .addHelpText(
    "after",
    `
Examples:
  $ npm run demo
  $ npm run demo -- --rate 0 --limit 100
  $ npm run demo -- --file ../shared/eval/dev.jsonl
  $ npm run demo -- --one "Il mio numero è 333 1234567" --entity comune-cento --platform instagram
`,
  )
  .parse()
  .opts<{ file: string; limit?: number; rate: number; one?: string; entity: string; platform: string }>();

const runId = Date.now().toString(36);
/** Give up waiting when no new decision arrived for this long. */
const stallMs = 30_000;

/**
 * The corpus item as Meta would deliver it to the local accounts. Meta only sends Facebook and Instagram:
 * items from X, YouTube and LinkedIn go as Facebook comments (mentions too), so their text is still classified.
 */
function toSample(
  line: CorpusLine,
  sequence: number,
  deployments: readonly EntityDeployment[],
): SampleItem | undefined {
  const wanted = line.platform === "instagram" ? "instagram" : "facebook";
  const accounts = deployments.find((d) => d.entityId === line.entity)?.accounts ?? [];
  // An entity run without an Instagram account (a --config) still gets its Instagram items, on its Page.
  const account = accounts.find((a) => a.platform === wanted) ?? accounts.find((a) => a.platform === "facebook");
  if (!account || (account.platform !== "facebook" && account.platform !== "instagram")) return undefined;
  const platform = account.platform;
  const accountId = account.accountId;
  const kind = line.kind === "reply" || line.kind === "message" ? line.kind : "comment";
  const post = `${runId}${sequence}`;
  const authorName = line.author.name ?? "Utente";
  return {
    platform,
    kind,
    accountId,
    id: kind === "message" ? `m_${runId}_${line.id}` : `${post}_${line.id}`,
    postId: platform === "facebook" ? `${accountId}_${post}` : post,
    parentId: kind === "reply" ? `${post}_parent` : undefined,
    author: { id: `u-${runId}-${Buffer.from(authorName).toString("hex").slice(0, 16)}`, name: authorName },
    text: line.text,
    createdAt: new Date(),
  };
}

async function readCorpus(file: string): Promise<CorpusLine[]> {
  const lines = (await readFile(file, "utf8")).split("\n").filter((line) => line.trim());
  return lines.map((line) => CorpusLine.parse(JSON.parse(line)));
}

function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] as number;
}

/** Where webhooks go and decisions are read: the running `npm start`, or a pipeline started in this process. */
interface Target {
  ingressUrl: string;
  decisions: DynamoDecisionStore;
  deployments: readonly EntityDeployment[];
  appSecret: string;
  stop(): Promise<void>;
}

/** Where webhooks go and decisions are read: the running `npm start`, or a pipeline started in this process. */
async function connect(): Promise<Target> {
  const running = await readEndpoints();
  const deployments = running?.deployments ?? localDeployments;
  const secrets = await loadOrCreateSecrets(accountIdsOf(deployments));
  const appSecret = secrets.appSecret;
  if (running) {
    const { client, document } = dynamoClients(running.dynamoDbEndpoint);
    const decisions = new DynamoDecisionStore({ document, tableName: running.decisionTableName });
    return { ingressUrl: running.ingressUrl, decisions, deployments, appSecret, stop: async () => client.destroy() };
  }
  console.log("No `npm start` running: started a pipeline in this process (in memory) for the demo.");
  const pipeline = await startLocalPipeline({ secrets, deployments, schedulerEverySeconds: 60 });
  return { ...pipeline, appSecret };
}

async function main() {
  const target = await connect();
  try {
    if (args.one !== undefined) await sendOne(args.one, target);
    else await sendCorpus(target);
  } finally {
    await target.stop();
  }
}

async function sendOne(text: string, { ingressUrl, appSecret, decisions, deployments }: Target) {
  const line = {
    id: "one",
    entity: args.entity,
    platform: args.platform,
    kind: "comment",
    text,
    author: { name: "Demo" },
  };
  const sample = toSample(line, 0, deployments);
  if (!sample) throw new Error(`${args.entity} has no Facebook or Instagram account in the running pipeline`);
  const response = await deliverWebhook(ingressUrl, metaWebhook(sample), appSecret);
  console.log(`POST ${ingressUrl} → ${response.status} ${await response.text()}`);
  if (!response.ok) process.exitCode = 1;
  const key = itemKey({ platform: sample.platform, accountId: sample.accountId, itemId: sample.id });
  for (let waited = 0; waited < 15_000; waited += 100) {
    const [record] = await decisions.listByItem(key);
    // The platform's answer to a hide is appended to the decision once the call returns.
    if (record && (!record.actions.includes("hide") || record.actionsTaken.length > 0)) return printDecision(record);
    await sleep(100);
  }
  console.log(`no decision for ${key} within 15 s`);
  process.exitCode = 1;
}

function printDecision(record: DecisionRecord) {
  console.log(`decisione per ${record.itemKey}`);
  console.log(`  azioni       ${record.actions.join(", ")}`);
  const categories = record.categories.map((finding) => `${finding.category} (${finding.ruleIds.join(", ")})`);
  console.log(`  categorie    ${categories.join("; ") || "nessuna"}`);
  console.log(`  oscurato     ${record.redactedText}`);
  console.log(`  motivazione  ${record.explanation}`);
  for (const taken of record.actionsTaken) console.log(`  piattaforma  ${taken.action}: ${taken.status}`);
}

interface Sent {
  key: string;
  entityId: string;
  /** The corpus labels it as posted during an election period. */
  electionPeriod: boolean;
  sentAt: number;
  decidedAt?: number;
  actions?: Action[];
  status?: number;
}

/** A progress line rewritten in place on a terminal; elsewhere (a log file) a line every tenth of the way. */
function progressReporter(total: number) {
  let last = "";
  let lastTenth = -1;
  return (sent: number, decided: number) => {
    const text = `  sent ${sent}/${total} · decided ${decided}/${total}`;
    if (text === last) return;
    last = text;
    if (process.stdout.isTTY) process.stdout.write(`\r${text}   `);
    else if (Math.floor((decided * 10) / total) !== lastTenth) {
      lastTenth = Math.floor((decided * 10) / total);
      console.log(text);
    }
  };
}

async function sendCorpus({ ingressUrl, appSecret, decisions, deployments }: Target) {
  const corpus = await readCorpus(args.file);
  const lines = corpus.slice(0, args.limit);
  const rate = args.rate;
  const samples = lines.flatMap((line, sequence) => {
    const sample = toSample(line, sequence, deployments);
    return sample ? [{ line, sample }] : [];
  });
  const skipped = lines.length - samples.length;
  const moved = samples.filter(({ line }) => line.platform !== "facebook" && line.platform !== "instagram").length;
  console.log(
    `${samples.length} items from ${args.file} to ${ingressUrl}, ${rate > 0 ? `${rate} a second` : "as fast as possible"}` +
      (moved ? ` (${moved} from X, YouTube or LinkedIn sent as Facebook comments: local mode speaks Meta only)` : ""),
  );
  if (skipped) console.log(`${skipped} items skipped: their entity has no account in this run (see --config)`);
  const startedAt = new Date().toISOString();
  const sent: Sent[] = [];
  const pending = new Map<string, Sent>();

  const sending = (async () => {
    for (const [sequence, { line, sample }] of samples.entries()) {
      const entry: Sent = {
        key: itemKey({ platform: sample.platform, accountId: sample.accountId, itemId: sample.id }),
        entityId: line.entity,
        electionPeriod: line.context?.election_period === true,
        sentAt: Date.now(),
      };
      sent.push(entry);
      pending.set(entry.key, entry);
      const delivery = deliverWebhook(ingressUrl, metaWebhook(sample), appSecret).then((response) => {
        entry.status = response.status;
        if (!response.ok) pending.delete(entry.key);
      });
      if (rate > 0) await Promise.all([delivery, sleep(1000 / rate)]);
      else if (sequence % 8 === 7) await delivery; // a few in flight at a time
    }
  })();

  const entities = [...new Set(samples.map(({ line }) => line.entity))];
  const report = progressReporter(samples.length);
  let lastDecided = 0;
  let lastChange = Date.now();
  for (;;) {
    const found = (await Promise.all(entities.map((entity) => decisions.byEntity(entity, startedAt)))).flat();
    const now = Date.now();
    for (const summary of found) {
      const entry = pending.get(summary.itemKey);
      if (!entry) continue;
      entry.decidedAt = now;
      entry.actions = summary.actions;
      pending.delete(summary.itemKey);
    }
    const decided = sent.filter((entry) => entry.decidedAt).length;
    report(sent.length, decided);
    if (decided !== lastDecided) [lastDecided, lastChange] = [decided, now];
    const allSent = sent.length === samples.length;
    if (allSent && (pending.size === 0 || now - lastChange > stallMs)) break;
    await sleep(50);
  }
  await sending;
  if (process.stdout.isTTY) process.stdout.write("\n");
  console.log("");
  printSummary(sent, entities, deployments);
}

function printSummary(sent: readonly Sent[], entities: readonly string[], deployments: readonly EntityDeployment[]) {
  const counted: Action[] = ["hide", "review", "reply", "escalate"];
  const row = (name: string, entries: readonly Sent[]) => {
    const latencies = entries
      .filter((entry) => entry.decidedAt)
      .map((entry) => (entry.decidedAt as number) - entry.sentAt)
      .sort((a, b) => a - b);
    return [
      name,
      entries.length,
      ...counted.map((action) => entries.filter((entry) => entry.actions?.includes(action)).length),
      percentile(latencies, 50),
      percentile(latencies, 99),
    ];
  };
  const modes = new Map(deployments.map((d) => [d.entityId, d.mode]));
  console.log("What the pipeline decided, per entity:");
  console.log(
    table(
      ["entity (mode)", "items", "hidden", "to review", "reply owed", "escalated", "p50 ms", "p99 ms"],
      [
        ...entities.map((entity) =>
          row(
            `${entity} (${modes.get(entity)})`,
            sent.filter((e) => e.entityId === entity),
          ),
        ),
        row("all", sent),
      ],
      { align: ["left", "right", "right", "right", "right", "right", "right", "right"] },
    ),
  );
  const electionLabelled = sent.filter((entry) => entry.electionPeriod).length;
  if (electionLabelled)
    console.log(
      `${electionLabelled} items are labelled as posted during an election period; the pipeline judges that by today's ` +
        "date and the policies' election windows, so propaganda among them goes to review here rather than being hidden " +
        "(`sentinella eval` uses the labels' context, so its totals differ).",
    );
  const refused = sent.filter((entry) => entry.status !== undefined && entry.status !== 200).length;
  const undecided = sent.filter((entry) => !entry.decidedAt && entry.status === 200).length;
  const decidedTimes = sent.flatMap((entry) => (entry.decidedAt ? [entry.decidedAt] : []));
  const seconds = (Math.max(...decidedTimes) - (sent[0]?.sentAt ?? 0)) / 1000;
  console.log(
    `latency: webhook POST sent → decision readable in the decision table (polled every 50 ms); it includes ` +
      `the event source's batching window, up to ${itemQueue.maxBatchingWindowSeconds} s as in AWS`,
  );
  console.log(
    `${decidedTimes.length} decisions in ${seconds.toFixed(1)} s (${(decidedTimes.length / seconds).toFixed(1)} a second)`,
  );
  if (refused) console.log(`${refused} webhooks refused by ingress (non-200)`);
  if (undecided)
    console.log(`${undecided} items accepted but not decided (${stallMs / 1000} s without a new decision)`);
}

await main();
