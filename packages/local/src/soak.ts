/**
 * `npm run soak -- --rate 200 --seconds 60`: a bounded load on the local pipeline. Sends signed webhooks (Meta, X,
 * LinkedIn, each item on its own platform as the demo does) at a steady rate for a fixed time, then waits for every
 * acknowledged item to be decided, and prints what an operator asks of a load test: how fast the webhooks were
 * acknowledged (p50, p99, max), how many were refused, how many acknowledged items were lost (no decision), how long
 * the pipeline took to drain after the last acknowledgement, and what reached the dead-letter queue.
 * Figures, never a pass/fail: it is a script, not a test. Talks to the running `npm start`, or starts its own
 * pipeline in this process (in memory) for the run.
 */
import { setTimeout as sleep } from "node:timers/promises";
import { classifierTimeoutSeconds } from "@sentinella/aws";
import { CorpusError } from "@sentinella/core";
import { InvalidArgumentError } from "commander";
import { type Delivery, deliveryOf, postOf, readCorpusLines } from "./deliveries";
import { sampleCorpusFile } from "./local-files";
import { connectLocalTarget } from "./target";
import { existingFile, scriptCommand } from "./terminal";

const positive = (value: string) => {
  const n = Number(value);
  if (!Number.isFinite(n) || n <= 0) throw new InvalidArgumentError("expected a number above 0.");
  return n;
};

const args = scriptCommand("npm run soak --")
  .description(
    "A bounded load on the local pipeline: signed webhooks at a steady rate for a fixed time, then ack latency, " +
      "loss and drain time. Uses the running `npm start`, or starts a pipeline in memory for the run.",
  )
  .option("--rate <n>", "webhooks a second", positive, 200)
  .option("--seconds <n>", "how long to send", positive, 60)
  .option(
    "--drain-timeout <seconds>",
    "give up waiting for decisions this long after the last acknowledgement",
    positive,
    300,
  )
  .option("--file <corpus>", "the texts to send, cycled (JSON Lines, GUIDE.md format)", existingFile, sampleCorpusFile)
  .option("--json", "print the figures as JSON on stdout; progress goes to stderr")
  .addHelpText(
    "after",
    `
Examples:
  $ npm run soak -- --rate 200 --seconds 60
  $ npm run -s soak -- --rate 50 --seconds 10 --json
`,
  )
  .parse()
  .opts<{ rate: number; seconds: number; drainTimeout: number; file: string; json?: boolean }>();

const say = args.json ? console.error : console.log;
/** Sends ahead of the pipeline's answers, at most: beyond it the generator waits (and says it fell behind). */
const maxInFlight = 2000;

interface Sent {
  delivery: Delivery;
  entityId: string;
  sentAt: number;
  ackMs?: number;
  status?: number;
  error?: string;
  decidedAt?: number;
}

function percentile(sorted: readonly number[], p: number): number | null {
  if (sorted.length === 0) return null;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] as number;
}

async function main() {
  const target = await connectLocalTarget(say, {});
  try {
    await soak(target);
  } finally {
    await target.stop();
  }
}

