import {
  type ActionTarget,
  type Decision,
  type Entity,
  type Item,
  type ItemKind,
  itemKey,
  type Platform,
} from "@sentinella/core";
import { replyDeadline } from "./calendar";

export type ObligationKind = "question" | "personal_request" | "emergency";

/** public: a reply under the item; private: a private reply to the comment, or a direct message. */
export type ReplyChannel = "public" | "private";

/**
 * intended: a scheduler run holds the lease and is calling the platform;
 * confirmed: the reply landed (replyId when the platform or our own echo told us);
 * released: the last call failed in a way worth retrying at the next tick;
 * failed: will not be sent (refused for good, or a run died mid-call and what landed is unknown);
 * shadow: the deployment was in trial mode, so the reply was only recorded (text, when); settled like failed, it is
 * never sent, not even after the deployment switches to enforce mode.
 */
export type HoldingReplyState = "intended" | "confirmed" | "released" | "failed" | "shadow";

export interface HoldingReply {
  state: HoldingReplyState;
  text: string;
  channel: ReplyChannel;
  attempts: number;
  leaseOwner?: string;
  leaseUntil?: string;
  replyId?: string;
  sentAt?: string;
  /** shadow: when the scheduler would have sent it. */
  recordedAt?: string;
  error?: { code: string; message: string };
}

export type ObligationAlert = "deadline_near" | "deadline_passed";
export type ClosedBy = "staff_reply" | "deleted" | "staff_action";

/** An author owed an answer: what the scheduler needs to keep the entity's reply rule. No personal data. */
export interface Obligation {
  itemKey: string;
  entityId: string;
  platform: Platform;
  accountId: string;
  itemId: string;
  itemKind: ItemKind;
  /** The top-level comment or conversation: a staff item on it answers the author. */
  threadId: string;
  postId?: string;
  parentId?: string;
  authorId?: string;
  kind: ObligationKind;
  channel: ReplyChannel;
  categories: string[];
  redactedText: string;
  createdAt: string;
  dueAt: string;
  status: "open" | "closed";
  closedBy?: ClosedBy;
  closedAt?: string;
  holdingReply?: HoldingReply;
  alerted: ObligationAlert[];
}

function obligationKind(categories: readonly string[]): ObligationKind {
  if (categories.includes("emergency")) return "emergency";
  if (categories.includes("personal_request")) return "personal_request";
  return "question";
}

/**
 * Private when an answer in public would expose the author: a private message, an item holding personal data
 * (the redacted text differs, or a pii/minors finding), or a hidden item (Instagram refuses replies to hidden
 * comments; on Facebook only the author's circle would see one).
 */
function replyChannel(item: Item, decision: Decision, categories: readonly string[]): ReplyChannel {
  const personalData =
    decision.redactedText !== item.text || categories.includes("pii") || categories.includes("minors");
  const hidden = decision.actions.includes("hide");
  return item.kind === "message" || personalData || hidden ? "private" : "public";
}

/** The obligation a decision with `reply` creates; due under the entity's reply rule from the item's creation. */
export function createObligation(
  item: Item,
  decision: Decision,
  entity: Pick<Entity, "timeZone" | "officeHours" | "replyRule">,
): Obligation {
  const categories = [...new Set(decision.categories.map((finding) => finding.category))];
  return {
    itemKey: itemKey(item),
    entityId: item.entityId,
    platform: item.platform,
    accountId: item.accountId,
    itemId: item.itemId,
    itemKind: item.kind,
    threadId: item.threadId ?? item.itemId,
    postId: item.postId,
    parentId: item.parentId,
    authorId: item.author.id,
    kind: obligationKind(categories),
    channel: replyChannel(item, decision, categories),
    categories,
    redactedText: decision.redactedText,
    // Normalised: index sort keys compare as strings, and webhooks vary in precision.
    createdAt: new Date(item.createdAt).toISOString(),
    dueAt: replyDeadline(entity, new Date(item.createdAt)).toISOString(),
    status: "open",
    alerted: [],
  };
}

/** Thread keys an obligation is found by: platform, account and thread, as staff items name them. */
export function threadKey(platform: Platform, accountId: string, threadId: string): string {
  return `${platform}#${accountId}#${threadId}`;
}

/** The threads a staff item may answer: its own thread and the comment it replies to. */
export function threadKeysAnsweredBy(item: Item): string[] {
  const threads = new Set([item.threadId, item.parentId].filter((id): id is string => Boolean(id)));
  return [...threads].map((thread) => threadKey(item.platform, item.accountId, thread));
}

/**
 * Where the holding reply goes. Instagram takes replies only on top-level comments (a reply to a reply is
 * refused), so a public reply there goes on the thread's top comment; everything else answers the item.
 */
export function replyTarget(obligation: Obligation): ActionTarget {
  const onTopComment = obligation.channel === "public" && obligation.platform === "instagram";
  return {
    platform: obligation.platform,
    accountId: obligation.accountId,
    itemId: onTopComment ? obligation.threadId : obligation.itemId,
    kind: onTopComment ? "comment" : obligation.itemKind,
    threadId: obligation.threadId,
    parentId: onTopComment ? undefined : obligation.parentId,
    authorId: obligation.authorId,
  };
}
