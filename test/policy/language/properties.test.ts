import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { detectContent } from "../../../packages/policy/src/language";
import { LEXICON } from "../../../packages/policy/src/language/analyse";

const base = {
  kind: "comment" as const,
  platform: "facebook" as const,
  electionPeriod: false,
  contacts: { emails: [], phones: [], websites: [] },
  allowedDomains: [],
  recentTextsByAuthor: [],
};

/**
 * Single-word strong insults and slurs, as a moderator would read them: not the everyday words that are one only
 * as a label thrown at someone or as a plural naming people (`label`, `det`).
 */
const words = (cls: string) =>
  LEXICON.filter(
    (e) =>
      e.cls === cls &&
      e.lang === "it" &&
      e.strength === "strong" &&
      !e.tags.includes("label") &&
      !e.tags.includes("det"),
  )
    .map((e) => e.text)
    .filter((w) => /^[a-z]{5,}$/.test(w));
const INSULTS = words("insult");
const SLURS = words("slur");

const LEET: Record<string, string> = { a: "4", e: "3", i: "1", o: "0", s: "5" };
const SEPARATORS = [".", " ", "-", "_", "*", "🤬", "\u200b"];

/** Disguises a word the way people do: letter case, leetspeak, stretched letters, separators between letters. */
const disguised = (word: string) =>
  fc
    .record({
      upper: fc.array(fc.boolean(), { minLength: word.length, maxLength: word.length }),
      leet: fc.array(fc.boolean(), { minLength: word.length, maxLength: word.length }),
      stretch: fc.nat({ max: word.length - 1 }),
      separator: fc.option(fc.constantFrom(...SEPARATORS), { nil: undefined }),
    })
    .map(({ upper, leet, stretch, separator }) => {
      const letters = [...word].map((ch, i) => {
        let out = leet[i] && LEET[ch] ? (LEET[ch] as string) : ch;
        if (upper[i]) out = out.toUpperCase();
        return i === stretch && !/\d/.test(out) ? out.repeat(4) : out;
      });
      // A separator between every letter replaces the other disguises, as in "s.t.r.o.n.z.o".
      return separator ? [...word].join(separator) : letters.join("");
    });

describe("lexicon properties", () => {
  it("a disguised strong insult aimed at someone is still a clear-cut insult", () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...INSULTS).chain((word) => disguised(word)),
        (written) => {
          // "Stronzo" capitalised inside a sentence reads as a surname ("il preside Negri"): left to other signals.
          fc.pre(!/^\p{Lu}\p{Ll}+$/u.test(written));
          const found = detectContent({ ...base, text: `sindaco sei proprio uno ${written}, vergogna` });
          expect(found.some((f) => f.category === "insult" && f.clearCut)).toBe(true);
        },
      ),
      { numRuns: 300 },
    );
  });

  it("a disguised slur is still clear-cut discrimination", () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...SLURS).chain((word) => disguised(word)),
        (written) => {
          fc.pre(!/^\p{Lu}\p{Ll}+$/u.test(written));
          const found = detectContent({ ...base, text: `sul bus solo ${written} ogni mattina` });
          expect(found.some((f) => f.category === "discrimination" && f.clearCut)).toBe(true);
        },
      ),
      { numRuns: 300 },
    );
  });

  it("random text never throws, and every span lies inside the text", () => {
    fc.assert(
      fc.property(fc.string({ unit: "grapheme", maxLength: 300 }), fc.string({ maxLength: 100 }), (text, post) => {
        for (const f of detectContent({ ...base, text, postText: post, recentTextsByAuthor: [text] })) {
          expect(f.start).toBeGreaterThanOrEqual(0);
          expect(f.end).toBeLessThanOrEqual(text.length);
          expect(f.start).toBeLessThanOrEqual(f.end);
        }
      }),
      { numRuns: 500 },
    );
  });
});
