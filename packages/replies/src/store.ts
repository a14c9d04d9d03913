import type { ReplyObligations } from "@sentinella/core";
import type { ClosedBy, HoldingReplyState, Obligation, ObligationAlert, ReplyChannel } from "./obligation";

export interface HoldingReplyClaim {
  /** The scheduler run taking the lease. */
  owner: string;
  now: Date;
  leaseUntil: Date;
  text: string;
  channel: ReplyChannel;
}

/** Persistence the scheduler and the command line need, beyond what the classifier uses. */
export interface ObligationStore extends ReplyObligations {
  get(itemKey: string): Promise<Obligation | undefined>;
  /** Open obligations, due soonest first. */
  listOpen(limit?: number): Promise<Obligation[]>;
  /** Open obligations whose wake time is at or before `until`, soonest first (an index Query, never a Scan). */
  needingAttention(until: Date, limit?: number): Promise<Obligation[]>;
  /** Sets (or with undefined clears) when the scheduler should look at the obligation next. */
  reschedule(itemKey: string, wakeAt: Date | undefined): Promise<void>;
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
  recordShadowReply(
    itemKey: string,
    reply: { text: string; channel: ReplyChannel; at: Date },
  ): Promise<Obligation | undefined>;
  /** The reply landed. Only the lease owner can confirm. */
  confirmHoldingReply(itemKey: string, owner: string, replyId: string | undefined, at: Date): Promise<void>;
  /** The call failed: retry at the next tick (retry true) or give up (retry false). Only the lease owner can. */
  releaseHoldingReply(
    itemKey: string,
    owner: string,
    error: { code: string; message: string },
    retry: boolean,
  ): Promise<void>;
  /** Records that staff were alerted; false when that alert was already recorded. */
  markAlerted(itemKey: string, reason: ObligationAlert): Promise<boolean>;
}
