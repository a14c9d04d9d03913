import type { StaffAlert } from "@sentinella/core";

/** An alert recorded but not yet delivered. */
export interface PendingAlert {
  alert: StaffAlert;
  /** now: deliver at once (and retry at each scheduler tick until delivered); digest: wait for the next opening. */
  delivery: "now" | "digest";
  queuedAt: string;
  /** While set and in the future, one sender is delivering it and others leave it alone. */
  leaseUntil?: string;
  attempts: number;
  lastError?: string;
  /** A channel_down alert is not sent through the channel it reports. */
  skipChannel?: string;
}

/** Persistence of alerts: the (itemKey, reason) dedupe and the alerts waiting for delivery, per entity. */
export interface AlertStore {
  /**
   * Marks (itemKey, reason) as alerted and queues the alert: both are written when it returns, and a caller that
   * died half-way finishes on its retry (the same outbox entry, not a second). "exists" when that pair was
   * recorded before (nothing is queued), so an alert is sent once per item and reason, ever.
   */
  record(pending: PendingAlert): Promise<"recorded" | "exists">;
  /**
   * For an alert sent at once: marks (itemKey, reason) as being sent until `pending.leaseUntil`, and queues
   * nothing; the outbox entry is written only if the send fails (`queue`). "exists" when that pair was recorded
   * before or another sender's claim is live. A sender that dies leaves its claim to lapse, and the caller's own
   * retry (the item's redelivery, the scheduler's next tick) claims it again.
   */
  claim(pending: PendingAlert): Promise<"claimed" | "exists">;
  /** The claimed alert was delivered: the claim ends, the mark stays. */
  sent(pending: PendingAlert): Promise<void>;
  /** The claimed alert was not delivered: queued for the next ticks with its error, and the claim ended, atomically. */
  queue(pending: PendingAlert, error: string): Promise<void>;
  /** The undelivered alerts of an entity, oldest first; with `digests: false`, only those to deliver at once. */
  pending(entityId: string, options?: { digests?: boolean }): Promise<PendingAlert[]>;
  /** Takes each entry whose lease is absent or over (at `now`) until `until`; returns the ones taken. */
  lease(entries: readonly PendingAlert[], now: Date, until: Date): Promise<PendingAlert[]>;
  /** Removes delivered entries. */
  delivered(entries: readonly PendingAlert[]): Promise<void>;
  /** Keeps the entries for the next tick: counts the attempt, keeps the error, releases the lease. */
  failed(entries: readonly PendingAlert[], error: string): Promise<void>;
}
