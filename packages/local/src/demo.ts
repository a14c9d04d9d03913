/**
 * `npm run demo`: delivers a labelled corpus (the shipped sample corpus) to the local pipeline, each item on its own
 * platform as that platform does (signed Meta or X webhooks), and shows the decisions arriving, then a summary with the webhook-to-decision latency.
 * Talks to the running `npm start` (found through .local/endpoints.json); when none runs, starts a pipeline
 * in this process, in memory, for the length of the demo.
 *
 *   npm run demo                                   # the whole corpus, 5 webhooks a second
 *   npm run demo -- --rate 0 --limit 100           # as fast as possible, the first 100 items
 *   npm run demo -- --file other.jsonl
 *   npm run demo -- --one "Il mio numero è 333 1234567" [--entity comune-cento] [--platform instagram]
 *   npm run demo -- --one "Quando riapre l'anagrafe?" --platform x --asked "venerdì 17:55"   # and its holding reply
 */
import { setTimeout as sleep } from "node:timers/promises";
import { itemQueue } from "@sentinella/aws";
import { type Action, CorpusError, type DecisionRecord, type EntityDeployment, type Platform } from "@sentinella/core";
import {
  addDays,
  type HoldingReplyState,
  instantAt,
  isoWeekday,
  type Obligation,
  wallClock,
} from "@sentinella/replies";
import { InvalidArgumentError, Option } from "commander";
import { deliveryOf, postOf, readCorpusLines } from "./deliveries";
import { sampleCorpusFile } from "./local-files";
import type { RecordedCall } from "./sandbox-http";
import { connectLocalTarget, type LocalTarget } from "./target";
import { existingFile, scriptCommand, table } from "./terminal";

const positive = (value: string) => {
  const n = Number(value);
  if (!Number.isFinite(n) || n < 0) throw new InvalidArgumentError("expected a number, 0 or more.");
  return n;
};

const romeZone = "Europe/Rome";
const weekdays = ["lunedì", "martedì", "mercoledì", "giovedì", "venerdì", "sabato", "domenica"];

/**
 * `--asked`: an ISO time, or an Italian weekday and a time in Rome ("venerdì 17:55": the latest such moment before
 * now); always in the past, since it says when a citizen already asked.
 */
function askedAt(value: string): Date {
  const now = Date.now();
  const named = /^(\p{L}+)\s+(\d{1,2})[:.](\d{2})$/u.exec(value.trim().toLowerCase());
  const weekday = named
    ? weekdays.findIndex((day) => day.normalize("NFD").startsWith(named[1]?.normalize("NFD") ?? "")) + 1
    : 0;
  let at = Number.NaN;
  if (named && weekday > 0) {
    const today = wallClock(romeZone, now);
    for (let back = 0; back <= 7 && Number.isNaN(at); back++) {
      const day = addDays(today, -back);
      const instant = instantAt(romeZone, day, Number(named[2]) * 60 + Number(named[3]));
      if (isoWeekday(day) === weekday && instant < now) at = instant;
    }
  } else if (/^\d{4}-\d{2}-\d{2}T/.test(value)) at = Date.parse(value);
  if (Number.isNaN(at))
    throw new InvalidArgumentError('expected an ISO time or a weekday and time, e.g. "venerdì 17:55".');
  if (at >= now) throw new InvalidArgumentError("expected a time in the past: when the citizen asked.");
  return new Date(at);
}

