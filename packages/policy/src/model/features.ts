import type { Analysis, Morph, Token } from "../language/analysis";

/**
 * The statistical layer's features, read off the language layer's analysis: lemmas, lexicon classes with their
 * strength and tags, verb person / mood / tense cues, scope marks, and character n-grams of the normalised text
 * (robust to glued words, typos and disguises the normaliser does not undo). Every feature is hashed into one of
 * `BUCKETS` buckets; the training script and the classifier both read features through `extractFeatures`, so they
 * cannot drift apart. Pure and deterministic.
 */

/** Bump when what `extractFeatures` emits changes: the shipped weights record it and a test compares. */
export const FEATURES_VERSION = 1;

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
const GRAM3 = hashString("gram3");
const GRAM4 = hashString("gram4");

const bucket = (h: number) => (h ^ (h >>> 16)) & MASK;

/** A verb reading as a cue: "1indfut" (first person future), "2impr", "inf+" (an infinitive with a clitic)… */
const verbCue = (m: Morph, t: Token) =>
  `${m.person ?? ""}${m.mood ?? ""}${m.tense ?? ""}${t.clitics.length > 0 ? "+" : ""}`;

const isLetter = (c: number) => c >= 97 && c <= 122;

/**
 * Calls `visit` once per feature occurrence (a bucket may repeat: the caller keeps the set). The token features come
 * first, then the character 3- and 4-grams over the letters of the normalised text with the spaces taken out.
 */
export function extractFeatures(a: Analysis, visit: FeatureVisitor): void {
  for (const t of a.tokens) {
    if (t.kind !== "word") continue;
    // A word the morphology does not know stands for itself; repeated lemmas and cues fall in the same bucket.
    if (t.analyses.length === 0) visit(bucket(hashString(t.form, LEMMA)), t.from, t.to);
    for (const m of t.analyses) {
      visit(bucket(hashString(m.lemma, LEMMA)), t.from, t.to);
      if (m.pos === "verb") visit(bucket(hashString(verbCue(m, t), VERB)), t.from, t.to);
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

/** 3- and 4-grams of letters, skipping everything else: "ti a mmazzo" and "tiammazzo" share their grams. */
function charGrams(text: string, visit: FeatureVisitor): void {
  // Positions of the last four letters, to report each gram's span.
  const at = [0, 0, 0, 0];
  const codes = [0, 0, 0, 0];
  let n = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (!isLetter(c)) continue;
    codes[n & 3] = c;
    at[n & 3] = i;
    n++;
    if (n >= 3) {
      let h = GRAM3;
      for (let k = n - 3; k < n; k++) h = Math.imul(h ^ (codes[k & 3] as number), FNV_PRIME);
      visit(bucket(h >>> 0), at[(n - 3) & 3] as number, i + 1);
    }
    if (n >= 4) {
      let h = GRAM4;
      for (let k = n - 4; k < n; k++) h = Math.imul(h ^ (codes[k & 3] as number), FNV_PRIME);
      visit(bucket(h >>> 0), at[(n - 4) & 3] as number, i + 1);
    }
  }
}

/**
 * Which buckets the current `featureVector` call has seen, cleared again before it returns: one array for the
 * process, since allocating and zeroing 4 KB per item cost more than the rest of the function.
 */
const seenBuckets = new Uint8Array(BUCKETS);

/**
 * The distinct buckets of an analysis, each with weight 1/√n (n distinct buckets), so long and short texts score on
 * one scale.
 */
export function featureVector(a: Analysis): { buckets: Uint16Array; value: number } {
  const out: number[] = [];
  try {
    extractFeatures(a, (b) => {
      if (seenBuckets[b] === 0) {
        seenBuckets[b] = 1;
        out.push(b);
      }
    });
  } finally {
    for (const b of out) seenBuckets[b] = 0;
  }
  return { buckets: Uint16Array.from(out), value: out.length > 0 ? 1 / Math.sqrt(out.length) : 0 };
}
