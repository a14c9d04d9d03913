import type { CorpusItem } from "@sentinella/core";
import { Action, type Category, type Decision } from "@sentinella/core";

export interface ActionScore {
  precision: number;
  recall: number;
  tp: number;
  fp: number;
  fn: number;
}

/** The evaluation report; its JSON shape is the contract of `sentinella eval --json`. */
export interface Report {
  items: number;
  actions: Record<Action, ActionScore>;
  categories: Partial<Record<Category, { recall: number; items: number; found: number }>>;
  /** Share of items labelled `pii` that were hidden or sent to review. */
  pii_caught: number;
  /** Items hidden although a moderator would allow them: the failure that matters most. */
  false_hides: string[];
  ms: number;
}

export interface Outcome {
  item: CorpusItem;
  decision: Decision;
}

/** A ratio that is 1 when there is nothing to get wrong (no predictions, or no positives). */
const ratio = (part: number, whole: number) => (whole === 0 ? 1 : part / whole);

/** Precision and recall of one yes/no verdict over items, from (expected, got) pairs. */
export function actionScore(pairs: Iterable<readonly [expected: boolean, got: boolean]>): ActionScore {
  let tp = 0;
  let fp = 0;
  let fn = 0;
  for (const [expected, got] of pairs) {
    if (expected && got) tp++;
    else if (got) fp++;
    else if (expected) fn++;
  }
  return { precision: ratio(tp, tp + fp), recall: ratio(tp, tp + fn), tp, fp, fn };
}

/** Scores decisions against the labels: an item is positive for action A when A is in `expected.actions`. */
export function score(outcomes: readonly Outcome[], ms: number): Report {
  const labelled = outcomes.filter((o) => o.item.expected);
  const actions = {} as Record<Action, ActionScore>;
  for (const action of Action.options) {
    actions[action] = actionScore(
      labelled.map(({ item, decision }) => [
        item.expected?.actions.includes(action) ?? false,
        decision.actions.includes(action),
      ]),
    );
  }

  const categories: Report["categories"] = {};
  for (const { item, decision } of labelled) {
    for (const category of item.expected?.categories ?? []) {
      const entry = categories[category] ?? { recall: 0, items: 0, found: 0 };
      entry.items++;
      if (decision.categories.some((c) => c.category === category)) entry.found++;
      entry.recall = entry.found / entry.items;
      categories[category] = entry;
    }
  }

  const pii = labelled.filter((o) => o.item.expected?.categories.includes("pii"));
  const caught = pii.filter((o) => o.decision.actions.includes("hide") || o.decision.actions.includes("review"));
  const falseHides = labelled
    .filter((o) => o.item.expected?.actions.includes("allow") && o.decision.actions.includes("hide"))
    .map((o) => o.item.id);

  return {
    items: labelled.length,
    actions,
    categories,
    pii_caught: ratio(caught.length, pii.length),
    false_hides: falseHides,
    ms: Math.round(ms),
  };
}