const args = scriptCommand("npm run demo --")
  .description(
    "Send signed webhooks built from a labelled corpus to the local pipeline and show the decisions, then a " +
      "summary per entity. Uses the running `npm start`, or starts a pipeline in memory for the run.",
  )
  .option("--file <corpus>", "corpus in JSON Lines (GUIDE.md format)", existingFile, sampleCorpusFile)
  .option("--limit <n>", "only the first n items", positive)
  .option("--rate <n>", "webhooks a second; 0 = as fast as possible", positive, 5)
  .option("--one <text>", "send just this text as one comment and print its decision")
  .option("--json", "print the summary (or the --one decision) as JSON on stdout; progress goes to stderr")
  .option("--entity <id>", "entity of --one", "comune-cento")
  .option(
    "--asked <when>",
    'with --one: when the citizen left it (ISO time, or "venerdì 17:55" in Rome); then wait for the scheduler\'s ' +
      "holding reply and show it as the platform's sandbox recorded it",
    askedAt,
  )
  .addOption(
    new Option("--platform <platform>", "platform of --one")
      .choices(["facebook", "instagram", "x", "linkedin", "youtube"])
      .default("facebook"),
  )
  .addOption(
    new Option("--kind <kind>", "kind of --one").choices(["comment", "reply", "message", "mention"]).default("comment"),
  )
  .addHelpText(
    "after",
    `
Examples:
  $ npm run demo
  $ npm run demo -- --rate 0 --limit 100
  $ npm run -s demo -- --rate 0 --json > summary.json
  $ npm run demo -- --file packages/policy/eval/holdout.jsonl
  $ npm run demo -- --one "Il mio numero è 333 1234567" --entity comune-cento --platform instagram
  $ npm run demo -- --one "Scrivetemi al 333 1234567" --entity provincia-massa-carrara --platform x
  $ npm run demo -- --one "Scrivetemi al 333 1234567" --entity provincia-piacenza --platform youtube
  $ npm run demo -- --one "Buongiorno, quando riapre lo sportello anagrafe?" --platform linkedin --asked "venerdì 17:55"
  $ npm run demo -- --one "Buongiorno, quando riapre lo sportello anagrafe?" --platform x --asked 2026-11-27T16:55:00Z
`,
  )
  .parse()
  .opts<{
    file: string;
    limit?: number;
    rate: number;
    one?: string;
    entity: string;
    platform: string;
    kind: string;
    asked?: Date;
    json?: boolean;
  }>();
if (args.asked && args.one === undefined) {
  console.error("--asked goes with --one");
  process.exit(2);
}

/** Prose for the person watching: on stdout, or on stderr when stdout carries the JSON. */
const say = args.json ? console.error : console.log;
const progressStream = args.json ? process.stderr : process.stdout;

const runId = Date.now().toString(36);
/** Give up waiting when no new decision arrived for this long. */
const stallMs = 30_000;

function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] as number;
}

// A pipeline of its own ticks the scheduler often, so a back-dated question (--asked) gets its holding reply at once.
const connect = () => connectLocalTarget(say, { schedulerEverySeconds: 5, pollEverySeconds: 2 });

async function main() {
  const target = await connect();
  try {
    if (args.one !== undefined) await sendOne(args.one, target);
    else await sendCorpus(target);
  } finally {
    await target.stop();
  }
}

