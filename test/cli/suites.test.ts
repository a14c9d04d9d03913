import { execFile } from "node:child_process";
import { join } from "node:path";
import { promisify } from "node:util";
import { parseCorpus } from "@sentinella/core";
import { describe, expect, it } from "vitest";
import { type CaseOutcome, type SuitesReport, scoreSuites } from "../../packages/cli/src/suites";
import { parseExpectation, type SuiteCase } from "../../packages/policy/eval/functional";

const run = promisify(execFile);
const bin = join(import.meta.dirname, "../../packages/cli/bin/sentinella.mjs");
const categories = new Set(["discrimination", "insult"]);

const hateCase = (id: string, side: "violating" | "contrast", hateful: boolean, expect: string): SuiteCase => ({
  id,
  suite: "hate",
  functionality: "hate.feeling",
  side,
  hateful,
  text: id,
  entity: "comune-cento",
  platform: "facebook",
  kind: "comment",
  post: "",
  context: { election_period: false },
  expect: parseExpectation(expect, categories),
});
const outcome = (c: SuiteCase, actions: string[], cats: string[] = []): CaseOutcome =>
  ({ case: c, decision: { actions, categories: cats.map((category) => ({ category })) } }) as CaseOutcome;

describe("scoreSuites", () => {
  it("scores each side of a functionality and the hate summary (flagged hateful, hidden non-hateful)", () => {
    const suites = scoreSuites(
      [
        outcome(hateCase("v1", "violating", true, "flagged:discrimination"), ["review"], ["discrimination"]),
        outcome(hateCase("v2", "violating", true, "flagged:discrimination"), ["hide"], ["insult"]),
        outcome(hateCase("v3", "violating", true, "flagged:discrimination"), ["allow"]),
        outcome(hateCase("c1", "contrast", false, "allow"), ["allow"]),
        outcome(hateCase("c2", "contrast", false, "allow"), ["hide"], ["discrimination"]),
      ],
      [{ id: "hate.feeling", suite: "hate", description: "feelings" }],
    );
    const [feeling] = suites.hate?.functionalities ?? [];
    expect(feeling?.violating).toEqual({ cases: 3, passed: 1, pass_rate: 1 / 3 });
    expect(feeling?.contrast).toEqual({ cases: 2, passed: 1, pass_rate: 0.5 });
    // v2 is flagged though not as discrimination: the summary counts hide or review, as the target does.
    expect(suites.hate?.hate).toEqual({ hateful: 3, non_hateful: 2, hateful_flagged: 2 / 3, non_hateful_hidden: 0.5 });
    expect(suites.hate?.pass_rate).toBe(2 / 5);
  });
});

describe("sentinella eval --suites", () => {
  it("reports every functionality of the chosen suite with cases on both sides", async () => {
    const { stdout } = await run(process.execPath, [bin, "eval", "--suites", "--category", "political", "--json"]);
    const report = JSON.parse(stdout) as SuitesReport;
    expect(Object.keys(report.suites)).toEqual(["political"]);
    const functionalities = report.suites.political?.functionalities ?? [];
    expect(functionalities.map((f) => f.id)).toContain("political.vote_call");
    for (const f of functionalities) {
      expect(f.violating.cases, f.id).toBeGreaterThan(0);
      expect(f.contrast.cases, f.id).toBeGreaterThan(0);
    }
  });

  it("prints the generated cases as corpus lines with --jsonl, for diff and classify --jsonl", async () => {
    const { stdout } = await run(process.execPath, [bin, "eval", "--suites", "--category", "political", "--jsonl"]);
    const items = parseCorpus(stdout, "stdout");
    expect(items.length).toBeGreaterThan(50);
    expect(items.every((i) => i.id.startsWith("political.") && i.note?.includes("side, expected"))).toBe(true);
  });

  it("refuses an unknown suite and a corpus file with a usage error (exit 2)", async () => {
    await expect(run(process.execPath, [bin, "eval", "--suites", "--category", "nosuch"])).rejects.toMatchObject({
      code: 2,
      stderr: expect.stringContaining("no suite nosuch"),
    });
    await expect(run(process.execPath, [bin, "eval", "corpus.jsonl", "--suites"])).rejects.toMatchObject({ code: 2 });
  });
});
