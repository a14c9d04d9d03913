/**
 * `npm run demo`: sends signed Meta webhooks built from a labelled corpus (../shared/eval/dev.jsonl) to the
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
import { resolve } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { parseArgs } from "node:util";
import { DynamoDecisionStore, dynamoClients, itemQueue } from "@sentinella/aws";
import { type Action, type DecisionRecord, itemKey, type MetaSecrets } from "@sentinella/core";
import { z } from "zod";
import { loadOrCreateSecrets, readEndpoints, repoRoot } from "./local-files";
import { deliverWebhook, metaWebhook, type SampleItem } from "./meta-webhooks";
import { localAccountIds, startLocalPipeline } from "./pipeline";

/** The fields of a corpus line the demo uses: the item as posted (never the expected labels). */
const CorpusLine = z.object({
  id: z.string(),
  entity: z.string(),
  platform: z.string(),
  kind: z.string(),
  text: z.string(),
  author: z.object({ name: z.string().optional() }).default({}),
});
type CorpusLine = z.infer<typeof CorpusLine>;

const { values: args } = parseArgs({
  options: {
    file: { type: "string", default: resolve(repoRoot, "../shared/eval/dev.jsonl") },
    limit: { type: "string" },
    rate: { type: "string", default: "5" },
    one: { type: "string" },
    entity: { type: "string", default: "comune-cento" },
    platform: { type: "string", default: "facebook" },
  },
});

const runId = Date.now().toString(36);
/** Give up waiting when no new decision arrived for this long. */
const stallMs = 30_000;

/**
 * The corpus item as Meta would deliver it to the local accounts. Meta only sends Facebook and Instagram:
 * items from X, YouTube and LinkedIn go as Facebook comments (mentions too), so their text is still classified.
 */
