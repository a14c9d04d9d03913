import { cpuUsage, stderr, stdout } from "node:process";
import type { CorpusItem } from "@sentinella/core";
import { sampleCorpusFile } from "@sentinella/local/files";
import { table } from "@sentinella/local/terminal";
import { classify, getPolicy } from "@sentinella/policy";
import badwords from "italian-badwords-list";
import { readCorpus, toClassifyCall } from "./corpus";
import { actionScore } from "./evaluate";

const MIN_ITEMS = 50_000;

interface Figures {
  /** Wall-clock throughput: what an idle machine gives. */
  itemsPerSecond: number;
  /**
   * Throughput per second of CPU time used by the whole process, garbage-collector threads included: steadier
   * than wall clock when other processes share the machine, lower than it on an idle one.
   */
  itemsPerCpuSecond: number;
  p50Micros: number;
  p99Micros: number;
  hide: { precision: number; recall: number };
}

/**
 * What a page admin's keyword blocklist does: hide any item containing a word of italian-badwords-list
 * (MIT) as a whole word, ignoring case. Letters of any script count as word characters, unlike JS `\b`.
 */
const blocklist = new RegExp(`(?<![\\p{L}\\p{N}])(?:${badwords.array.join("|")})(?![\\p{L}\\p{N}])`, "iu");

/** Runs `hides` over the items, repeated to at least MIN_ITEMS, timing each call. */
function measure(items: readonly CorpusItem[], hides: (item: CorpusItem, index: number) => boolean): Figures {
  // One untimed pass so the figures describe a warm process, as in a running Lambda.
  const verdicts = items.map(hides);
  const rounds = Math.ceil(MIN_ITEMS / items.length);
  const latencies = new Float64Array(rounds * items.length);
  let k = 0;
  const cpuBefore = cpuUsage();
  const started = performance.now();
  for (let round = 0; round < rounds; round++) {
    for (const [index, item] of items.entries()) {
      const t = performance.now();
      hides(item, index);
      latencies[k++] = performance.now() - t;
    }
  }
  const elapsed = performance.now() - started;
  const cpu = cpuUsage(cpuBefore);
  latencies.sort();
  const at = (q: number) => (latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))] ?? 0) * 1000;

  const hide = actionScore(
    items.map((item, index) => [item.expected?.actions.includes("hide") ?? false, verdicts[index] ?? false]),
  );
  return {
    itemsPerSecond: Math.round((latencies.length / elapsed) * 1000),
    itemsPerCpuSecond: Math.round((latencies.length / (cpu.user + cpu.system)) * 1e6),
    p50Micros: Number(at(0.5).toFixed(1)),
    p99Micros: Number(at(0.99).toFixed(1)),
    hide: { precision: Number(hide.precision.toFixed(3)), recall: Number(hide.recall.toFixed(3)) },
  };
}

export async function benchCommand(options: { corpus?: string; json?: boolean }): Promise<void> {
  const corpus = options.corpus ?? sampleCorpusFile;
  const items = readCorpus(corpus);
  const calls = items.map((item) => [...toClassifyCall(item, []), getPolicy(item.entity)] as const);
  if (!options.json) stderr.write(`measuring ${corpus} repeated to ${MIN_ITEMS} items…\n`);
  const engine = measure(items, (_, i) => {
    const [input, context, policy] = calls[i] as (typeof calls)[number];
    return classify(input, policy, context).actions.includes("hide");
  });
  const baseline = measure(items, (item) => blocklist.test(item.text));
  const total = Math.ceil(MIN_ITEMS / items.length) * items.length;

  if (options.json) {
    stdout.write(`${JSON.stringify({ items: total, corpus, engine, baseline })}\n`);
    return;
  }
  const row = (name: string, f: Figures) => [
    name,
    f.itemsPerSecond,
    f.itemsPerCpuSecond,
    f.p50Micros.toFixed(1),
    f.p99Micros.toFixed(1),
    f.hide.precision.toFixed(3),
    f.hide.recall.toFixed(3),
  ];
  stdout.write(
    `${total} items (${corpus} repeated), one core\n${table(
      ["", "items/s", "per CPU s", "p50 µs", "p99 µs", "hide prec", "recall"],
      [row("sentinella", engine), row("blocklist (badwords-list)", baseline)],
      { align: ["left", "right", "right", "right", "right", "right", "right"] },
    )}\n`,
  );
}
