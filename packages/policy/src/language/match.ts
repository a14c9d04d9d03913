import type { Category } from "@sentinella/core";
import type { Finding } from "../detector";
import { type Normalized, originalSpan } from "./normalize";

/** A stretch of the normalised text (indices into `Normalized.text`). */
export interface Hit {
  from: number;
  to: number;
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