async function sendOne(text: string, target: LocalTarget) {
  const post = { id: "one", entity: args.entity, platform: args.platform, kind: args.kind, text, authorName: "Demo" };
  const delivery = deliveryOf({ ...post, createdAt: args.asked }, runId, 0, target);
  if (!delivery) throw new Error(`${args.entity} has no account in the running pipeline`);
  const response = await delivery.send();
  say(`POST ${delivery.platform} webhook → ${response.status} ${await response.text()}`);
  if (args.asked && delivery.platform === "youtube")
    say("YouTube: written as published then and edited now, since the poller reads only what changed after its cursor");
  if (!response.ok) process.exitCode = 1;
  const { key } = delivery;
  const { decisions } = target;
  for (let waited = 0; waited < 15_000; waited += 100) {
    const [record] = await decisions.listByItem(key);
    // The platform's answer to a hide is appended to the decision once the call returns.
    if (record && (!record.actions.includes("hide") || record.actionsTaken.length > 0)) {
      if (!args.json) printDecision(record);
      const reply = args.asked && (await awaitHoldingReply(record, delivery.platform, target));
      if (args.json) console.log(JSON.stringify(reply ? { decision: record, ...reply } : record, null, 2));
      else if (reply) printHoldingReply(reply);
      return;
    }
    await sleep(100);
  }
  say(`no decision for ${key} within 15 s`);
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

const romeTime = new Intl.DateTimeFormat("it-IT", { timeZone: romeZone, dateStyle: "full", timeStyle: "short" });
const holdingReplyTimeoutMs = 180_000;
const replyStates: Record<HoldingReplyState, string> = {
  intended: "in invio",
  released: "da riprovare",
  confirmed: "inviata",
  failed: "non inviata",
  shadow: "registrata, non inviata (modalità prova)",
};

/** What the scheduler did about a back-dated question: its obligation, and the call the platform's sandbox took. */
interface HoldingReplySeen {
  obligation: Obligation;
  sandboxCall?: RecordedCall;
}

/**
 * Waits for the scheduler's next runs to settle the holding reply of a decision that owes one (`npm start` runs it
 * every `--scheduler-every` seconds), then reads the reply back from the platform's sandbox.
 */
async function awaitHoldingReply(record: DecisionRecord, platform: Platform, target: LocalTarget) {
  if (!record.actions.includes("reply")) {
    say("the decision owes no reply, so there is no holding reply to wait for");
    process.exitCode = 1;
    return undefined;
  }
  say("waiting for the scheduler's next run (npm start runs it every --scheduler-every seconds, 60 by default)…");
  for (let waited = 0; waited < holdingReplyTimeoutMs; waited += 1000) {
    const obligation = await target.obligations.get(record.itemKey);
    const state = obligation?.holdingReply?.state;
    if (obligation && state && state !== "intended" && state !== "released") {
      const calls = (await target.sandboxCalls(platform)) ?? [];
      const replyId = obligation.holdingReply?.replyId;
      const sandboxCall = calls.find((call) => replyId !== undefined && call.id === replyId);
      if (state !== "confirmed") process.exitCode = 1;
      return { obligation, sandboxCall } satisfies HoldingReplySeen;
    }
    await sleep(1000);
  }
  say(`no holding reply for ${record.itemKey} within ${holdingReplyTimeoutMs / 1000} s`);
  process.exitCode = 1;
  return undefined;
}

function printHoldingReply({ obligation, sandboxCall }: HoldingReplySeen) {
  const reply = obligation.holdingReply;
  console.log(`obbligo di risposta (regola delle 48 ore)`);
  console.log(`  domanda      ${romeTime.format(new Date(obligation.createdAt))}`);
  console.log(`  scadenza     ${romeTime.format(new Date(obligation.dueAt))}`);
  console.log(
    `  cortesia     ${replyStates[reply?.state ?? "intended"]}${reply?.sentAt ? `, ${romeTime.format(new Date(reply.sentAt))}` : ""}, ${reply?.channel === "private" ? "in privato" : "in pubblico"}`,
  );
  console.log(`  testo        ${reply?.text}`);
  if (reply?.error) console.log(`  errore       ${reply.error.code}: ${reply.error.message}`);
  if (sandboxCall)
    console.log(
      `  sandbox      ${sandboxCall.kind} a ${sandboxCall.objectId} → ${sandboxCall.id}: «${sandboxCall.text ?? ""}»`,
    );
  else if (reply?.state === "confirmed") console.log("  sandbox      nessuna chiamata registrata con quell'id");
  if (obligation.alerted.length) console.log(`  avvisi staff ${obligation.alerted.join(", ")}`);
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
    if (progressStream.isTTY) progressStream.write(`\r${text}   `);
    else if (Math.floor((decided * 10) / total) !== lastTenth) {
      lastTenth = Math.floor((decided * 10) / total);
      progressStream.write(`${text}\n`);
    }
  };
}

