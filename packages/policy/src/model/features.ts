import type { Analysis, Morph, Token } from "../language/analysis";

/**
 * The statistical layer's features, read off the language layer's analysis: lemmas, lexicon classes with their
 * strength and tags, verb person / mood / tense cues, scope marks, and character n-grams of the normalised text
 * (robust to glued words, typos and disguises the normaliser does not undo). Every feature is hashed into one of
 * `BUCKETS` buckets; the training script and the classifier both read features through `extractFeatures`, so they
 * cannot drift apart. Pure and deterministic.
 */

/** Bump when what `extractFeatures` emits changes: the shipped weights record it and a test compares. */
export const FEATURES_VERSION = 3;

/** Hash buckets (a power of two). */
export const BUCKETS = 4096;
const MASK = BUCKETS - 1;

/** Where a feature was seen, in `Analysis.normalized.text` offsets: the evidence of an explanation. */
export type FeatureVisitor = (bucket: number, from: number, to: number) => void;

const FNV_OFFSET = 0x811c9dc5;
const FNV_PRIME = 0x01000193;

function hashString(s: string, seed: number = FNV_OFFSET): number {
  let h = seed;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), FNV_PRIME);
  return h >>> 0;
}

/** Each family of features hashes from its own seed, so "l:casa" and the n-gram "casa" are different features. */
const LEMMA = hashString("lemma");
const CLASS = hashString("class");
const VERB = hashString("verb");
const SCOPE = hashString("scope");
const NUMBER = hashString("number");
const GRAM3 = hashString("gram3");
const GRAM4 = hashString("gram4");

const bucket = (h: number) => (h ^ (h >>> 16)) & MASK;

/**
 * Buckets of dictionary lemmas, remembered: the morphology's lemmas are a closed set, so the cache is bounded (a word
 * the dictionary does not know is hashed each time instead).
 */
const lemmaBuckets = new Map<string, number>();
function lemmaBucket(lemma: string): number {
  let b = lemmaBuckets.get(lemma);
  if (b === undefined) {
    b = bucket(hashString(lemma, LEMMA));
    lemmaBuckets.set(lemma, b);
  }
  return b;
}

/** A verb reading as a cue: person, mood, tense, and whether clitics hang on it ("ammazzarlo": infinitive + clitic). */
const verbCue = (m: Morph, t: Token) =>
  hashString(m.tense ?? "", hashString(m.mood ?? "", VERB + 2 * (m.person ?? 0) + (t.clitics.length > 0 ? 1 : 0)));

const isLetter = (c: number) => c >= 97 && c <= 122;

/**
 * Calls `visit` once per feature occurrence (a bucket may repeat: the caller keeps the set). The token features come
 * first, then the character 3- and 4-grams over the letters of the normalised text with the spaces taken out.
 */
export function extractFeatures(a: Analysis, visit: FeatureVisitor): void {
  for (const t of a.tokens) {
    // A number by its length: a year ("2012") dates an event, a short one counts or tells the time.
    if (t.kind === "number") visit(bucket(hashString(String(Math.min(t.form.length, 5)), NUMBER)), t.from, t.to);
    if (t.kind !== "word") continue;
    // A word the morphology does not know stands for itself; repeated lemmas and cues fall in the same bucket.
    if (t.analyses.length === 0) visit(bucket(hashString(t.form, LEMMA)), t.from, t.to);
    for (const m of t.analyses) {
      visit(lemmaBucket(m.lemma), t.from, t.to);
      if (m.pos === "verb") visit(bucket(verbCue(m, t)), t.from, t.to);
    }
    for (const c of t.clitics) visit(bucket(hashString(c, LEMMA)), t.from, t.to);
    // Negated, questioned, hypothetical, quoted or reported words (bits of `Scope`).
    if (t.scope !== 0) visit(bucket(hashString(String(t.scope), SCOPE)), t.from, t.to);
  }
  for (const m of a.matches) {
    const first = a.tokens[m.first];
    const last = a.tokens[m.last - 1];
    const from = first?.from ?? 0;
    const to = last?.to ?? from;
    const cls = m.entry.cls;
    visit(bucket(hashString(cls, CLASS)), from, to);
    visit(bucket(hashString(`${cls}/${m.entry.strength}`, CLASS)), from, to);
    for (const tag of m.entry.tags) visit(bucket(hashString(`${cls}/${tag}`, CLASS)), from, to);
  }
  charGrams(a.normalized.text, visit);
}

/** A gram of up to four letters packed five bits each, spread over the buckets by a multiplicative hash. */
const GRAM_SHIFT = 32 - Math.log2(BUCKETS);
const gramBucket = (packed: number, seed: number) => Math.imul(packed ^ seed, 0x9e3779b1) >>> GRAM_SHIFT;

/** 3- and 4-grams of letters, skipping everything else: "ti a mmazzo" and "tiammazzo" share their grams. */
function charGrams(text: string, visit: FeatureVisitor): void {
  // The last four letters packed (5 bits each) and their positions, to report each gram's span.
  const at = [0, 0, 0, 0];
  let packed = 0;
  let n = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (!isLetter(c)) continue;
    packed = ((packed << 5) | (c - 96)) & 0xfffff;
    at[n & 3] = i;
    n++;
    if (n >= 3) visit(gramBucket(packed & 0x7fff, GRAM3), at[(n - 3) & 3] as number, i + 1);
    if (n >= 4) visit(gramBucket(packed, GRAM4), at[(n - 4) & 3] as number, i + 1);
  }
}

/** Which buckets the current item has visited: a stamp per bucket, cheaper on the hot path than a set per item. */
const stamp = new Uint32Array(BUCKETS);
let generation = 0;

/** Visits each distinct bucket of an analysis once and returns how many there are. */
export function distinctFeatures(a: Analysis, visit: (bucket: number) => void): number {
  generation = (generation + 1) >>> 0;
  if (generation === 0) {
    stamp.fill(0);
    generation = 1;
  }
  let n = 0;
  extractFeatures(a, (b) => {
    if (stamp[b] !== generation) {
      stamp[b] = generation;
      n++;
      visit(b);
    }
  });
  return n;
}

/** The value every distinct feature of an item takes: 1/√n, so long and short texts score on one scale. */
export const featureValue = (n: number): number => (n > 0 ? 1 / Math.sqrt(n) : 0);
