import {
  type Action,
  type Category,
  type DecisionRecord,
  type Item,
  itemKey,
  itemVersionKey,
  type Removal,
  removalFor,
} from "@sentinella/core";
import { classify, getPolicy } from "@sentinella/policy";

export const cento = getPolicy("comune-cento");

/** The decision the real engine takes on `text` under Cento's policy, as the classifier would store it. */
export interface RecordOptions {
  itemId: string;
  at: string;
  authorId?: string;
  platform?: Item["platform"];
  kind?: Item["kind"];
  event?: DecisionRecord["event"];
  mode?: DecisionRecord["mode"];
  /** What the account can do with an item to hide; by default what a deployment with default settings does. */
  removal?: Removal;
}

/**
 * A decision with the given actions and categories, whatever the engine would say today: for figures that must not
 * move when a detector changes.
 */
export function recorded(
  options: RecordOptions & { actions: Action[]; categories?: Category[]; text?: string },
): DecisionRecord {
  const record = decided(options.text ?? "testo", options);
  return {
    ...record,
    actions: options.actions,
    categories: (options.categories ?? []).map((category) => ({
      category,
      confidence: 0.9,
      clearCut: options.actions.includes("hide"),
      ruleIds: [`${category}.test`],
      clause: cento.rules[category].clause,
      evidence: [],
    })),
    actionsTaken: options.actions.includes("hide") ? [{ action: "hide", status: "done", at: options.at }] : [],
  };
}

export function decided(text: string, options: RecordOptions): DecisionRecord {
  const platform = options.platform ?? "facebook";
  const ref = {
    platform,
    accountId: `${platform}-cento`,
    itemId: options.itemId,
    event: options.event ?? "created",
    version: options.event === "edited" ? options.at : "0",
  };
  const kind = options.kind ?? "comment";
  const removal = options.removal ?? removalFor({ platform, kind });
  const decision = classify({ text, kind, platform }, cento, { removal });
  const removed = { action: removal === "delete" ? "delete" : "hide", status: "done", at: options.at } as const;
  return {
    ...decision,
    schemaVersion: 1,
    itemKey: itemKey(ref),
    itemVersionKey: itemVersionKey(ref),
    entityId: cento.id,
    platform,
    accountId: ref.accountId,
    itemId: options.itemId,
    kind,
    event: ref.event,
    postId: "post-1",
    authorId: options.authorId ?? "author-1",
    mode: options.mode ?? "enforce",
    ...(platform === "linkedin" && removal !== "hide" && { clearCutHandling: removal }),
    actionsTaken: decision.actions.includes("hide") ? [removed] : [],
    itemCreatedAt: options.at,
    decidedAt: options.at,
    fullText: text,
    expiresAt: Math.floor(Date.parse(options.at) / 1000) + cento.retention.fullTextDays * 86400,
  };
}
