import type { Action, Category, CategoryFinding, Evidence } from "@sentinella/core";
import * as z from "zod";
import type { Analysis } from "../language/analysis";
import { originalSpan } from "../language/normalize";
import { BUCKETS, distinctFeatures, extractFeatures, featureValue } from "./features";
import shipped from "./weights.json";

/**
 * The statistical layer over the rules: one-vs-rest logistic regressions (weights trained by
 * `npm run train-model`, scripts/train-model.ts) that catch what the rules miss. It never hides: it sends an item to
 * review, and for threats and emergencies it may alert staff, each time with rule id `model.<category>`, the
 * category's clause and its strongest features as evidence. Pure and deterministic.
 */

export const ModelCategory = z.object({
  category: z.enum(["threat", "emergency", "personal_request"]),
  bias: z.number(),
  /** Weight of one quantised step. */
  scale: z.number().positive(),
  /** Probability at or above which the item goes to review. */
  review: z.number(),
  /** Probability at or above which staff are alerted (threats and emergencies only). */
  escalate: z.number().optional(),
});
export type ModelCategory = z.infer<typeof ModelCategory>;

export const ModelWeights = z.object({
  featuresVersion: z.number().int(),
  /** sha256 of the training files, in name order (scripts/training-data.ts). */
  trainingData: z.string(),
  buckets: z.literal(BUCKETS),
  categories: z.array(ModelCategory),
  /** Base64 of signed bytes, bucket-major: byte `bucket * categories.length + c`. */
  weights: z.string(),
});
export type ModelWeights = z.infer<typeof ModelWeights>;

export const MODEL: ModelWeights = ModelWeights.parse(shipped);

const C = MODEL.categories.length;
/** Dequantised weights, bucket-major so one item's features walk memory in order. */
const W = Float32Array.from(new Int8Array(Buffer.from(MODEL.weights, "base64")), (q, i) => {
  const c = MODEL.categories[i % C] as ModelCategory;
  return q * c.scale;
});

/** Evidence spans per finding: the features that pushed the score up most. */
const TOP_FEATURES = 3;

const sigmoid = (x: number) => 1 / (1 + Math.exp(-x));

/** Probability per model category, in `MODEL.categories` order. */
export function scores(a: Analysis): number[] {
  const sums = new Float64Array(C);
  const n = distinctFeatures(a, (b) => {
    for (let c = 0, row = b * C; c < C; c++) sums[c] = (sums[c] as number) + (W[row + c] as number);
  });
  const value = featureValue(n);
  return MODEL.categories.map((c, i) => sigmoid(c.bias + value * (sums[i] as number)));
}

/** A finding of the model and the actions it adds. */
export interface ModelFinding {
  finding: CategoryFinding;
  actions: Action[];
}

/**
 * What the model adds to the rules' decision: a review, or an alert for a threat or an emergency, only where the
 * rules did not already reach it (a hidden item needs no review) and only in categories the rules did not find.
 */
export function assess(
  a: Analysis,
  reached: ReadonlySet<Action>,
  found: ReadonlySet<Category>,
  clauseOf: (category: Category) => string,
): ModelFinding[] {
  const out: ModelFinding[] = [];
  const done = new Set(reached);
  if (done.has("hide")) done.add("review");
  // Nothing left to add, or no letters to read (an emoji, an empty text: the bias alone should not judge it).
  if ((done.has("review") && done.has("escalate")) || !a.tokens.some((t) => t.kind === "word")) return out;
  const p = scores(a);
  if (MODEL.categories.every((c, i) => (p[i] as number) < c.review)) return out;
  // Strongest first: when two categories would add the same review, the surer one explains it.
  const order = MODEL.categories.map((c, i) => ({ c, p: p[i] as number, i })).sort((x, y) => y.p - x.p || x.i - y.i);
  for (const { c, p: prob, i } of order) {
    // A personal request is owed a reply: when the rules already give one (a question), the office will read it.
    if (found.has(c.category) || prob < c.review || (c.category === "personal_request" && done.has("reply"))) continue;
    const actions: Action[] = [];
    const alert = c.escalate !== undefined && prob >= c.escalate;
    // An emergency alert is the staff's call to act; it needs no review besides.
    if (!done.has("review") && !(alert && c.category === "emergency")) actions.push("review");
    if (alert && !done.has("escalate")) actions.push("escalate");
    if (actions.length === 0) continue;
    for (const action of actions) done.add(action);
    const ruleId = `model.${c.category}`;
    out.push({
      finding: {
        category: c.category,
        confidence: Math.round(prob * 100) / 100,
        clearCut: false,
        ruleIds: [ruleId],
        clause: clauseOf(c.category),
        evidence: topFeatures(a, i, ruleId),
      },
      actions,
    });
  }
  return out;
}

/** The spans of the features that raised category `c`'s score most (one entry per span), in text order. */
function topFeatures(a: Analysis, c: number, ruleId: string): Evidence[] {
  const bySpan = new Map<string, { from: number; to: number; w: number }>();
  extractFeatures(a, (b, from, to) => {
    const w = W[b * C + c] as number;
    const key = `${from}:${to}`;
    if (w > (bySpan.get(key)?.w ?? 0)) bySpan.set(key, { from, to, w });
  });
  return [...bySpan.values()]
    .sort((x, y) => y.w - x.w || x.from - y.from)
    .slice(0, TOP_FEATURES)
    .sort((x, y) => x.from - y.from)
    .map(({ from, to }) => ({ ...originalSpan(a.normalized, from, to), ruleId }));
}