async function soak(target: Awaited<ReturnType<typeof connectLocalTarget>>) {
  const total = Math.round(args.rate * args.seconds);
  const lines = (await readCorpusLines(args.file)).filter((line) => line.platform !== "youtube");
  if (lines.length === 0) throw new Error(`${args.file} has no item to deliver as a webhook`);
  const run = Date.now().toString(36);
  // Each pass over the corpus is a run of its own, so every item, message and author id is new.
  const items: Sent[] = [];
  for (let sequence = 0; items.length < total && sequence < total * 2; sequence++) {
    const line = lines[sequence % lines.length] as (typeof lines)[number];
    const delivery = deliveryOf(postOf(line), `${run}p${Math.floor(sequence / lines.length)}`, sequence, target);
    if (delivery && delivery.platform !== "youtube") items.push({ delivery, entityId: line.entity, sentAt: 0 });
  }
  const dlqBefore = await target.deadLetters();
  say(`${items.length} webhooks at ${args.rate} a second for ${args.seconds} s (texts from ${args.file})`);

  const startedAt = new Date();
  const t0 = performance.now();
  let inFlight = 0;
  let behindMs = 0;
  const answers: Promise<void>[] = [];
  for (const [i, item] of items.entries()) {
    const due = t0 + (i * 1000) / args.rate;
    const wait = due - performance.now();
    if (wait > 0) await sleep(wait);
    else behindMs = Math.max(behindMs, -wait);
    while (inFlight >= maxInFlight) await sleep(5);
    inFlight++;
    item.sentAt = performance.now();
    answers.push(
      item.delivery
        .send()
        .then(async (response) => {
          item.status = response.status;
          await response.arrayBuffer();
        })
        .catch((error: unknown) => {
          // fetch says only "fetch failed": the cause's code (ECONNRESET, UND_ERR_SOCKET…) says what happened.
          const cause = (error as { cause?: { code?: string; message?: string } }).cause;
          item.error = cause?.code ?? cause?.message ?? (error instanceof Error ? error.message : String(error));
        })
        .finally(() => {
          item.ackMs = performance.now() - item.sentAt;
          inFlight--;
        }),
    );
  }
  await Promise.all(answers);
  const sendSeconds = (performance.now() - t0) / 1000;
  const lastAck = performance.now();
  const accepted = items.filter((item) => item.status !== undefined && item.status >= 200 && item.status < 300);
  say(`sent in ${sendSeconds.toFixed(1)} s; ${accepted.length} acknowledged; waiting for the decisions…`);

  // Decisions are read back by entity from the byEntity index, from a little before the latest one seen.
  const pending = new Map(accepted.map((item) => [item.delivery.key, item]));
  const entities = [...new Set(accepted.map((item) => item.entityId))];
  let since = startedAt.toISOString();
  let lastDecision = lastAck;
  while (pending.size > 0 && performance.now() - lastAck < args.drainTimeout * 1000) {
    const found = (await Promise.all(entities.map((entity) => target.decisions.byEntity(entity, since)))).flat();
    const now = performance.now();
    for (const summary of found) {
      const item = pending.get(summary.itemKey);
      if (!item) continue;
      item.decidedAt = now;
      lastDecision = now;
      pending.delete(summary.itemKey);
    }
    const latest = found
      .map((summary) => summary.decidedAt)
      .sort()
      .at(-1);
    // A decision is written up to a classifier timeout after its decidedAt.
    if (latest) since = new Date(Date.parse(latest) - classifierTimeoutSeconds * 1000).toISOString();
    if (pending.size > 0) await sleep(500);
  }
  const dlqAfter = await target.deadLetters();
  const stillQueued = pending.size > 0 ? await target.queued() : 0;

  const acks = items
    .filter((item) => item.ackMs !== undefined && !item.error)
    .map((item) => item.ackMs as number)
    .sort((a, b) => a - b);
  const round = (n: number | null) => (n === null ? null : Math.round(n * 10) / 10);
  const figures = {
    rate: args.rate,
    seconds: args.seconds,
    sent: items.length,
    achievedRate: Math.round((items.length / sendSeconds) * 10) / 10,
    generatorBehindMs: Math.round(behindMs),
    ackMs: { p50: round(percentile(acks, 50)), p99: round(percentile(acks, 99)), max: round(acks.at(-1) ?? null) },
    acknowledged: accepted.length,
    refused: items.filter((item) => item.status !== undefined && (item.status < 200 || item.status >= 300)).length,
    networkErrors: items.filter((item) => item.error).length,
    /** The distinct network errors, most frequent first: what a platform would retry. */
    networkErrorKinds: Object.entries(
      Object.groupBy(
        items.filter((item) => item.error),
        (item) => item.error as string,
      ),
    )
      .map(([error, list]) => ({ error, count: list?.length ?? 0 }))
      .sort((a, b) => b.count - a.count)
      .slice(0, 3),
    decided: accepted.length - pending.size,
    undecided: pending.size,
    /** Messages still in the item queue when the soak stopped waiting: slow, not lost. */
    stillQueued: stillQueued ?? null,
    /** Acknowledged, not decided, and no longer in the queue (nor in the DLQ): lost. */
    lost: Math.max(0, pending.size - (stillQueued ?? 0)),
    drainSeconds: Math.round((Math.max(0, lastDecision - lastAck) / 1000) * 10) / 10,
    deadLetters: dlqAfter === undefined || dlqBefore === undefined ? null : dlqAfter - dlqBefore,
  };
  if (args.json) {
    console.log(JSON.stringify(figures, null, 2));
    return;
  }
  console.log(
    [
      `sent         ${figures.sent} webhooks in ${sendSeconds.toFixed(1)} s (${figures.achievedRate}/s asked ${args.rate}/s; generator behind by at most ${figures.generatorBehindMs} ms)`,
      `ack          p50 ${figures.ackMs.p50} ms · p99 ${figures.ackMs.p99} ms · max ${figures.ackMs.max} ms`,
      `answers      ${figures.acknowledged} acknowledged · ${figures.refused} refused · ${figures.networkErrors} network errors${figures.networkErrorKinds.map((kind) => `\n               ${kind.count} × ${kind.error}`).join("")}`,
      `loss         ${figures.lost} lost: acknowledged, never decided, no longer queued (${figures.decided} decided; ${figures.undecided} undecided after ${args.drainTimeout} s, ${figures.stillQueued ?? "?"} of them still queued)`,
      `drain        ${figures.drainSeconds} s from the last acknowledgement to the last decision`,
      `dead letters ${figures.deadLetters ?? "unknown (restart npm start to let it say where its queues are)"}`,
    ].join("\n"),
  );
}

await main().catch((error) => {
  if (!(error instanceof CorpusError)) throw error;
  console.error(error.message);
  process.exit(1);
});