function toSample(line: CorpusLine, sequence: number): SampleItem {
  const platform = line.platform === "instagram" ? "instagram" : "facebook";
  const kind = line.kind === "reply" || line.kind === "message" ? line.kind : "comment";
  const accountId = `${platform === "facebook" ? "fb" : "ig"}-${line.entity}`;
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
async function connect(
  secrets: MetaSecrets,
): Promise<{ ingressUrl: string; decisions: DynamoDecisionStore; stop(): Promise<void> }> {
  const running = await readEndpoints();
  if (running) {
    const { client, document } = dynamoClients(running.dynamoDbEndpoint);
    const decisions = new DynamoDecisionStore({ document, tableName: running.decisionTableName });
    return { ingressUrl: running.ingressUrl, decisions, stop: async () => client.destroy() };
  }
  console.log("No `npm start` running: started a pipeline in this process (in memory) for the demo.");
  return startLocalPipeline({ secrets, schedulerEverySeconds: 60 });
}

async function main() {
  const secrets = await loadOrCreateSecrets(localAccountIds);
  const { ingressUrl, decisions, stop } = await connect(secrets);
  try {
    if (args.one !== undefined) await sendOne(args.one, ingressUrl, secrets.appSecret, decisions);
    else await sendCorpus(ingressUrl, secrets.appSecret, decisions);
  } finally {
    await stop();
  }
}

async function sendOne(text: string, ingressUrl: string, appSecret: string, decisions: DynamoDecisionStore) {
  const sample = toSample(
    { id: "one", entity: args.entity, platform: args.platform, kind: "comment", text, author: { name: "Demo" } },
    0,
  );
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
  console.log(`decision for ${record.itemKey}`);
  console.log(`  actions     ${record.actions.join(", ")}`);
  const categories = record.categories.map((finding) => `${finding.category} (${finding.ruleIds.join(", ")})`);
  console.log(`  categories  ${categories.join("; ") || "none"}`);
  console.log(`  redacted    ${record.redactedText}`);
  console.log(`  reasons     ${record.explanation}`);
  for (const taken of record.actionsTaken) console.log(`  platform    ${taken.action}: ${taken.status}`);
}

interface Sent {
  key: string;
  entityId: string;
  sentAt: number;
  decidedAt?: number;
  actions?: Action[];
  status?: number;
}

async function sendCorpus(ingressUrl: string, appSecret: string, decisions: DynamoDecisionStore) {
  const lines = (await readCorpus(args.file)).slice(0, args.limit ? Number(args.limit) : undefined);
  const rate = Number(args.rate);
  const moved = lines.filter((line) => line.platform !== "facebook" && line.platform !== "instagram").length;
  console.log(
    `${lines.length} items from ${args.file} to ${ingressUrl}, ${rate > 0 ? `${rate} a second` : "as fast as possible"}` +
      (moved ? ` (${moved} from X, YouTube or LinkedIn sent as Facebook comments: local mode speaks Meta only)` : ""),
  );
  const startedAt = new Date().toISOString();
  const sent: Sent[] = [];
  const pending = new Map<string, Sent>();

  const sending = (async () => {
    for (const [sequence, line] of lines.entries()) {
      const sample = toSample(line, sequence);
      const entry: Sent = {
        key: itemKey({ platform: sample.platform, accountId: sample.accountId, itemId: sample.id }),
        entityId: line.entity,
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

  const entities = [...new Set(lines.map((line) => line.entity))];
  let lastDecided = 0;
  let lastProgress = "";
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
    const progress = `\r  sent ${sent.length}/${lines.length} · decided ${decided}/${lines.length}   `;
    if (progress !== lastProgress) process.stdout.write(progress);
    lastProgress = progress;
    if (decided !== lastDecided) [lastDecided, lastChange] = [decided, now];
    const allSent = sent.length === lines.length;
    if (allSent && (pending.size === 0 || now - lastChange > stallMs)) break;
    await sleep(50);
  }
  await sending;
  process.stdout.write("\n\n");
  printSummary(sent, entities);
}

function printSummary(sent: readonly Sent[], entities: readonly string[]) {
  const counted: Action[] = ["hide", "review", "reply", "escalate"];
  const header = ["entity", "items", "hidden", "review", "reply", "escalate", "p50 ms", "p99 ms"];
  const row = (name: string, entries: readonly Sent[]) => {
    const latencies = entries
      .filter((entry) => entry.decidedAt)
      .map((entry) => (entry.decidedAt as number) - entry.sentAt)
      .sort((a, b) => a - b);
    return [
      name,
      String(entries.length),
      ...counted.map((action) => String(entries.filter((entry) => entry.actions?.includes(action)).length)),
      String(percentile(latencies, 50)),
      String(percentile(latencies, 99)),
    ];
  };
  const rows = [
    header,
    ...entities.map((entity) =>
      row(
        entity,
        sent.filter((e) => e.entityId === entity),
      ),
    ),
    row("all", sent),
  ];
  const widths = header.map((_, column) => Math.max(...rows.map((cells) => (cells[column] as string).length)));
  for (const [index, cells] of rows.entries()) {
    console.log(
      cells
        .map((cell, column) => (column === 0 ? cell.padEnd(widths[column] ?? 0) : cell.padStart(widths[column] ?? 0)))
        .join("  "),
    );
    if (index === 0 || index === rows.length - 2) console.log(widths.map((width) => "─".repeat(width)).join("  "));
  }
  const refused = sent.filter((entry) => entry.status !== undefined && entry.status !== 200).length;
  const undecided = sent.filter((entry) => !entry.decidedAt && entry.status === 200).length;
  const decidedTimes = sent.flatMap((entry) => (entry.decidedAt ? [entry.decidedAt] : []));
  const seconds = (Math.max(...decidedTimes) - (sent[0]?.sentAt ?? 0)) / 1000;
  console.log(
    `\nlatency: webhook POST sent → decision readable in the decision table (polled every 50 ms); it includes ` +
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
