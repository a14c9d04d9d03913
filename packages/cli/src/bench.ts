import { cpuUsage, stdout } from "node:process";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { classify, getPolicy } from "@sentinella/policy";
import badwords from "italian-badwords-list";
import { type CorpusItem, readCorpus, toClassifyCall } from "./corpus";
import { actionScore } from "./evaluate";

const MIN_ITEMS = 50_000;
const DEFAULT_CORPUS = fileURLToPath(new URL("../../../../shared/eval/dev.jsonl", import.meta.url));

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

export async function run(args: string[]): Promise<number> {
  const { values } = parseArgs({
    args,
    options: { json: { type: "boolean", default: false }, corpus: { type: "string", default: DEFAULT_CORPUS } },
  });
  const items = readCorpus(values.corpus);
  const calls = items.map((item) => [...toClassifyCall(item, []), getPolicy(item.entity)] as const);
  const engine = measure(items, (_, i) => {
    const [input, context, policy] = calls[i] as (typeof calls)[number];
    return classify(input, policy, context).actions.includes("hide");
  });
  const baseline = measure(items, (item) => blocklist.test(item.text));
  const total = Math.ceil(MIN_ITEMS / items.length) * items.length;

  if (values.json) {
    stdout.write(`${JSON.stringify({ items: total, corpus: values.corpus, engine, baseline })}\n`);
    return 0;
  }
  const row = (name: string, f: Figures) =>
    `${name.padEnd(28)}${String(f.itemsPerSecond).padStart(10)}${String(f.itemsPerCpuSecond).padStart(12)}${f.p50Micros.toFixed(1).padStart(9)}${f.p99Micros.toFixed(1).padStart(9)}${f.hide.precision.toFixed(3).padStart(11)}${f.hide.recall.toFixed(3).padStart(9)}`;
  stdout.write(
    [
      `${total} items (${values.corpus} repeated), one core`,
      "",
      `${"".padEnd(28)}${"items/s".padStart(10)}${"per CPU s".padStart(12)}${"p50 µs".padStart(9)}${"p99 µs".padStart(9)}${"hide prec".padStart(11)}${"recall".padStart(9)}`,
      row("sentinella", engine),
      row("blocklist (badwords-list)", baseline),
      "",
    ].join("\n"),
  );
  return 0;
}
