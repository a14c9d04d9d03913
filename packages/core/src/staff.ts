import * as z from "zod";
import type { DecisionRecord } from "./decision";
import { Platform } from "./item";

/** What a signed-in person may do: moderators act on their entity, auditors read, admins do both for any entity. */
export const StaffRole = z.enum(["moderator", "auditor", "admin"]);
export type StaffRole = z.infer<typeof StaffRole>;

/**
 * Console pages that others link to (alert e-mails, Slack, digests), relative to the console's base URL
 * (".../console"): an item with its history and actions, and an entity's queue of open items.
 */
export const consolePaths = {
  item: (itemKey: string) => `/voci/${encodeURIComponent(itemKey)}`,
  openQueue: (entityId: string) => `/coda?ente=${encodeURIComponent(entityId)}&stato=open`,
};

/**
 * What a person decided about an item or its author.
 * hide / allow / unhide / confirm: the item's visibility (confirm keeps an automatic hide, allow leaves a
 * doubtful item visible); reply: a public answer; warn: the author warned from the policy's template;
 * propose_ban / approve_ban / reject_ban: the repeat-offender steps that only a person takes.
 */
export const StaffActionKind = z.enum([
  "hide",
  "allow",
  "unhide",
  "confirm",
  "reply",
  "warn",
  "propose_ban",
  "approve_ban",
  "reject_ban",
  /** The author asked for a riesame of the decision (logged by staff, the request in the note): no platform call. */
  "riesame",
]);
export type StaffActionKind = z.infer<typeof StaffActionKind>;

/** Who decided: a signed-in user of the console, or someone working on the platform itself (a native hide). */
export const StaffActor = z.object({
  /** The identity provider's subject, stable across name changes. */
  userId: z.string().min(1),
  /** As shown in the history: e-mail or username. */
  name: z.string().min(1),
  role: StaffRole.optional(),
});
export type StaffActor = z.infer<typeof StaffActor>;

/**
 * What the platform answered. done: the call succeeded; failed: refused or unreachable (see error);
 * shadow: the deployment only records; task: the platform has no API for it, staff do it by hand
 * (the record says how); none: nothing to call (allow, confirm, a native action already on the platform).
 */
export const StaffActionResult = z.object({
  status: z.enum(["done", "failed", "shadow", "task", "none"]),
  platformResult: z.unknown().optional(),
  error: z.object({ kind: z.string(), code: z.string(), message: z.string() }).optional(),
  /** For a task: what staff must do on the platform, in Italian. */
  instructions: z.string().optional(),
});
export type StaffActionResult = z.infer<typeof StaffActionResult>;

/**
 * One human decision, appended to the decision table next to the automatic ones and never updated: who, when,
 * what, why and what the platform said. A correction is a later record (an unhide after a hide).
 */
export const StaffRecord = z.object({
  schemaVersion: z.literal(1),
  recordType: z.literal("staff"),
  /** Unique per record and sortable by time: "<at>#<random>". */
  recordId: z.string().min(1),
  itemKey: z.string(),
  entityId: z.string(),
  platform: Platform,
  accountId: z.string(),
  itemId: z.string(),
  authorId: z.string().optional(),
  action: StaffActionKind,
  /** console: a signed-in user; platform: done natively on the platform and learnt from its webhook. */
  source: z.enum(["console", "platform"]),
  by: StaffActor,
  at: z.iso.datetime(),
  /** The person's note (why), free text. */
  note: z.string().max(2000).optional(),
  /** The policy clause the action rests on: always for warnings and bans. */
  clause: z.string().optional(),
  /** Text sent to the platform (reply, warning). */
  text: z.string().optional(),
  /** The automatic decision this one confirms or overrides (its itemVersionKey), when there is one. */
  overrides: z.string().optional(),
  result: StaffActionResult,
});
export type StaffRecord = z.infer<typeof StaffRecord>;

/** A record id that sorts by time and never collides: the ISO time and a random suffix. */
export function staffRecordId(at: Date, random: string): string {
  return `${at.toISOString()}#${random}`;
}

/** Staff actions that leave the item hidden or visible on the platform. */
export const hidingActions: ReadonlySet<StaffActionKind> = new Set(["hide", "confirm"]);
export const showingActions: ReadonlySet<StaffActionKind> = new Set(["allow", "unhide"]);

/** Whether the item is hidden now, by the latest hide or unhide that took effect, Sentinella's or a person's. */
export function isHiddenNow(
  decisions: readonly Pick<DecisionRecord, "actionsTaken">[],
  staff: readonly Pick<StaffRecord, "action" | "at" | "result">[],
): boolean {
  const moves = [
    ...decisions.flatMap((d) =>
      d.actionsTaken
        .filter((t) => (t.action === "hide" || t.action === "unhide") && t.status !== "failed")
        .map((t) => ({ at: t.at, hidden: t.action === "hide" })),
    ),
    ...staff
      .filter((s) => s.result.status !== "failed" && (hidingActions.has(s.action) || showingActions.has(s.action)))
      .map((s) => ({ at: s.at, hidden: hidingActions.has(s.action) })),
  ].sort((a, b) => a.at.localeCompare(b.at));
  return moves.at(-1)?.hidden ?? false;
}

/**
 * One event in an author's repeat-offender ledger (per entity and author), appended, never updated.
 * violation: an item of theirs was hidden (by Sentinella or by staff); withdrawn: staff undid that hide, so it
 * no longer counts; warning: the author was warned; ban_proposed / ban_approved / ban_rejected: the ban steps.
 */
export const OffenderEvent = z.object({
  entityId: z.string(),
  authorId: z.string(),
  platform: Platform,
  accountId: z.string(),
  kind: z.enum(["violation", "withdrawn", "warning", "ban_proposed", "ban_approved", "ban_rejected"]),
  at: z.iso.datetime(),
  /** Unique per event: "<at>#<random>" (the same item can be hidden, unhidden and hidden again). */
  eventId: z.string(),
  itemKey: z.string().optional(),
  /** "sentinella" for automatic hides, else the staff user's name. */
  by: z.string(),
  clause: z.string().optional(),
  /** Status of the platform call (warning sent, block done), as in StaffActionResult. */
  status: StaffActionResult.shape.status.optional(),
});
export type OffenderEvent = z.infer<typeof OffenderEvent>;
