import { execFile, execFileSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import type { Decision } from "@sentinella/core";
import { parseCorpus } from "@sentinella/core";
import { describe, expect, it } from "vitest";
import { compareDecisions, type DiffReport } from "../../packages/cli/src/diff";

const run = promisify(execFile);
const bin = join(import.meta.dirname, "../../packages/cli/bin/sentinella.mjs");
const root = join(import.meta.dirname, "../..");

const line = (id: string, text: string, expected?: { actions: string[]; categories: string[] }) =>
  JSON.stringify({ id, entity: "comune-cento", platform: "facebook", kind: "comment", text, expected });
const decision = (actions: string[], categories: string[] = []) =>
  ({ actions, categories: categories.map((category) => ({ category })) }) as unknown as Decision;

describe("compareDecisions", () => {
  it("lists only the items whose actions or categories change, and says which changes the labels call fixed or broken", () => {
    const items = parseCorpus(
      [
        line("a", "uno", { actions: ["hide"], categories: ["insult"] }),
        line("b", "due", { actions: ["allow"], categories: [] }),
        line("c", "tre"),
        line("d", "quattro"),
      ].join("\n"),
      "test",
    );
    const report = compareDecisions(
      items,
      [decision(["review"], ["insult"]), decision(["allow"]), decision(["reply"], ["question"]), decision(["allow"])],
      [
        decision(["hide"], ["insult"]),
        decision(["hide"], ["spam"]),
        decision(["reply"], ["question"]),
        decision(["allow"]),
      ],
    );
    expect(report.changes.map((c) => [c.id, c.label])).toEqual([
      ["a", "fixed"],
      ["b", "broken"],
    ]);
    expect(report).toMatchObject({ items: 4, changed: 2, fixed: 1, broken: 1 });
    expect(report.actions).toEqual({
      hide: { gained: 2, lost: 0 },
      review: { gained: 0, lost: 1 },
      allow: { gained: 0, lost: 1 },
    });
  });
});

describe("sentinella diff", () => {
  const dir = mkdtempSync(join(tmpdir(), "sentinella-diff-"));
  const corpus = join(dir, "corpus.jsonl");
  writeFileSync(
    corpus,
    [line("x1", "Grazie per l'aggiornamento sui lavori"), line("x2", "Sei un pezzo di merda")].join("\n"),
  );

  it("loads the engine of a git ref from its own files and finds no change against the same commit", {
    timeout: 120_000,
  }, async () => {
    const head = execFileSync("git", ["-C", root, "rev-parse", "HEAD"], { encoding: "utf8" }).trim();
    const { stdout } = await run(process.execPath, [bin, "diff", corpus, "--against", "HEAD", "--json"]);
    const report = JSON.parse(stdout) as DiffReport;
    expect(report.before.commit).toBe(head);
    expect(report).toMatchObject({ items: 2, changed: 0, changes: [] });
    expect(report.before.classifier_version).toBe(report.after.classifier_version);
  });

  it("refuses a ref that is neither a commit nor an engine version with a usage error (exit 2)", async () => {
    await expect(run(process.execPath, [bin, "diff", corpus, "--against", "no-such-engine-9"])).rejects.toMatchObject({
      code: 2,
      stderr: expect.stringContaining("neither a git ref nor a CLASSIFIER_VERSION"),
    });
  });
});
