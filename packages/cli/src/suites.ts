import { stdout } from "node:process";
import type { Decision } from "@sentinella/core";
import { colors as pc, table } from "@sentinella/local/terminal";
import { classify, getPolicy } from "@sentinella/policy";
import {
  type Functionality,
  generateSuites,
  meets,
  type Side,
  type SuiteCase,
  suiteNames,
} from "@sentinella/policy/functional";
import { toClassifyCall } from "./corpus";
import { UsageError } from "./errors";

export interface SideScore {
  cases: number;
  passed: number;
  pass_rate: number;
}

export interface FunctionalityScore {
  id: string;
  description: string;
  /** For a spelling variation: the functionalities whose cases it perturbs. */
  base?: string;
  violating: SideScore;
  contrast: SideScore;
}

/** The two figures issue 7 targets on a functional hate-speech suite. */
export interface HateSummary {
  hateful: number;
  non_hateful: number;
  /** Share of hateful cases hidden or sent to review. */
  hateful_flagged: number;
  /** Share of non-hateful cases hidden. */
  non_hateful_hidden: number;
}

export interface SuiteScore {
  cases: number;
  passed: number;
  pass_rate: number;
  hate?: HateSummary;
  functionalities: FunctionalityScore[];
}

/** The report's JSON shape is the contract of `sentinella eval --suites --json`. */
export interface SuitesReport {
  seed: string;
  cases: number;
  suites: Record<string, SuiteScore>;
  ms: number;
}

export interface CaseOutcome {
  case: SuiteCase;
  decision: Pick<Decision, "actions" | "categories">;
}

const rate = (part: number, whole: number) => (whole === 0 ? 1 : part / whole);
const sideScore = (outcomes: readonly CaseOutcome[]): SideScore => {
  const passed = outcomes.filter((o) => meets(o.decision, o.case.expect)).length;
  return { cases: outcomes.length, passed, pass_rate: rate(passed, outcomes.length) };
};
const flagged = (d: CaseOutcome["decision"]) => d.actions.includes("hide") || d.actions.includes("review");

/** Pass rates per functionality and side, per suite, and the hate summary; pure, so testable without the engine. */
export function scoreSuites(
  outcomes: readonly CaseOutcome[],
  functionalities: readonly Functionality[],
): Record<string, SuiteScore> {
  const suites: Record<string, SuiteScore> = {};
  for (const f of functionalities) {
    const mine = outcomes.filter((o) => o.case.functionality === f.id);
    const onSide = (side: Side) => sideScore(mine.filter((o) => o.case.side === side));
    const suite = suites[f.suite] ?? { cases: 0, passed: 0, pass_rate: 1, functionalities: [] };
    const score: FunctionalityScore = {
      id: f.id,
      description: f.description,
      ...(f.base ? { base: f.base } : {}),
      violating: onSide("violating"),
      contrast: onSide("contrast"),
    };
    suite.functionalities.push(score);
    suite.cases += score.violating.cases + score.contrast.cases;
    suite.passed += score.violating.passed + score.contrast.passed;
    suite.pass_rate = rate(suite.passed, suite.cases);
    suites[f.suite] = suite;
  }
  const hate = outcomes.filter((o) => o.case.hateful !== undefined);
  const hatefulCases = hate.filter((o) => o.case.hateful);
  const benign = hate.filter((o) => !o.case.hateful);
  if (suites.hate && hate.length) {
    suites.hate.hate = {
      hateful: hatefulCases.length,
      non_hateful: benign.length,
      hateful_flagged: rate(hatefulCases.filter((o) => flagged(o.decision)).length, hatefulCases.length),
      non_hateful_hidden: benign.length
        ? benign.filter((o) => o.decision.actions.includes("hide")).length / benign.length
        : 0,
    };
  }
  return suites;
}

/** Names accepted by --category: a suite, or an engine category that a suite measures. */
const SUITE_OF: Record<string, string> = {
  discrimination: "hate",
  question: "request",
  personal_request: "request",
  minors: "pii",
};

export function suitesFor(category: string | undefined): string[] | undefined {
  return category
    ?.split(",")
    .map((c) => c.trim())
    .filter(Boolean)
    .map((c) => SUITE_OF[c] ?? c);
}

