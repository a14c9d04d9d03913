import { stdout } from "node:process";
import { Action } from "@sentinella/core";
import { sampleCorpusFile } from "@sentinella/local/files";
import { colors as pc, table } from "@sentinella/local/terminal";
import { classifyCorpus, readCorpus } from "./corpus";
import { type Outcome, type Report, score } from "./evaluate";

const pct = (x: number) => `${(x * 100).toFixed(1)}%`;

function formatReport(report: Report, corpus: string): string {
  const actions = table(
    ["action", "precision", "recall", "tp", "fp", "fn"],
    Action.options.map((action) => {
      const a = report.actions[action];
      return [action, pct(a.precision), pct(a.recall), a.tp, a.fp, a.fn];
    }),
    { align: ["left", "right", "right", "right", "right", "right"] },
  );
  const categories = table(
    ["category", "recall", "items"],
    Object.entries(report.categories).map(([category, c]) => [category, pct(c.recall), c.items]),
    { align: ["left", "right", "right"] },
  );
  const falseHides = report.false_hides.length ? pc.red(report.false_hides.join(", ")) : pc.green("none");
  return [
    `${report.items} items from ${corpus} in ${report.ms} ms`,
    actions,
    categories,
    `pii caught (hide or review): ${pct(report.pii_caught)}`,
    `false hides (expected allow, hidden): ${falseHides}`,
  ].join("\n");
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

export async function evalCommand(
  corpus: string | undefined,
  options: { json?: boolean; mismatches?: boolean },
): Promise<void> {
  const file = corpus ?? sampleCorpusFile;
  const items = readCorpus(file);
  const started = performance.now();
  const outcomes = [...classifyCorpus(items)];
  const report = score(outcomes, performance.now() - started);
  stdout.write(`${options.json ? JSON.stringify(report) : formatReport(report, file)}\n`);
  if (options.mismatches) stdout.write(`\n${formatMismatches(outcomes)}\n`);
}
