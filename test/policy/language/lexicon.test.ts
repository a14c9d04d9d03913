import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { buildExtract, EXTRACT_FILE, readLexicons } from "../../../packages/policy/scripts/lexicon-extract";
import { LexiconFileError, parseLexiconFile } from "../../../packages/policy/src/language/lexicon-file";

describe("lexicon files", () => {
  it("every file parses and validates", () => {
    const entries = readLexicons();
    expect(entries.length).toBeGreaterThan(300);
    expect(new Set(entries.map((e) => e.cls))).toContain("violence");
  });

  it("the generated extract is current (run `npm run lexicons` after editing a lexicon file)", () => {
    expect(readFileSync(EXTRACT_FILE, "utf8")).toBe(buildExtract());
  }, 30_000);

  it("refuses a line with a bad strength, an unknown source or a duplicate, naming file and line", () => {
    expect(() => parseLexiconFile("insult", "stronzo | very | it | team")).toThrow(LexiconFileError);
    expect(() => parseLexiconFile("insult", "\nstronzo | strong | it | wikipedia")).toThrow(/insult:2/);
    expect(() => parseLexiconFile("insult", "a | mild | it | team\na | mild | it | team")).toThrow(/duplicate/);
    expect(() => parseLexiconFile("insult", "Stronzo | strong | it | team")).toThrow(LexiconFileError);
  });

  it("reads words, exact words, tags and comments", () => {
    const [entry] = parseLexiconFile("violence", "# a comment\nfare =fuori | strong | it | team | object=human # why");
    expect(entry).toMatchObject({
      cls: "violence",
      words: ["fare", "=fuori"],
      strength: "strong",
      tags: ["object=human"],
    });
  });
});
