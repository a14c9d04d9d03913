import type { Category } from "@sentinella/core";
import type { Finding } from "../detector";
import { expand, LEXICON, type LexiconClass } from "./lexicon";
import { type Normalized, originalSpan, type Word } from "./normalize";

/** A stretch of the normalised text (indices into `Normalized.text`). */
export interface Hit {
  from: number;
  to: number;
}

export interface LexiconHit extends Hit {
  classes: LexiconClass[];
}

interface Entry {
  cls: LexiconClass;
  words: string[];
}

const collapse = (word: string) => word.replace(/([a-z])\1+/g, "$1");

/** Entries indexed by their first word; multi-word entries are also indexed written solid ("pezzodimerda"). */
const byFirstWord = new Map<string, Entry[]>();
const allEntries: Entry[] = [];
for (const cls of Object.keys(LEXICON) as LexiconClass[]) {
  for (const source of LEXICON[cls]) {
    for (const phrase of expand(source)) {
      const words = phrase.split(" ").map(collapse);
      const variants = words.length > 1 ? [words, [collapse(words.join(""))]] : [words];
      for (const variant of variants) {
        const entry = { cls, words: variant };
        allEntries.push(entry);
        const list = byFirstWord.get(variant[0] as string) ?? [];
        list.push(entry);
        byFirstWord.set(variant[0] as string, list);
      }
    }
  }
}

const maskCache = new Map<string, RegExp>();
/** "c*glione" or "p*****a": each run of k asterisks stands for k-1…k+1 letters. */
function maskPattern(word: string): RegExp {
  let re = maskCache.get(word);
  if (!re) {
    const body = word.replace(/\*+/g, (stars) => `[a-z]{${Math.max(1, stars.length - 1)},${stars.length + 1}}`);
    re = new RegExp(`^${body}$`);
    if (maskCache.size < 10_000) maskCache.set(word, re);
  }
  return re;
}

const sameWord = (text: string, entry: string) =>
  text === entry || (text.includes("*") && maskPattern(text).test(entry));

function candidates(first: string): Entry[] {
  if (!first.includes("*")) return byFirstWord.get(first) ?? [];
  const re = maskPattern(first);
  return allEntries.filter((e) => re.test(e.words[0] as string));
}

/** Every lexicon entry found on whole words, longest first at each position; overlapping shorter ones are skipped. */
export function matchLexicon(n: Normalized): LexiconHit[] {
  const hits: LexiconHit[] = [];
  const { words } = n;
  for (let i = 0; i < words.length; ) {
    let best = 0;
    let classes: LexiconClass[] = [];
    for (const entry of candidates((words[i] as Word).form)) {
      const len = entry.words.length;
      if (len < best || i + len > words.length) continue;
      let k = 1;
      while (k < len && sameWord((words[i + k] as Word).form, entry.words[k] as string)) k++;
      if (k < len) continue;
      if (len > best) {
        best = len;
        classes = [];
      }
      if (!classes.includes(entry.cls)) classes.push(entry.cls);
    }
    if (best === 0) {
      const hit = matchDisguised(n, i) ?? matchSplit(n, i);
      if (hit) hits.push(hit);
      // A split word's second half is part of the hit.
      i += hit && hit.to > (words[i] as Word).to ? 2 : 1;
      continue;
    }
    const first = n.words[i] as Word;
    const last = n.words[i + best - 1] as Word;
    hits.push({ from: first.from, to: last.to, classes });
    i += best;
  }
  return hits;
}

/**
 * Offsets inside a word where normalisation dropped something between two letters: an emoji or symbol
 * ("c🤬glione"), or the separators of a spelled-out word ("v a f f a n c u l o a").
 */
function gapsIn(n: Normalized, word: Word): number[] {
  const gaps: number[] = [];
  for (let k = word.from + 1; k < word.to; k++) if ((n.start[k] as number) > (n.end[k - 1] as number)) gaps.push(k);
  return gaps;
}

/** A whole single-word lexicon entry equal to `form` (doubled letters collapsed, `*` masks allowed). */
function singleWordClasses(form: string): LexiconClass[] {
  const classes: LexiconClass[] = [];
  for (const entry of candidates(collapse(form)))
    if (entry.words.length === 1 && !classes.includes(entry.cls)) classes.push(entry.cls);
  return classes;
}

/**
 * A word that matched nothing but has gaps is tried again as a disguise: a symbol standing for one letter
 * ("c🤬glione" read as "c*glione"), or a one-letter word ("a", "e") run into a spelled-out word.
 */
function matchDisguised(n: Normalized, i: number): LexiconHit | undefined {
  const word = n.words[i] as Word;
  const gaps = gapsIn(n, word);
  const raw = n.text.slice(word.from, word.to);
  // Digits left after leetspeak decoding make a code or a number, not a word.
  if (gaps.length === 0 || /[0-9]/.test(raw)) return undefined;
  // One or two symbols inside a word stand for letters; more are separators of a spelled-out word.
  const variants =
    gaps.length <= 2 ? gaps.map((k) => `${raw.slice(0, k - word.from)}*${raw.slice(k - word.from)}`) : [];
  if (gaps[0] === word.from + 1) variants.push(raw.slice(1));
  if (gaps[gaps.length - 1] === word.to - 1) variants.push(raw.slice(0, -1));
  for (const variant of variants) {
    const classes = singleWordClasses(variant);
    if (classes.length > 0) return { from: word.from, to: word.to, classes };
  }
  return undefined;
}

/** One dot, dash or underscore inside a word ("str.onzo", "cog-lione") splits it in two for the word scan. */
function matchSplit(n: Normalized, i: number): LexiconHit | undefined {
  const word = n.words[i] as Word;
  const next = n.words[i + 1];
  if (!next || next.from !== word.to + 1 || !".-_".includes(n.text[word.to] as string)) return undefined;
  const classes = singleWordClasses(word.form + next.form);
  return classes.length > 0 ? { from: word.from, to: next.to, classes } : undefined;
}

/** First match of `re` in the normalised text, if any. */
export function find(n: Normalized, re: RegExp): Hit | undefined {
  const m = re.exec(n.text);
  return m ? { from: m.index, to: m.index + m[0].length } : undefined;
}
export function finding(
  n: Normalized,
  category: Category,
  ruleId: string,
  clearCut: boolean,
  hit: Hit,
  confidence = clearCut ? 0.9 : 0.6,
): Finding {
  return { category, ruleId, clearCut, confidence, ...originalSpan(n, hit.from, hit.to) };
}

/** The whole text as evidence, for rules about the item as a whole (off-topic, trolling). */
export const whole = (n: Normalized): Hit => ({ from: 0, to: n.text.length });

/** Sentences of the normalised text, as spans. */
export function sentences(n: Normalized): Hit[] {
  const out: Hit[] = [];
  for (const m of n.text.matchAll(/[^.!?\n]+[.!?\n]*/g)) out.push({ from: m.index, to: m.index + m[0].length });
  return out;
}
