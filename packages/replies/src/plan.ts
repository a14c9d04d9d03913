import type { Entity } from "@sentinella/core";
import { type CalendarEntity, officeIntervals } from "./calendar";
import type { Obligation, ObligationAlert } from "./obligation";

export interface PlanSettings {
  /** Share of the deadline after which an unanswered item gets a holding reply. */
  holdingReplyShare: number;
  /** Share of the deadline after which staff are told it is near. */
  deadlineNearShare: number;
  /** Less office time than this before the deadline means staff will not be there to answer in time. */
  minimumStaffTimeMs: number;
  /** Platforms take a private reply to a comment only within this time of the comment (Meta: 7 days). */
  privateReplyWindowMs: number;
  /** A private message can be answered only within this time of it (Meta's standard messaging window). */
  messageReplyWindowMs: number;
}

const hour = 3_600_000;

export const defaultPlanSettings: PlanSettings = {
  holdingReplyShare: 0.75,
  deadlineNearShare: 0.75,
  minimumStaffTimeMs: hour,
  privateReplyWindowMs: 7 * 24 * hour,
  messageReplyWindowMs: 24 * hour,
};

export type Step = { type: "holding_reply" } | { type: "alert"; reason: ObligationAlert };

export interface Plan {
  /** What to do now, holding reply first (so alerts can say it was sent). */
  steps: Step[];
  /** When the obligation next needs looking at if the steps succeed; undefined: only staff can act now. */
  wakeAt?: Date;
}

/**
 * The last instant at which at least `needed` of office time is left before `due`; `from` when there is not
 * that much even from `from`.
 */
function lastStaffedInstant(entity: CalendarEntity, from: Date, due: Date, needed: number): number {
  let left = needed;
  for (const interval of officeIntervals(entity, from, due).reverse()) {
    if (interval.end - interval.start >= left) return interval.end - left;
    left -= interval.end - interval.start;
  }
  return from.getTime();
}

/** Until when the platform takes a private answer; undefined for a public reply, which has no such limit. */
function privateWindowEnd(obligation: Obligation, settings: PlanSettings): number | undefined {
  if (obligation.channel === "public") return undefined;
  const window = obligation.itemKind === "message" ? settings.messageReplyWindowMs : settings.privateReplyWindowMs;
  return Date.parse(obligation.createdAt) + window;
}

/** The instant a share of the time from creation to deadline has passed (whole milliseconds, as Date keeps). */
function shareOf(obligation: Obligation, share: number): number {
  const created = Date.parse(obligation.createdAt);
  return Math.ceil(created + share * (Date.parse(obligation.dueAt) - created));
}

function holdingReplyWanted(obligation: Obligation, now: number): boolean {
  const reply = obligation.holdingReply;
  if (!reply || reply.state === "released") return true;
  // A run that died mid-call leaves an expired lease: the scheduler claims it and checks what landed.
  return reply.state === "intended" && Date.parse(reply.leaseUntil ?? "") <= now;
}

/**
 * When the holding reply is due: at once for an emergency; otherwise when the configured share of the
 * deadline has passed, or earlier when staff will not be on duty long enough before the deadline, and for a
 * private answer an hour before the platform's window closes.
 */
function holdingReplyAt(obligation: Obligation, entity: CalendarEntity, settings: PlanSettings): number {
  const created = Date.parse(obligation.createdAt);
  const due = Date.parse(obligation.dueAt);
  if (obligation.kind === "emergency") return created;
  const byShare = shareOf(obligation, settings.holdingReplyShare);
  const byStaffing = lastStaffedInstant(entity, new Date(created), new Date(due), settings.minimumStaffTimeMs);
  const byWindow = (privateWindowEnd(obligation, settings) ?? Infinity) - hour;
  return Math.min(byShare, byStaffing, byWindow);
}

/** What the scheduler should do about one obligation at `now`. Pure: same input, same plan. */
export function planObligation(
  obligation: Obligation,
  entity: Pick<Entity, "timeZone" | "officeHours">,
  now: Date,
  settings: PlanSettings = defaultPlanSettings,
): Plan {
  if (obligation.status !== "open") return { steps: [] };
  const t = now.getTime();
  const due = Date.parse(obligation.dueAt);
  const steps: Step[] = [];
  const later: number[] = [];
  const schedule = (at: number, step: Step) => (at <= t ? steps.push(step) : later.push(at));

  const reply = obligation.holdingReply;
  const replyWindowOpen = t < (privateWindowEnd(obligation, settings) ?? Infinity);
  if (holdingReplyWanted(obligation, t) && replyWindowOpen) {
    schedule(holdingReplyAt(obligation, entity, settings), { type: "holding_reply" });
  } else if (reply?.state === "intended" && replyWindowOpen) {
    later.push(Date.parse(reply.leaseUntil ?? "")); // look again if the lease holder never finishes
  }
  if (!obligation.alerted.includes("deadline_near") && t < due) {
    schedule(shareOf(obligation, settings.deadlineNearShare), { type: "alert", reason: "deadline_near" });
  }
  if (!obligation.alerted.includes("deadline_passed")) {
    schedule(due, { type: "alert", reason: "deadline_passed" });
  }
  return { steps, wakeAt: later.length ? new Date(Math.min(...later)) : undefined };
}
