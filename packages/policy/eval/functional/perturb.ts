import type { Random } from "./random";

/**
 * Spelling variations applied to the salient words of a case (the slot a template marks with `*`, e.g. `{*SLUR}`):
 * how people write past a word filter. Each takes the word and returns its variant; `nospace` also joins the word
 * to its neighbours, so it works on the whole text.
 */
export const PERTURBATIONS = [
  "leet",
  "spaced",
  "dotted",
  "emoji",
  "lookalike",
  "asterisk",
  "elongated",
  "mixedcase",
  "typo",
  "split",
  "nospace",
] as const;
export type Perturbation = (typeof PERTURBATIONS)[number];

const LEET: Record<string, string> = { a: "4", e: "3", i: "1", o: "0", s: "5" };
// Cyrillic letters that render like Latin ones.
const LOOKALIKE: Record<string, string> = { a: "а", c: "с", e: "е", i: "і", o: "о", p: "р", x: "х", y: "у" };
const EMOJI = ["🤬", "😡", "💩", "🔥", "🙂", "⭐"];
const isLetter = (c: string) => /\p{L}/u.test(c);

function mapLetters(word: string, map: Record<string, string>): string {
  return [...word].map((c) => map[c.toLowerCase()] ?? c).join("");
}

/** Inserts `between` between the letters of every word (spaces between words stay, widened). */
function interleave(word: string, between: string): string {
  return word
    .split(" ")
    .map((w) => [...w].join(between))
    .join(between === " " ? "   " : " ");
}

function interiorIndex(word: string, random: Random): number {
  const letters = [...word].flatMap((c, i) => (isLetter(c) && i > 0 && i < word.length - 1 ? [i] : []));
  return letters.length ? random.pick(letters) : -1;
}

export function perturbWord(word: string, kind: Exclude<Perturbation, "nospace">, random: Random): string {
  switch (kind) {
    case "leet":
      return mapLetters(word, LEET);
    case "spaced":
      return interleave(word, " ");
    case "dotted":
      return interleave(word, ".");
    case "emoji":
      return interleave(word, random.pick(EMOJI));
    case "lookalike":
      return mapLetters(word, LOOKALIKE);
    case "asterisk": {
      const vowels = [...word].flatMap((c, i) => (/[aeiou]/i.test(c) && i > 0 ? [i] : []));
      if (!vowels.length) return `${word}*`;
      const at = random.pick(vowels);
      return `${word.slice(0, at)}*${word.slice(at + 1)}`;
    }
    case "elongated": {
      const last = word.search(/[aeiou][^aeiou]*$/i);
      return last < 0 ? word : `${word.slice(0, last + 1)}${word[last]?.repeat(4)}${word.slice(last + 1)}`;
    }
    case "mixedcase":
      return [...word].map((c, i) => (i % 2 ? c.toUpperCase() : c.toLowerCase())).join("");
    case "typo": {
      // Swap two neighbouring letters inside the word, or double one: the slips of a phone keyboard.
      const at = interiorIndex(word, random);
      if (at < 1) return word;
      if (random.int(2)) return `${word.slice(0, at)}${word[at]}${word.slice(at)}`;
      return `${word.slice(0, at - 1)}${word[at]}${word[at - 1]}${word.slice(at + 1)}`;
    }
    case "split": {
      const at = interiorIndex(word, random);
      return at < 1 ? word : `${word.slice(0, at)} ${word.slice(at)}`;
    }
  }
}

/**
 * Applies a perturbation to the spans [start, end) of the text (non-overlapping, in order); `nospace` removes the
 * spaces inside each span and those on either side of it ("sei una testa di cazzo" → "seiunatestadicazzo" is
 * too much; "sei unatestadicazzo" is how it is typed).
 */
export function perturbText(
  text: string,
  spans: readonly (readonly [number, number])[],
  kind: Perturbation,
  random: Random,
): string {
  let out = "";
  let cursor = 0;
  for (const [start, end] of spans) {
    let before = text.slice(cursor, start);
    const word = text.slice(start, end);
    if (kind === "nospace") {
      before = before.replace(/ $/, "");
      out += before + word.replace(/ /g, "");
      cursor = text[end] === " " ? end + 1 : end;
    } else {
      out += before + perturbWord(word, kind, random);
      cursor = end;
    }
  }
  return out + text.slice(cursor);
}
