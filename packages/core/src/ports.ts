import type { ActionTaken, Decision, DecisionRecord } from "./decision";
import type { DecisionListing } from "./in-memory";
import type { Item, Platform } from "./item";
import type { OffenderEvent, StaffRecord } from "./staff";

export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };

/** The queue between ingress and classifier. */
export interface ItemQueue {
  /** Whether the queue can ever take this item (its message size limit): ingress rejects the rest up front. */
  accepts(item: Item): boolean;
  /** Resolves only when every item is durably queued. */
  enqueue(items: readonly Item[]): Promise<void>;
}

/** How often a delivery was parked, and since when (ISO): carried with the message, read on its next receive. */
export interface Parking {
  times: number;
  since: string;
}

/**
 * Where the classifier parks a delivery it cannot finish yet for a reason that is not the item's own (the platform
 * throttles the account, a table is unavailable): the same message comes back after `delaySeconds` as a new one,
 * so the wait spends none of the receives the queue's redrive policy counts towards the dead-letter queue.
 */
export interface DeliveryParking {
  park(body: string, delaySeconds: number, parking: Parking): Promise<void>;
}

/**
 * Why the classifier gave up on a delivery, kept beside the message in the dead-letter queue so `sentinella dlq`
 * can say it: the error's class and message (never the item's text), the receives it had, and when.
 */
export interface DeliveryFailure {
  error: string;
  message: string;
  attempts: number;
  at: string;
}

/**
 * The dead-letter queue as the classifier reaches it: on a delivery's last receive it moves the message there
 * itself, with the failure, instead of letting the queue's redrive policy move it without a word.
 */
export interface DeadLetterQueue {
  send(body: string, failure: DeliveryFailure, parking?: Parking): Promise<void>;
}

export interface DecisionStore {
  /**
   * Appends a record; "exists" when this item version was already decided (conditional write). With `leaseUntil`,
   * the writer also holds the record's action lease (see `lease`) until then.
   */
  put(record: DecisionRecord, options?: { leaseUntil?: Date }): Promise<"written" | "exists">;
  /** Every record about one item, oldest first. */
  listByItem(itemKey: string): Promise<DecisionRecord[]>;
  /** The record about one version of an item, if it was decided. */
  get(key: DecisionKey): Promise<DecisionRecord | undefined>;
  /**
   * Takes the lease on performing a record's platform actions until `until`: false while another delivery holds
   * an unexpired one. One delivery at a time acts on the platform for a decision.
   */
  lease(key: DecisionKey, until: Date): Promise<boolean>;
  /** Gives the lease back early (a delivery that failed), so a redelivery need not wait for it to expire. */
  release(key: DecisionKey): Promise<void>;
  /**
   * Appends platform results to a record's actionsTaken. The decision itself never changes:
   * a later event on the item (an edit, an unhide) is a new record.
   */
  appendActions(key: DecisionKey, actions: readonly ActionTaken[]): Promise<void>;
  /** An author's latest decisions within an entity, newest first: the history repetition spam is judged on. */
  recentByAuthor(
    entityId: string,
    authorId: string,
    limit: number,
  ): Promise<Pick<DecisionRecord, "itemKey" | "redactedText" | "decidedAt">[]>;
}

/**
 * Human decisions (staff records) in the decision table, next to the automatic ones. Append-only: a record is
 * never updated or deleted, a correction is a new record.
 */
export interface StaffRecordStore {
  /** Appends a record; one whose recordId the item already has is not written again (never overwritten). */
  append(record: StaffRecord): Promise<void>;
  /** Every staff record about one item, oldest first. */
  listByItem(itemKey: string): Promise<StaffRecord[]>;
  /** An entity's staff records in a time range (inclusive ISO timestamps), oldest first. */
  listByEntity(entityId: string, from: string, to: string): Promise<StaffRecord[]>;
}

/** The repeat-offender ledger: per entity and author, the events that count towards a warning or a ban. */
export interface OffenderLedger {
  /** Records an event; one whose eventId is already recorded for that author is not recorded again. */
  append(event: OffenderEvent): Promise<void>;
  /** One author's events within an entity, oldest first. */
  listByAuthor(entityId: string, authorId: string): Promise<OffenderEvent[]>;
  /** An entity's events since `from` (inclusive ISO timestamp), oldest first. */
  listByEntity(entityId: string, from: string): Promise<OffenderEvent[]>;
}

