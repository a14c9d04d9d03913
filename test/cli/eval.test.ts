import { execFile } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import type { Action, Category, Decision } from "@sentinella/core";
import { parseCorpus } from "@sentinella/core";
import { describe, expect, it } from "vitest";
import { score } from "../../packages/cli/src/evaluate";

const run = promisify(execFile);
const bin = join(import.meta.dirname, "../../packages/cli/bin/sentinella.mjs");

const line = (id: string, text: string, actions: Action[], categories: Category[]) =>
  JSON.stringify({
    id,
    entity: "comune-cento",
    platform: "facebook",
    kind: "comment",
    post: "Lavori in corso sulla provinciale",
    text,
    author: { name: `autore ${id}` },
    context: { election_period: false },
    expected: { actions, categories },
  });

const decision = (actions: Action[], categories: Category[] = []): Decision => ({
  actions,
  categories: categories.map((category) => ({
    category,
    confidence: 0.9,
    clearCut: true,
    ruleIds: [],
    clause: "",
    evidence: [],
  })),
  redactedText: "",
  explanation: "",
  policyVersion: "v",
  classifierVersion: "c",
});

describe("score", () => {
  const [allowItem, insultItem, piiItem] = parseCorpus(
    [
      line("a1", "Bel lavoro", ["allow"], []),
      line("i1", "insulto", ["hide"], ["insult"]),
      line("p1", "dato personale", ["hide"], ["pii"]),
    ].join("\n"),
    "test",
  );

  it("counts an item as positive for an action when the label has it, and names false hides", () => {
    if (!allowItem || !insultItem || !piiItem) throw new Error("corpus not parsed");
    const report = score(
      [
        { item: allowItem, decision: decision(["hide"], ["insult"]) },
        { item: insultItem, decision: decision(["hide"], ["insult"]) },
        { item: piiItem, decision: decision(["review"], ["pii"]) },
      ],
      12.4,
    );
    expect(report.items).toBe(3);
    expect(report.actions.hide).toEqual({ precision: 0.5, recall: 0.5, tp: 1, fp: 1, fn: 1 });
    expect(report.actions.allow).toEqual({ precision: 1, recall: 0, tp: 0, fp: 0, fn: 1 });
    expect(report.categories.insult?.recall).toBe(1);
    expect(report.pii_caught).toBe(1);
    expect(report.false_hides).toEqual(["a1"]);
    expect(report.ms).toBe(12);
  });

  it("reports the line of a malformed corpus item", () => {
    expect(() => parseCorpus(`${line("x", "ok", ["allow"], [])}\n{"id": 3}`, "corpus.jsonl")).toThrow(
      /corpus\.jsonl:2/,
    );
  });
});

describe("sentinella CLI", () => {
  const dir = mkdtempSync(join(tmpdir(), "sentinella-cli-"));
  const corpus = join(dir, "corpus.jsonl");
  writeFileSync(
    corpus,
    [
      line("c1", "Siete degli stronzi", ["hide"], ["insult"]),
      line("c2", "A che ora apre l'ufficio tributi il sabato?", ["reply"], ["question"]),
      line("c3", "Finalmente si lavora, bene così", ["allow"], []),
    ].join("\n"),
  );

  it("eval --json prints the report with the contract's keys", async () => {
    const { stdout } = await run("node", [bin, "eval", corpus, "--json"]);
    const report = JSON.parse(stdout);
    expect(Object.keys(report)).toEqual(["items", "actions", "categories", "pii_caught", "false_hides", "ms"]);
    expect(report.items).toBe(3);
    expect(report.actions.hide).toMatchObject({ precision: 1, recall: 1, tp: 1, fp: 0, fn: 0 });
    expect(report.categories.question.recall).toBe(1);
    expect(report.false_hides).toEqual([]);
  });

  it("classify --jsonl writes one decision line per item", async () => {
    const child = run("node", [bin, "classify", "--jsonl"]);
    child.child.stdin?.end(
      `${line("m1", "Scrivetemi a luca.neri77@gmail.com", ["hide"], ["pii"])}\n${line("m2", "Bel lavoro", ["allow"], [])}\n`,
    );
    const lines = (await child).stdout
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l));
    expect(lines).toEqual([
      { id: "m1", actions: ["hide"], categories: ["pii"], redacted: "Scrivetemi a [omissis]" },
      { id: "m2", actions: ["allow"], categories: [], redacted: "Bel lavoro" },
    ]);
  });

  it("classify prints one decision for one text, as JSON on request", async () => {
    const { stdout } = await run("node", [
      bin,
      "classify",
      "--entity",
      "comune-cento",
      "--json",
      "Siete degli stronzi",
    ]);
    expect(JSON.parse(stdout)).toMatchObject({ actions: ["hide"], categories: [{ category: "insult" }] });
    const human = await run("node", [bin, "classify", "--entity", "comune-cento", "Siete degli stronzi"]);
    expect(human.stdout).toMatch(/^azioni: nascosto\n- linguaggio offensivo \(netto\)/);
  });

  it("fails with a clear message and a usage exit code for an unknown entity, option value or command", async () => {
    await expect(run("node", [bin, "classify", "--entity", "comune-x", "testo"])).rejects.toMatchObject({
      code: 2,
      stderr: expect.stringMatching(/No policy for entity "comune-x"/),
    });
    await expect(
      run("node", [bin, "classify", "--entity", "comune-cento", "--kind", "post", "testo"]),
    ).rejects.toMatchObject({
      code: 2,
      stderr: expect.stringMatching(/Allowed choices are comment, reply, message, mention/),
    });
    await expect(run("node", [bin, "frobnicate"])).rejects.toMatchObject({ code: 2 });
    await expect(run("node", [bin, "eval", join(dir, "missing.jsonl")])).rejects.toMatchObject({
      code: 1,
      stderr: expect.stringMatching(/^Corpus file not found: .*missing\.jsonl\n$/),
    });
  });
  it("prints no colour codes when stdout is not a terminal", async () => {
    const { stdout } = await run("node", [bin, "eval", corpus]);
    expect(stdout).toContain("false hides");
    expect(stdout).not.toContain("\u001b[");
  });
});

describe("sentinella CLI conventions", () => {
  const commands = [
    [],
    ["classify"],
    ["eval"],
    ["bench"],
    ["obligations"],
    ["obligations", "list"],
    ["obligations", "close"],
  ];

  it.each(commands)("%s --help describes the command on stdout with examples, and exits 0", async (...names) => {
    for (const flag of ["--help", "-h"]) {
      const { stdout, stderr } = await run("node", [bin, ...names, flag]);
      expect(stdout).toMatch(/^Usage: sentinella/);
      expect(stdout).toMatch(names.length === 0 ? /Commands:\n {2}classify/ : /Options:/);
      if (names.length > 0 && names[0] !== "obligations") expect(stdout).toMatch(/Examples:\n {2}\$ sentinella/);
      expect(stderr).toBe("");
    }
  });

  it("prints its version", async () => {
    const { stdout } = await run("node", [bin, "--version"]);
    expect(stdout.trim()).toMatch(/^\d+\.\d+\.\d+$/);
  });

  it("answers an unknown option with the command's usage hint on stderr and exit code 2", async () => {
    await expect(run("node", [bin, "eval", "--frobnicate"])).rejects.toMatchObject({
      code: 2,
      stdout: "",
      stderr: expect.stringMatching(/unknown option '--frobnicate'[\s\S]*--help/),
    });
  });
});
