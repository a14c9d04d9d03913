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
   * Marks (itemKey, reason) as alerted and queues the alert, atomically. "exists" when that pair was
   * recorded before (nothing is queued), so an alert is sent once per item and reason, ever.
   */
  record(pending: PendingAlert): Promise<"recorded" | "exists">;
  /** The undelivered alerts of an entity, oldest first; with `digests: false`, only those to deliver at once. */
  pending(entityId: string, options?: { digests?: boolean }): Promise<PendingAlert[]>;
  /** Takes each entry whose lease is absent or over (at `now`) until `until`; returns the ones taken. */
  lease(entries: readonly PendingAlert[], now: Date, until: Date): Promise<PendingAlert[]>;
  /** Removes delivered entries. */
  delivered(entries: readonly PendingAlert[]): Promise<void>;
  /** Keeps the entries for the next tick: counts the attempt, keeps the error, releases the lease. */
  failed(entries: readonly PendingAlert[], error: string): Promise<void>;
}
