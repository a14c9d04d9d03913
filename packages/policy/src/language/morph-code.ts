import type { Gender, GrammaticalNumber, Lang, Mood, Morph, Person, Pos, Tense } from "./analysis";

/**
 * The compact code of one reading in the generated extract, shared by the build script that writes it and the
 * morphology that reads it. Verbs: mood letter, tense letter, person-number digit (1-3 singular, 4-6 plural):
 * "if1" = indicative future, 1st singular; participles "pp" + gender + number ("ppfs"); gerund "g"; infinitive
 * "f". Nouns "n" + gender + number, adjectives "a" + gender + number. English verbs are "e" + "b" (base), "s"
 * (3rd singular), "d" (past), "g" (-ing); English nouns "ns" / "np" like Italian ones with no gender.
 */
const MOODS: Record<string, Mood> = { i: "ind", c: "cond", s: "sub", m: "impr" };
const TENSES: Record<string, Tense> = { p: "pres", r: "past", i: "impf", f: "fut" };
export const MOOD_LETTER: Record<string, string> = { ind: "i", cond: "c", sub: "s", impr: "m" };
export const TENSE_LETTER: Record<string, string> = { pres: "p", past: "r", impf: "i", fut: "f" };

const gender = (ch: string | undefined): Gender | undefined => (ch === "m" || ch === "f" ? ch : undefined);
const number = (ch: string | undefined): GrammaticalNumber | undefined => (ch === "s" || ch === "p" ? ch : undefined);

export function decodeMorph(lemma: string, pos: Pos, lang: Lang, code: string): Morph {
  const m: Morph = { lemma, pos, lang };
  const set = <K extends keyof Morph>(key: K, value: Morph[K] | undefined) => {
    if (value !== undefined) m[key] = value;
  };
  if (pos === "verb" && lang === "it") {
    if (code === "f") m.mood = "inf";
    else if (code === "g") m.mood = "ger";
    else if (code.startsWith("pp")) {
      m.mood = "part";
      m.tense = "past";
      set("gender", gender(code[2]));
      set("number", number(code[3]));
    } else {
      set("mood", MOODS[code[0] as string]);
      set("tense", TENSES[code[1] as string]);
      const pn = Number(code[2]);
      m.person = (((pn - 1) % 3) + 1) as Person;
      m.number = pn > 3 ? "p" : "s";
    }
  } else if (pos === "verb") {
    if (code === "eb") m.mood = "inf";
    else if (code === "es") Object.assign(m, { mood: "ind", tense: "pres", person: 3, number: "s" });
    else if (code === "ed") Object.assign(m, { tense: "past" });
    else if (code === "eg") m.mood = "ger";
  } else {
    set("gender", gender(code[1]));
    set("number", number(code[2]));
  }
  return m;
}