export interface SuitesOptions {
  category?: string;
  seed?: string;
  json?: boolean;
  failures?: boolean;
  jsonl?: boolean;
}

/**
 * The generated cases as corpus lines (GUIDE.md format, without `expected`: a suite's expectations can be looser
 * than one label), so that `sentinella diff` and `classify --jsonl` run on them too.
 */
export function casesAsCorpus(cases: readonly SuiteCase[]): string {
  return cases
    .map((c) =>
      JSON.stringify({
        id: c.id,
        entity: c.entity,
        platform: c.platform,
        kind: c.kind,
        post: c.post,
        text: c.text,
        context: c.context,
        note: `${c.functionality}, ${c.side} side, expected ${c.expect.source}`,
      }),
    )
    .join("\n");
}

/** The cases of the suites --category names (all by default), from --seed. */
function generate(options: Pick<SuitesOptions, "category" | "seed">) {
  const suites = suitesFor(options.category);
  const known = suiteNames();
  const unknown = suites?.filter((s) => !known.includes(s));
  if (unknown?.length)
    throw new UsageError(`no suite ${unknown.join(", ")}: --category takes one of ${known.join(", ")}`);
  return generateSuites({ ...(options.seed ? { seed: options.seed } : {}), ...(suites ? { suites } : {}) });
}

export function runSuites(options: Pick<SuitesOptions, "category" | "seed"> = {}) {
  const { cases, functionalities } = generate(options);
  const started = performance.now();
  const outcomes: CaseOutcome[] = cases.map((c) => {
    const [input, context] = toClassifyCall(c, []);
    return { case: c, decision: classify(input, getPolicy(c.entity), context) };
  });
  const report: SuitesReport = {
    seed: options.seed ?? "default",
    cases: cases.length,
    suites: scoreSuites(outcomes, functionalities),
    ms: Math.round(performance.now() - started),
  };
  return { report, outcomes };
}

const pct = (x: number) => `${(x * 100).toFixed(1)}%`;
const cell = (s: SideScore) => {
  const text = `${pct(s.pass_rate)} (${s.passed}/${s.cases})`;
  return s.pass_rate >= 0.95 ? pc.green(text) : s.pass_rate < 0.5 ? pc.red(text) : text;
};

function formatReport(report: SuitesReport): string {
  const parts = [`${report.cases} generated cases (seed ${report.seed}), classified in ${report.ms} ms`];
  for (const [name, suite] of Object.entries(report.suites)) {
    parts.push(
      "",
      pc.bold(`${name}: ${pct(suite.pass_rate)} of ${suite.cases} cases as the guide expects`),
      table(
        ["functionality", "violating side", "contrast side"],
        suite.functionalities.map((f) => [f.id, cell(f.violating), cell(f.contrast)]),
        { align: ["left", "right", "right"] },
      ),
    );
    if (suite.hate)
      parts.push(
        `hateful items flagged (hide or review): ${pct(suite.hate.hateful_flagged)} of ${suite.hate.hateful}`,
        `non-hateful items hidden: ${pct(suite.hate.non_hateful_hidden)} of ${suite.hate.non_hateful}`,
      );
  }
  return parts.join("\n");
}

function formatFailures(outcomes: readonly CaseOutcome[]): string {
  return outcomes
    .filter((o) => !meets(o.decision, o.case.expect))
    .map(({ case: c, decision }) => {
      const got = `${decision.actions.join("+")} [${decision.categories.map((x) => x.category).join(",")}]`;
      return `${c.id} expected ${c.expect.source} got ${got} | ${c.text}`;
    })
    .join("\n");
}

export async function suitesCommand(corpus: string | undefined, options: SuitesOptions): Promise<void> {
  if (corpus !== undefined) throw new UsageError("eval --suites generates its cases: give no corpus file");
  if (options.jsonl) {
    stdout.write(`${casesAsCorpus(generate(options).cases)}\n`);
    return;
  }
  const { report, outcomes } = runSuites(options);
  stdout.write(`${options.json ? JSON.stringify(report) : formatReport(report)}\n`);
  if (options.failures) stdout.write(`\n${formatFailures(outcomes)}\n`);
}
