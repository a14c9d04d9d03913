import type { Action, Category, Decision } from "@sentinella/core";

/**
 * What the guide expects of a suite case, written compactly in the suite files:
 *
 *   allow                        exactly `allow`, no category
 *   not_hidden                   anything but `hide`
 *   flagged                      `hide` or `review` (the guide allows either)
 *   flagged+escalate             `hide` or `review`, and `escalate`
 *   hide+escalate                exactly these actions
 *   …:threat,discrimination      these categories must be among the decision's
 *   …!pii                        these categories must not be
 *
 * e.g. `flagged:discrimination`, `review:insult!discrimination`, `reply+escalate:emergency`.
 */
export interface Expectation {
  source: string;
  mode: "exact" | "flagged" | "not_hidden";
  /** exact: the decision's actions; flagged: actions required besides hide-or-review. */
  actions: Action[];
  categories: Category[];
  absent: Category[];
}

const ACTIONS = new Set<string>(["allow", "hide", "review", "reply", "escalate"]);

export function parseExpectation(source: string, categories: ReadonlySet<string>): Expectation {
  const match = /^([a-z_+]+)(?::([a-z_,]+))?(?:!([a-z_,]+))?$/.exec(source);
  if (!match) throw new Error(`expectation "${source}": expected actions[:categories][!categories]`);
  const [, head = "", include, exclude] = match;
  const list = (text: string | undefined) => (text ? text.split(",") : []);
  for (const category of [...list(include), ...list(exclude)])
    if (!categories.has(category)) throw new Error(`expectation "${source}": unknown category ${category}`);
  const [first, ...extra] = head.split("+");
  const mode = first === "flagged" ? "flagged" : first === "not_hidden" ? "not_hidden" : "exact";
  const actions = mode === "exact" ? head.split("+") : extra;
  for (const action of actions)
    if (!ACTIONS.has(action)) throw new Error(`expectation "${source}": unknown action ${action}`);
  if (mode === "not_hidden" && actions.length) throw new Error(`expectation "${source}": not_hidden takes no actions`);
  return {
    source,
    mode,
    actions: actions as Action[],
    categories: list(include) as Category[],
    absent: list(exclude) as Category[],
  };
}

export function meets(decision: Pick<Decision, "actions" | "categories">, expectation: Expectation): boolean {
  const got = new Set<string>(decision.actions);
  const categories = new Set<string>(decision.categories.map((c) => c.category));
  if (!expectation.categories.every((c) => categories.has(c))) return false;
  if (expectation.absent.some((c) => categories.has(c))) return false;
  switch (expectation.mode) {
    case "not_hidden":
      return !got.has("hide");
    case "flagged":
      return (got.has("hide") || got.has("review")) && expectation.actions.every((a) => got.has(a));
    case "exact":
      return got.size === expectation.actions.length && expectation.actions.every((a) => got.has(a));
  }
}