async function sendCorpus(target: LocalTarget) {
  const { decisions, deployments } = target;
  const lines = await readCorpusLines(args.file, args.limit);
  const rate = args.rate;
  const samples = lines.flatMap((line, sequence) => {
    const delivery = deliveryOf(postOf(line), runId, sequence, target);
    return delivery ? [{ line, delivery }] : [];
  });
  const skipped = lines.length - samples.length;
  const moved = samples.filter(({ line, delivery }) => line.platform !== delivery.platform).length;
  const perPlatform = Object.entries(Object.groupBy(samples, ({ delivery }) => delivery.platform))
    .map(([platform, list]) => `${platform} ${list?.length ?? 0}`)
    .join(", ");
  say(
    `${samples.length} items from ${args.file} (${perPlatform}), ${rate > 0 ? `${rate} a second` : "as fast as possible"}` +
      (moved ? ` (${moved} sent to the entity's Facebook Page: no account of theirs on that platform here)` : ""),
  );
  if (skipped) say(`${skipped} items skipped: their entity has no account in this run (see --config)`);
  const startedAt = new Date().toISOString();
  const sent: Sent[] = [];
  const pending = new Map<string, Sent>();

  const sending = (async () => {
    for (const [sequence, { line, delivery: item }] of samples.entries()) {
      const entry: Sent = {
        key: item.key,
        entityId: line.entity,
        electionPeriod: line.context?.election_period === true,
        sentAt: Date.now(),
      };
      sent.push(entry);
      pending.set(entry.key, entry);
      const delivery = item.send().then((response) => {
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
  if (progressStream.isTTY) progressStream.write("\n");
  const summary = summarise(sent, entities, deployments);
  if (args.json) console.log(JSON.stringify(summary, null, 2));
  else printSummary(summary);
}

const countedActions = ["hide", "review", "reply", "escalate"] as const satisfies readonly Action[];

interface SummaryRow {
  items: number;
  /** Items whose decision includes each action. */
  actions: Record<(typeof countedActions)[number], number>;
  /** Webhook POST sent → decision readable in the decision table, in milliseconds (null when nothing was decided). */
  latencyMs: { p50: number | null; p99: number | null };
}

/** What the run did: the table on a terminal, the JSON of `--json`. */
interface Summary {
  corpus: string;
  perEntity: Array<{ entity: string; mode: string | undefined } & SummaryRow>;
  all: SummaryRow;
  decided: number;
  seconds: number;
  /** Deliveries answered with other than a 2xx. */
  refused: number;
  /** Accepted but not decided before the demo stopped waiting. */
  undecided: number;
  electionLabelled: number;
}

function summarise(
  sent: readonly Sent[],
  entities: readonly string[],
  deployments: readonly EntityDeployment[],
): Summary {
  const rowOf = (entries: readonly Sent[]): SummaryRow => {
    const latencies = entries
      .filter((entry) => entry.decidedAt)
      .map((entry) => (entry.decidedAt as number) - entry.sentAt)
      .sort((a, b) => a - b);
    const orNull = (n: number) => (Number.isNaN(n) ? null : n);
    return {
      items: entries.length,
      actions: Object.fromEntries(
        countedActions.map((action) => [action, entries.filter((entry) => entry.actions?.includes(action)).length]),
      ) as SummaryRow["actions"],
      latencyMs: { p50: orNull(percentile(latencies, 50)), p99: orNull(percentile(latencies, 99)) },
    };
  };
  const modes = new Map(deployments.map((d) => [d.entityId, d.mode]));
  // Webhooks answer 200, the YouTube sandbox 201 for a comment it will be polled for: any 2xx is an accepted item.
  const accepted = (status: number) => status >= 200 && status < 300;
  const decidedTimes = sent.flatMap((entry) => (entry.decidedAt ? [entry.decidedAt] : []));
  return {
    corpus: args.file,
    perEntity: entities.map((entity) => ({
      entity,
      mode: modes.get(entity),
      ...rowOf(sent.filter((e) => e.entityId === entity)),
    })),
    all: rowOf(sent),
    decided: decidedTimes.length,
    seconds: decidedTimes.length ? (Math.max(...decidedTimes) - (sent[0]?.sentAt ?? 0)) / 1000 : 0,
    refused: sent.filter((entry) => entry.status !== undefined && !accepted(entry.status)).length,
    undecided: sent.filter((entry) => !entry.decidedAt && entry.status !== undefined && accepted(entry.status)).length,
    electionLabelled: sent.filter((entry) => entry.electionPeriod).length,
  };
}

function printSummary(summary: Summary) {
  const cells = (name: string, row: SummaryRow) => [
    name,
    row.items,
    ...countedActions.map((action) => row.actions[action]),
    row.latencyMs.p50 ?? "–",
    row.latencyMs.p99 ?? "–",
  ];
  console.log("");
  console.log("What the pipeline decided, per entity:");
  console.log(
    table(
      ["entity (mode)", "items", "hidden", "to review", "reply owed", "escalated", "p50 ms", "p99 ms"],
      [...summary.perEntity.map((row) => cells(`${row.entity} (${row.mode})`, row)), cells("all", summary.all)],
      { align: ["left", "right", "right", "right", "right", "right", "right", "right"] },
    ),
  );
  if (summary.electionLabelled)
    console.log(
      `${summary.electionLabelled} items are labelled as posted during an election period; the pipeline judges that by today's ` +
        "date and the policies' election windows, so propaganda among them goes to review here rather than being hidden " +
        "(`sentinella eval` uses the labels' context, so its totals differ).",
    );
  console.log(
    `latency: webhook POST sent → decision readable in the decision table (polled every 50 ms); it includes ` +
      `the event source's batching window, up to ${itemQueue.maxBatchingWindowSeconds} s as in AWS`,
  );
  console.log(
    `${summary.decided} decisions in ${summary.seconds.toFixed(1)} s (${(summary.decided / summary.seconds).toFixed(1)} a second)`,
  );
  if (summary.refused) console.log(`${summary.refused} deliveries refused (not 2xx)`);
  if (summary.undecided)
    console.log(`${summary.undecided} items accepted but not decided (${stallMs / 1000} s without a new decision)`);
}

await main().catch((error) => {
  if (!(error instanceof CorpusError)) throw error;
  console.error(error.message);
  process.exit(1);
});
