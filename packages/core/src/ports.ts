import type { DecisionRecord } from "./decision";
import type { Item, Platform } from "./item";

export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };

/** The queue between ingress and classifier. Resolves only when every item is durably queued. */
export interface ItemQueue {
  enqueue(items: readonly Item[]): Promise<void>;
}

export interface DecisionStore {
  /** Appends a record; "exists" when this item version was already decided (conditional write). */
  put(record: DecisionRecord): Promise<"written" | "exists">;
  /** Every record about one item, oldest first. */
  listByItem(itemKey: string): Promise<DecisionRecord[]>;
}

/** The item on the platform that an action applies to. */
export interface ActionTarget {
  platform: Platform;
  accountId: string;
  itemId: string;
  kind: Item["kind"];
  threadId?: string;
  parentId?: string;
  authorId?: string;
}

export interface PlatformResult {
  /** Id of what the platform created (a reply), when it creates something. */
  id?: string;
  response: unknown;
}

/** Moderation and reply calls on a platform; adapters throw `PlatformError` on failure. */
export interface PlatformActions {
  hide(target: ActionTarget): Promise<PlatformResult>;
  unhide(target: ActionTarget): Promise<PlatformResult>;
  reply(target: ActionTarget, text: string): Promise<PlatformResult>;
  privateReply(target: ActionTarget, text: string): Promise<PlatformResult>;
}

/**
 * throttled: try again later (the queue's visibility timeout or a delay);
 * auth: the account's token no longer works, staff must reconnect it;
 * permanent: the platform refused this call for good, do not retry;
 * transient: network or 5xx, retry.
 */
export type PlatformErrorKind = "throttled" | "auth" | "permanent" | "transient";

export class PlatformError extends Error {
  constructor(
    readonly kind: PlatformErrorKind,
    readonly code: string,
    message: string,
    readonly retryAfterSeconds?: number,
  ) {
    super(message);
    this.name = "PlatformError";
  }
}
