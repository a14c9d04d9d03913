import * as z from "zod";
import { ItemKind, Platform } from "./item";

export const Action = z.enum(["allow", "hide", "review", "reply", "escalate"]);
export type Action = z.infer<typeof Action>;

export const Category = z.enum([
  "pii",
  "minors",
  "spam",
  "insult",
  "threat",
  "discrimination",
  "political",
  "illegal",
  "off_topic",
  "trolling",
  "emergency",
  "personal_request",
  "question",
]);
export type Category = z.infer<typeof Category>;

/** A stretch of the item's text that made a rule fire (UTF-16 offsets into `Item.text`). */
export const Evidence = z.object({
  start: z.number().int().nonnegative(),
  end: z.number().int().nonnegative(),
  ruleId: z.string(),
});
export type Evidence = z.infer<typeof Evidence>;

export const CategoryFinding = z.object({
  category: Category,
  confidence: z.number().min(0).max(1),
  /** Clear-cut in the guide's sense: a reasonable moderator would act without discussion. */
  clearCut: z.boolean(),
  ruleIds: z.array(z.string()),
  /** The clause of the entity's own policy the finding rests on, e.g. "Comune di Cento, Art. 6". */
  clause: z.string(),
  evidence: z.array(Evidence),
});
export type CategoryFinding = z.infer<typeof CategoryFinding>;

/** What the policy engine decides about one item: pure output of `classify`. */
export const Decision = z.object({
  actions: z.array(Action).min(1),
  categories: z.array(CategoryFinding),
  /** The text with every personal identifier masked: the only text used in storage and alerts. */
  redactedText: z.string(),
  /** A statement of reasons in Italian, suitable to show the author. */
  explanation: z.string(),
  policyVersion: z.string(),
  classifierVersion: z.string(),
});
export type Decision = z.infer<typeof Decision>;

export const Mode = z.enum(["enforce", "shadow"]);
export type Mode = z.infer<typeof Mode>;

export const ActionTaken = z.object({
  action: z.enum(["hide", "unhide", "delete", "reply", "private_reply"]),
  /** shadow: recorded what would have been done; retry: left to a later delivery. */
  status: z.enum(["done", "failed", "shadow", "skipped"]),
  at: z.iso.datetime(),
  platformResult: z.unknown().optional(),
  error: z.object({ code: z.string(), message: z.string() }).optional(),
});
export type ActionTaken = z.infer<typeof ActionTaken>;

/** One append-only row of the decision table: a decision about one version of one item. */
export const DecisionRecord = Decision.extend({
  schemaVersion: z.literal(1),
  itemKey: z.string(),
  itemVersionKey: z.string(),
  entityId: z.string(),
  platform: Platform,
  accountId: z.string(),
  itemId: z.string(),
  kind: ItemKind,
  event: z.enum(["created", "edited", "deleted"]),
  postId: z.string().optional(),
  threadId: z.string().optional(),
  authorId: z.string().optional(),
  mode: Mode,
  /**
   * On a platform with no hide (LinkedIn): what the deployment does with a clear-cut item instead, staff review or
   * deletion (`linkedin.clearCut`). Absent where hiding exists.
   */
  clearCutHandling: z.enum(["review", "delete"]).optional(),
  actionsTaken: z.array(ActionTaken),
  itemCreatedAt: z.iso.datetime(),
  decidedAt: z.iso.datetime(),
  /** Full original text, kept only until `expiresAt` (retention period for personal data). */
  fullText: z.string().optional(),
  expiresAt: z.number().int().optional(),
  /**
   * When the author id and the redacted text expire (epoch seconds, the policy's `personalDataMonths`): they are
   * stored on a row of their own with this TTL, so the anonymous decision outlives them. Absent: kept.
   */
  personalDataExpiresAt: z.number().int().optional(),
});
export type DecisionRecord = z.infer<typeof DecisionRecord>;
