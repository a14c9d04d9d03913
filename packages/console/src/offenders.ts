import type { OffenderEvent } from "@sentinella/core";
import type { RepeatOffenderRule } from "@sentinella/policy";

/**
 * What follows for an author under the policy's repeat-offender rule.
 * none: below a repetition; warn: a warning is due; propose_ban: Sentinella proposes a ban (a person approves);
 * ban_pending: a ban was proposed and waits for approval; banned: a person approved a ban.
 */
export type NextStep = "none" | "warn" | "propose_ban" | "ban_pending" | "banned";

export interface OffenderStatus {
  authorId: string;
  /** Hidden items within the rule's window that staff did not undo (distinct items). */
  violations: number;
  warnings: number;
  lastViolationAt?: string;
  nextStep: NextStep;
}

const dayMs = 86_400_000;

/** An author's standing from their ledger events at `now`. */
export function offenderStatus(
  events: readonly OffenderEvent[],
  rule: RepeatOffenderRule,
  now: Date,
  authorId: string,
): OffenderStatus {
  const sorted = [...events].sort((a, b) => a.eventId.localeCompare(b.eventId));
  const windowStart = new Date(now.getTime() - rule.windowDays * dayMs).toISOString();
  // The latest word about each item counts: a hide undone by staff is no violation.
  const itemStanding = new Map<string, OffenderEvent>();
  for (const event of sorted) {
    if ((event.kind === "violation" || event.kind === "withdrawn") && event.itemKey) {
      itemStanding.set(event.itemKey, event);
    }
  }
  const violations = [...itemStanding.values()].filter((e) => e.kind === "violation" && e.at >= windowStart);
  const warnings = sorted.filter((e) => e.kind === "warning" && e.status !== "failed");
  const lastWarning = warnings.at(-1);
  const lastBanEvent = sorted.filter((e) => e.kind.startsWith("ban_")).at(-1);
  const lastViolationAt = violations
    .map((e) => e.at)
    .sort()
    .at(-1);
  const status = { authorId, violations: violations.length, warnings: warnings.length, lastViolationAt };

  if (lastBanEvent?.kind === "ban_approved") return { ...status, nextStep: "banned" };
  if (lastBanEvent?.kind === "ban_proposed") return { ...status, nextStep: "ban_pending" };
  // A rejected proposal is settled until the author violates again after it.
  const settledAt = [lastWarning?.at, lastBanEvent?.at].filter(Boolean).sort().at(-1) ?? "";
  const violatedSince = violations.some((e) => e.at > settledAt);
  if (violations.length < rule.violations || !violatedSince) return { ...status, nextStep: "none" };
  return { ...status, nextStep: warnings.length < rule.warningsBeforeBan ? "warn" : "propose_ban" };
}

/** The warning text for an author: the policy's template with its clause. */
export function warningText(rule: RepeatOffenderRule): string {
  return rule.warningTemplate.replaceAll("{clausola}", rule.clause);
}
