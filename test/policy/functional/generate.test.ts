import { isValidIBAN } from "ibantools";
import { stdnum } from "stdnum";
import { describe, expect, it } from "vitest";
import { generateSuites, meets, parseExpectation } from "../../../packages/policy/eval/functional";
import { codiceFiscale, italianIban } from "../../../packages/policy/eval/functional/identifiers";
import { perturbWord } from "../../../packages/policy/eval/functional/perturb";
import { seeded } from "../../../packages/policy/eval/functional/random";

const categories = new Set(["insult", "threat", "discrimination", "pii"]);
const all = generateSuites();

describe("functional suite generator", () => {
  it("generates the same cases from the same seed, and other cases from another seed", () => {
    expect(generateSuites({ suites: ["threat"] }).cases).toEqual(all.cases.filter((c) => c.suite === "threat"));
    const other = generateSuites({ suites: ["hate"], seed: "another seed" }).cases.map((c) => c.text);
    const mine = all.cases.filter((c) => c.suite === "hate").map((c) => c.text);
    expect(other).not.toEqual(mine);
  });

  it("gives every functionality a violating side and a contrast side, with unique ids", () => {
    for (const f of all.functionalities) {
      const mine = all.cases.filter((c) => c.functionality === f.id);
      expect(
        mine.some((c) => c.side === "violating"),
        `${f.id} violating`,
      ).toBe(true);
      expect(
        mine.some((c) => c.side === "contrast"),
        `${f.id} contrast`,
      ).toBe(true);
    }
    expect(new Set(all.cases.map((c) => c.id)).size).toBe(all.cases.length);
  });

  it("generates thousands of cases over eight suites, the hate suite split between hateful and non-hateful", () => {
    expect(new Set(all.cases.map((c) => c.suite))).toEqual(
      new Set(["emergency", "hate", "insult", "pii", "political", "request", "spam", "threat"]),
    );
    expect(all.cases.length).toBeGreaterThan(10_000);
    const hate = all.cases.filter((c) => c.suite === "hate");
    expect(hate.filter((c) => c.hateful).length).toBeGreaterThan(3000);
    expect(hate.filter((c) => c.hateful === false).length).toBeGreaterThan(3000);
    expect(all.cases.filter((c) => c.suite !== "hate").every((c) => c.hateful === undefined)).toBe(true);
  });

  it("leaves no slot unfilled and no marker in a text", () => {
    const broken = all.cases.filter(
      (c) => /[{}]/.test(c.text + c.post) || c.text.includes("\u0001") || c.text.includes("\u0002"),
    );
    expect(broken.map((c) => c.id)).toEqual([]);
  });

  it("covers every identity group of the lists with a hateful and a non-hateful feeling", () => {
    for (const group of [
      "gli albanesi",
      "i rom",
      "i musulmani",
      "le donne",
      "i gay",
      "i disabili",
      "gli anziani",
      "i meridionali",
      "i poveri",
    ]) {
      const feeling = all.cases.filter((c) => c.functionality === "hate.feeling" && c.text.includes(group));
      expect(new Set(feeling.map((c) => c.side)), group).toEqual(new Set(["violating", "contrast"]));
    }
  });

  it("writes valid codici fiscali and IBANs on the violating side and invalid ones on the contrast", () => {
    const codes = (functionality: string, side: string, pattern: RegExp) =>
      all.cases
        .filter((c) => c.functionality === functionality && c.side === side)
        .map((c) => (c.text.match(pattern) as RegExpMatchArray)[0]);
    const cf = /[A-Z]{6}\d{2}[A-Z]\d{2}[A-Z]\d{3}[A-Z]/;
    const iban = /IT\d{2}[A-Z]\d{22}/;
    const checker = stdnum.IT?.codicefiscale;
    if (!checker) throw new Error("stdnum has no Italian codice fiscale");
    expect(codes("pii.codice_fiscale", "violating", cf).every((c) => checker.validate(c).isValid)).toBe(true);
    expect(codes("pii.codice_fiscale", "contrast", cf).some((c) => checker.validate(c).isValid)).toBe(false);
    expect(codes("pii.iban", "violating", iban).every((c) => isValidIBAN(c))).toBe(true);
    expect(codes("pii.iban", "contrast", iban).some((c) => isValidIBAN(c))).toBe(false);
  });

  it("quotes an entity's own published contacts only under that entity", () => {
    const contrast = all.cases.filter((c) => c.functionality === "pii.phone" && c.side === "contrast");
    expect(contrast.length).toBeGreaterThan(0);
    for (const c of contrast) {
      if (c.text.includes("800.375.515") || c.text.includes("800 375 515")) expect(c.entity).toBe("comune-cento");
      if (c.text.includes("0523")) expect(c.entity).toBe("provincia-piacenza");
    }
  });

  it("passes the election period to the political cases that depend on it", () => {
    const vote = all.cases.filter((c) => c.functionality === "political.vote_call");
    expect(vote.filter((c) => c.side === "violating").every((c) => c.context.election_period)).toBe(true);
    expect(vote.filter((c) => c.side === "contrast").some((c) => c.context.election_period)).toBe(false);
  });
});

describe("identifiers", () => {
  it("computes the codice fiscale's check letter and the IBAN's CIN and check digits", () => {
    expect(codiceFiscale("Rossi", "Mario", { year: 1980, month: 1, day: 1 }, "M", "H501")).toBe("RSSMRA80A01H501U");
    expect(italianIban("03069", "09606", "100000000123")).toBe("IT70B0306909606100000000123");
  });
});

describe("perturbations", () => {
  const random = seeded("test");
  it("rewrites a word as people write past a filter", () => {
    expect(perturbWord("stronzo", "leet", random)).toBe("5tr0nz0");
    expect(perturbWord("stronzo", "spaced", random)).toBe("s t r o n z o");
    expect(perturbWord("stronzo", "dotted", random)).toBe("s.t.r.o.n.z.o");
    expect(perturbWord("stronzo", "lookalike", random)).not.toBe("stronzo");
    expect(perturbWord("stronzo", "lookalike", random).normalize("NFKD")).toHaveLength(7);
  });
});

const meetsOf = (e: ReturnType<typeof parseExpectation>, d: never) => meets(d, e);

describe("expectations", () => {
  const decision = (actions: string[], cats: string[] = []) =>
    ({ actions, categories: cats.map((category) => ({ category })) }) as never;

  it("reads exact actions, flagged (hide or review), required and forbidden categories", () => {
    const flagged = parseExpectation("flagged:discrimination", categories);
    expect(meetsOf(flagged, decision(["review"], ["discrimination"]))).toBe(true);
    expect(meetsOf(flagged, decision(["hide"], ["insult"]))).toBe(false);
    const exact = parseExpectation("hide+escalate:threat", categories);
    expect(meetsOf(exact, decision(["hide", "escalate"], ["threat"]))).toBe(true);
    expect(meetsOf(exact, decision(["review", "escalate"], ["threat"]))).toBe(false);
    const notDiscrimination = parseExpectation("not_hidden!discrimination", categories);
    expect(meetsOf(notDiscrimination, decision(["review"], ["insult"]))).toBe(true);
    expect(meetsOf(notDiscrimination, decision(["review"], ["discrimination"]))).toBe(false);
  });

  it("refuses an unknown action or category", () => {
    expect(() => parseExpectation("delete", categories)).toThrow(/unknown action/);
    expect(() => parseExpectation("hide:hate", categories)).toThrow(/unknown category/);
  });
});
