import type { ReplyObligations } from "@sentinella/core";
import type { ClosedBy, HoldingReplyState, Obligation, ObligationAlert } from "./obligation";

export interface HoldingReplyClaim {
  /** The scheduler run taking the lease. */
  owner: string;
  now: Date;
  leaseUntil: Date;
}

/** Persistence the scheduler and the command line need, beyond what the classifier uses. */
export interface ObligationStore extends ReplyObligations {
  get(itemKey: string): Promise<Obligation | undefined>;
  /** Open obligations, due soonest first. */
  listOpen(limit?: number): Promise<Obligation[]>;
  /** Open obligations whose wake time is at or before `until`, soonest first (an index Query, never a Scan). */
  needingAttention(until: Date, limit?: number): Promise<Obligation[]>;
  /** Closes an open obligation; false when there was none open. */
  close(itemKey: string, closedBy: ClosedBy, at: Date): Promise<boolean>;
  /**
   * Records the holding reply as intended under a lease, atomically: only when the obligation is open and no
   * reply is confirmed, failed or leased to a live run. The updated obligation and the reply's state before
   * the claim (a previous attempt may have landed), or undefined when another run holds it or it is settled.
   */
  claimHoldingReply(
    itemKey: string,
    claim: HoldingReplyClaim,
  ): Promise<{ obligation: Obligation; previousState?: HoldingReplyState } | undefined>;
  /**
   * Records, for a deployment in shadow mode, the holding reply that would have been sent, under the same
   * condition as a claim. The updated obligation, or undefined when another run holds the reply or it is settled.
   */
  recordShadowReply(itemKey: string, at: Date): Promise<Obligation | undefined>;
  /**
   * Records in one conditional write what a scheduler run did about an open obligation: what became of the holding
   * reply it claimed (only while it still holds the lease), the alerts staff were told of (each recorded once,
   * whatever another run recorded) and when to look at it next (undefined: only staff can act now). The alerts this
   * call recorded first.
   */
  settle(itemKey: string, outcome: ObligationOutcome): Promise<{ newlyAlerted: ObligationAlert[] }>;
}

/** What became of a claimed holding reply: it landed (confirmed), the call failed and is retried (released) or not. */
export interface HoldingReplyOutcome {
  /** The run that claimed it. */
  owner: string;
  state: "confirmed" | "released" | "failed";
  at: Date;
  replyId?: string;
  error?: { code: string; message: string };
}

export interface ObligationOutcome {
  reply?: HoldingReplyOutcome;
  alerted: readonly ObligationAlert[];
  wakeAt: Date | undefined;
}
