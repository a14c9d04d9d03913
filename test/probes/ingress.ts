/**
 * `npm run probe:ingress -- --count 10000`: the ingress probe, as figures. Fuzzed bodies (the generators of
 * the property tests: hostile values in Meta's shape, real X and LinkedIn deliveries with fields broken or removed,
 * raw bytes) go signed to every webhook route, and the probe counts what a platform and an operator would see:
 * answers by status, items queued, queued messages the classifier could never read (a signed input acknowledged
 * and then parked in the DLQ without a word: the figure must be 0), 5xx answers (the platform would redeliver the
 * same body for days: must be 0), and events recorded as rejected or ignored instead.
 */
import { scriptCommand } from "@sentinella/local/terminal";
import { InvalidArgumentError } from "commander";
import fc from "fast-check";
import { deliver, fuzzedRoutes } from "../support/webhook-fuzz";

const { count, seed, json } = scriptCommand("npm run probe:ingress --")
  .description(
    "Fuzzed signed webhooks through every ingress route (Meta, X, LinkedIn), in process: answers by status, items " +
      "queued, queued messages that are no valid Item (parked silently), 5xx answers, events rejected or ignored.",
  )
  .option(
    "--count <n>",
    "bodies per route (half structured, half raw bytes)",
    (value) => {
      const n = Number(value);
      if (!Number.isInteger(n) || n <= 0) throw new InvalidArgumentError("expected a positive whole number.");
      return n;
    },
    10_000,
  )
  .option("--seed <n>", "fast-check seed, to replay a run", Number, 42)
  .option("--json", "print the figures as JSON")
  .addHelpText(
    "after",
    `
Examples:
  $ npm run probe:ingress
  $ npm run -s probe:ingress -- --count 2000 --seed 7 --json
`,
  )
  .parse()
  .opts<{ count: number; seed: number; json?: boolean }>();

const figures = [];
for (const route of fuzzedRoutes) {
  const structured = fc.sample(route.bodies, { numRuns: Math.ceil(count / 2), seed });
  const raw = fc.sample(fc.uint8Array({ maxLength: 2000 }), { numRuns: Math.floor(count / 2), seed });
  const bodies = [...structured.map((body) => Buffer.from(JSON.stringify(body) ?? "null")), ...raw.map(Buffer.from)];
  const statuses = new Map<number, number>();
  let queued = 0;
  let parkedSilently = 0;
  let rejected = 0;
  let ignored = 0;
  for (const bytes of bodies) {
    const outcome = await deliver(route, bytes);
    statuses.set(outcome.status, (statuses.get(outcome.status) ?? 0) + 1);
    queued += outcome.queued;
    parkedSilently += outcome.invalidQueued;
    rejected += outcome.metrics.get("EventsRejected") ?? 0;
    ignored += outcome.metrics.get("EventsIgnored") ?? 0;
  }
  const serverErrors = [...statuses].filter(([status]) => status >= 500).reduce((sum, [, n]) => sum + n, 0);
  figures.push({
    route: route.path,
    bodies: bodies.length,
    statuses: Object.fromEntries([...statuses].sort(([a], [b]) => a - b)),
    queued,
    parkedSilently,
    serverErrors,
    eventsRejected: rejected,
    eventsIgnored: ignored,
  });
}

if (json) console.log(JSON.stringify({ seed, figures }));
else {
  for (const f of figures) {
    const statuses = Object.entries(f.statuses)
      .map(([status, n]) => `${status} ×${n}`)
      .join(", ");
    console.log(
      `${f.route.padEnd(19)} ${f.bodies} signed bodies: ${statuses}; ${f.queued} items queued, ` +
        `${f.parkedSilently} parked silently (queued, no valid Item), ${f.serverErrors} 5xx; ` +
        `events rejected ${f.eventsRejected}, ignored ${f.eventsIgnored}`,
    );
  }
  console.log(`seed ${seed}: replay with --seed ${seed}`);
}
