import { stdout } from "node:process";
import { parseArgs } from "node:util";
import { Action } from "@sentinella/core";
import { classifyCorpus, readCorpus } from "./corpus";
import { type Outcome, type Report, score } from "./evaluate";

const pct = (x: number) => `${(x * 100).toFixed(1)}%`.padStart(7);

function formatReport(report: Report): string {
  const lines = [`${report.items} items in ${report.ms} ms`, "", "action     precision  recall    tp   fp   fn"];
  for (const action of Action.options) {
    const a = report.actions[action];
    lines.push(
      `${action.padEnd(10)} ${pct(a.precision)}   ${pct(a.recall)} ${String(a.tp).padStart(5)}${String(a.fp).padStart(5)}${String(a.fn).padStart(5)}`,
    );
  }
  lines.push("", "category          recall  items");
  for (const [category, c] of Object.entries(report.categories))
    lines.push(`${category.padEnd(16)} ${pct(c.recall)} ${String(c.items).padStart(6)}`);
  lines.push("", `pii caught (hide or review): ${pct(report.pii_caught).trim()}`);
  lines.push(
    `false hides (expected allow, hidden): ${report.false_hides.length ? report.false_hides.join(", ") : "none"}`,
  );
  return lines.join("\n");
}

/** One line per item whose actions or categories differ from the labels: what to look at when tuning. */
function formatMismatches(outcomes: readonly Outcome[]): string {
  const lines: string[] = [];
  for (const { item, decision } of outcomes) {
    const expected = item.expected;
    if (!expected) continue;
    const got = decision.categories.map((c) => c.category);
    const same = (a: readonly string[], b: readonly string[]) => a.length === b.length && a.every((x) => b.includes(x));
    if (same(expected.actions, decision.actions) && same(expected.categories, got)) continue;
    const rules = decision.categories.flatMap((c) => c.ruleIds).join(",");
    lines.push(
      `${item.id} expected ${expected.actions.join("+")} [${expected.categories.join(",")}] got ${decision.actions.join("+")} [${got.join(",")}] ${rules} | ${item.text.replace(/\s+/g, " ")}`,
    );
  }
  return lines.join("\n");
}

export async function run(args: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: { json: { type: "boolean", default: false }, mismatches: { type: "boolean", default: false } },
  });
  if (positionals.length !== 1) throw new Error("eval needs one corpus file: sentinella eval <corpus.jsonl> [--json]");
  const items = readCorpus(positionals[0] as string);
  const started = performance.now();
  const outcomes = [...classifyCorpus(items)];
  const report = score(outcomes, performance.now() - started);
  stdout.write(`${values.json ? JSON.stringify(report) : formatReport(report)}\n`);
  if (values.mismatches) stdout.write(`\n${formatMismatches(outcomes)}\n`);
  return 0;
}