/**
 * The erasures of data subjects' data the pipeline must honour (GDPR art. 17). A delivery of an item received
 * before its author's erasure (SQS redelivers at least once, a parked or redriven delivery comes back days later)
 * is recorded without the author's personal data; an item received after it is new data and recorded as usual.
 */
export interface ErasureTombstones {
  /** When the author's data within the entity was last erased (ISO time), or undefined if never. */
  erasedAt(entityId: string, authorId: string): Promise<string | undefined>;
}

/** What the staff console reads of the automatic decisions: per item, per author, and an entity's period. */
export interface DecisionReader extends Pick<DecisionStore, "listByItem" | "recentByAuthor" | "get"> {
  /** An entity's decisions in a time range (inclusive ISO timestamps), oldest first. */
  listByEntity(entityId: string, from: string, to: string): Promise<DecisionListing[]>;
}

/** Identifies one decision record: `itemKey(item)` and `itemVersionKey(item)`. */
export type DecisionKey = Pick<DecisionRecord, "itemKey" | "itemVersionKey">;

/** The item on the platform that an action applies to. */
export interface ActionTarget {
  platform: Platform;
  accountId: string;
  itemId: string;
  kind: Item["kind"];
  threadId?: string;
  parentId?: string;
  authorId?: string;
  /** The post or media the item sits under (an Instagram caption mention is the media itself). */
  postId?: string;
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
  /** Deletes someone else's comment: only where the platform has no hide (LinkedIn) and the entity chose it. */
  remove?(target: ActionTarget): Promise<PlatformResult>;
  reply(target: ActionTarget, text: string): Promise<PlatformResult>;
  privateReply(target: ActionTarget, text: string): Promise<PlatformResult>;
  /**
   * Blocks the target's author from the account (a ban a person approved). Optional: only platforms with an API
   * for it; elsewhere the ban is a task for staff.
   */
  block?(target: ActionTarget): Promise<PlatformResult>;
  /**
   * The account's own reply with exactly this text on the target, if one is there. Optional: lets a retry
   * after a crash or an ambiguous failure check what already landed instead of replying twice.
   */
  findReply?(target: ActionTarget, text: string): Promise<PlatformResult | undefined>;
  /**
   * The text of an item the platform notified without it: a mention of the account (the mentioning comment, or the
   * caption of a mentioning post), or a LinkedIn comment whose notification carries no message. Optional: only
   * platforms that notify without text have it.
   */
  fetchMentionText?(target: ActionTarget): Promise<string>;
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

/**
 * PlatformError code of a call that went out and got no answer (the connection broke, or it timed out): unlike
 * other transient failures, the platform may have carried it out.
 */
export const noAnswerErrorCode = "no_answer";

/**
 * Reply obligations (the 48-hour rule): the classifier reports what it saw, the scheduler keeps the clock.
 * Both calls are idempotent per item, so a redelivered item changes nothing.
 */
export interface ReplyObligations {
  /** The decision carries `reply`: the author is owed an answer. */
  open(item: Item, decision: Decision): Promise<void>;
  /** A staff item on a thread answers it; a deleted item owes nothing any more. */
  closeFor(item: Item): Promise<void>;
}

export type AlertReason =
  | "emergency"
  | "threat"
  | "review"
  | "deadline_near"
  | "deadline_passed"
  | "token_expired"
  /** A platform token lapses within days and nothing can renew it: someone must re-authorise the account. */
  | "token_expiring"
  /** A platform stopped verifying Sentinella's webhook (its handshake is overdue): its items no longer arrive. */
  | "webhook_stale"
  | "channel_down";

/** What staff are told. Never personal data: only redacted text. */
export interface StaffAlert {
  entityId: string;
  reason: AlertReason;
  /** One alert per item per reason, ever: this pair is the deduplication key. */
  itemKey: string;
  platform: Platform;
  categories: string[];
  redactedText: string;
  /** Where staff can see the item on the platform. */
  link?: string;
  deadline?: string;
  /** What Sentinella already did, in plain words ("nascosto", "risposta di cortesia inviata"). */
  done: string[];
}

/** Routes an alert: urgent ones at once to on-call, others by office hours (now or in the next digest). */
export interface StaffAlerts {
  notify(alert: StaffAlert): Promise<void>;
}
