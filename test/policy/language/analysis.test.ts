import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { analyse, matchesOf } from "../../../packages/policy/src/language/analyse";
import { inScope } from "../../../packages/policy/src/language/analysis";
import { readWord } from "../../../packages/policy/src/language/morphology";

const token = (text: string, form: string) => {
  const t = analyse(text).tokens.find((x) => x.form === form);
  if (!t) throw new Error(`no token ${form} in ${text}`);
  return t;
};
const classesIn = (text: string) => analyse(text).matches.map((m) => `${m.entry.cls}:${m.entry.text}`);

describe("morphology", () => {
  it("reads person, tense and mood of an inflected verb", () => {
    expect(readWord("sgozzero").analyses).toContainEqual(
      expect.objectContaining({ lemma: "sgozzare", mood: "ind", tense: "fut", person: 1, number: "s" }),
    );
    expect(readWord("ucciderei").analyses).toContainEqual(
      expect.objectContaining({ lemma: "uccidere", mood: "cond", person: 1 }),
    );
  });

  it("splits enclitic pronouns off infinitives, imperatives and gerunds", () => {
    expect(readWord("ammazzarlo")).toMatchObject({ clitics: ["lo"], analyses: [{ lemma: "ammazzare", mood: "inf" }] });
    expect(readWord("dategli").clitics).toEqual(["gli"]);
    expect(readWord("dategli").analyses).toContainEqual(
      expect.objectContaining({ lemma: "dare", mood: "impr", person: 2 }),
    );
    expect(readWord("bruciargliela")).toMatchObject({ clitics: ["gli", "la"], analyses: [{ lemma: "bruciare" }] });
    expect(readWord("dammelo")).toMatchObject({ clitics: ["me", "lo"], analyses: [{ lemma: "dare", mood: "impr" }] });
    expect(readWord("picchiandolo").analyses).toContainEqual(
      expect.objectContaining({ lemma: "picchiare", mood: "ger" }),
    );
  });

  it("reads nouns and adjectives back to their lemma, and English verbs by rule", () => {
    expect(readWord("stronze").analyses.map((m) => m.lemma)).toContain("stronzo");
    expect(readWord("stabbing").analyses).toContainEqual(expect.objectContaining({ lemma: "stab", lang: "en" }));
  });

  it("knows nothing of a word outside the lexicons and the closed classes", () => {
    expect(readWord("marciapiede").analyses).toEqual([]);
  });
});

describe("tokens", () => {
  it("keep offsets into the original text, through accents and emoji", () => {
    const text = "Ti 🤬 sgozzerò, città";
    const t = token(text, "sgozzero");
    expect(text.slice(t.start, t.end)).toBe("sgozzerò");
  });

  it("keep an elided word with its apostrophe and English contractions whole", () => {
    expect(analyse("t'ammazzo quell'uomo").tokens.map((t) => t.form)).toEqual(["t'", "ammazzo", "quell'", "uomo"]);
    expect(analyse("I'll find you").tokens.map((t) => t.form)).toEqual(["i'll", "find", "you"]);
  });

  it("tell mentions, hashtags, numbers and punctuation apart", () => {
    expect(analyse("@mario #sagra 12 !").tokens.map((t) => t.kind)).toEqual(["mention", "hashtag", "number", "punct"]);
  });
});

describe("sentences, clauses and scope", () => {
  it("a dot after an abbreviation or inside a word does not end the sentence", () => {
    expect(analyse("Prot. n. 12 del comune. Grazie").sentences).toHaveLength(2);
    expect(analyse("vedi www.comune.it per info").sentences).toHaveLength(1);
  });

  it("marks negation to the end of its clause", () => {
    const text = "non vi odio, ma vi evito";
    expect(inScope(token(text, "odio"), "negated")).toBe(true);
    expect(inScope(token(text, "evito"), "negated")).toBe(false);
  });

  it("marks questions, hypotheticals, quotations and reported speech", () => {
    expect(inScope(token("vi sembra normale?", "normale"), "question")).toBe(true);
    const iff = "se piove, resto a casa";
    expect(inScope(token(iff, "piove"), "hypothetical")).toBe(true);
    expect(inScope(token(iff, "resto"), "hypothetical")).toBe(false);
    expect(inScope(token('ha scritto "stronzo" sul muro', "stronzo"), "quoted")).toBe(true);
    expect(inScope(token("mi ha dato del coglione", "coglione"), "reported")).toBe(true);
    expect(inScope(token("vi dico che siete scarsi", "scarsi"), "reported")).toBe(false);
  });
});

describe("lexicon matches", () => {
  it("a lemma covers its inflected forms, multiword entries included", () => {
    expect(classesIn("lo riempiamo di botte")).toContain("violence:riempire di botte");
    expect(classesIn("gli diamo fuoco")).toContain("violence:dare fuoco");
    expect(classesIn("quelle stronze")).toContain("insult:stronzo");
  });

  it("finds a multiword entry written solid and a word glued to its neighbours", () => {
    expect(classesIn("pezzodimerda")).toContain("insult:pezzo di merda");
    expect(classesIn("seiunostronzo")).toContain("insult:stronzo");
    const a = analyse("sporchinegri");
    const [slur] = matchesOf(a, "slur");
    expect(slur && a.text.slice(slur.start, slur.end)).toBe("negri");
  });

  it("reads masks, a dot inside a word and a symbol for a letter", () => {
    expect(classesIn("c*glione")).toContain("insult:coglione");
    expect(classesIn("str.onzo")).toContain("insult:stronzo");
    expect(classesIn("c🤬glione")).toContain("insult:coglione");
  });

  it("an entry never fires inside a longer ordinary word", () => {
    expect(classesIn("Piazza Cazzaniga e via Negrotto")).toEqual([]);
  });

  it("case, accents and stretched letters never change what is matched (obfuscation invariance)", () => {
    fc.assert(
      fc.property(
        fc.constantFrom("ti ammazzerò", "sei un coglione", "sporchi negri", "gli diamo fuoco"),
        fc.array(fc.boolean(), { minLength: 20, maxLength: 20 }),
        fc.nat({ max: 10 }),
        (text, upper, stretch) => {
          const written = [...text]
            .map((ch, i) => (upper[i] ? ch.toUpperCase() : ch))
            .map((ch, i) => (i === stretch && /[a-z]/i.test(ch) ? ch.repeat(4) : ch))
            .join("");
          expect(classesIn(written)).toEqual(classesIn(text));
        },
      ),
      { numRuns: 200 },
    );
  });
});
