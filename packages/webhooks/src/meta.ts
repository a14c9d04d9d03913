import { type EntityDeployment, findDeployment, type Item, type Platform } from "@sentinella/core";
import { EventTally, type NormalisedWebhook, plausibleTime, vocabulary } from "./delivery";
import {
  FeedValue,
  InstagramCommentValue,
  InstagramMentionValue,
  MessagingEvent,
  MetaChange,
  MetaEntry,
  MetaEnvelope,
  type Timestamp,
} from "./meta-schema";

export interface NormaliseOptions {
  receivedAt: Date;
  deployments: readonly EntityDeployment[];
}

/** A Map, not an object literal: a key from the payload such as `constructor` must not find a built-in. */
const platformByObject: ReadonlyMap<string, Platform> = new Map([
  ["page", "facebook"],
  ["instagram", "instagram"],
]);

/** What one entry says about where its events happened. */
interface EntryContext {
  platform: Platform;
  accountId: string;
  /** The account's own username: Instagram Login payloads may identify the author only by it. */
  handle: string | undefined;
  /** When Meta sent the notification: the fallback for events that carry no (plausible) time of their own. */
  sentAt: Date;
  /** A time from the payload, if it is readable and plausible. */
  timeOf(value: Timestamp | undefined): Date | undefined;
}

/** The item fields one event provides; the entry and the deployment provide the rest. */
type ItemFields = Omit<Item, "schemaVersion" | "entityId" | "platform" | "accountId" | "receivedAt" | "raw">;
type Outcome = ItemFields | { ignored: string } | { rejected: string };

/**
 * Turns one Meta webhook delivery (Facebook Page or Instagram, `changes[]` or `messaging[]`) into one Item per
 * comment, reply, mention or private message. Everything else is counted: `ignored` for what is not moderated
 * (likes, reactions, posts, reads, accounts no deployment runs), `rejected` for what could not be read.
 */
export function normaliseMetaWebhook(body: unknown, { receivedAt, deployments }: NormaliseOptions): NormalisedWebhook {
  const items: Item[] = [];
  const tally = new EventTally();
  const envelope = MetaEnvelope.safeParse(body);
  if (!envelope.success) {
    tally.reject("unrecognised_payload");
    return tally.result(items);
  }
  const platform = platformByObject.get(envelope.data.object);
  if (!platform) {
    tally.ignore(`object:${vocabulary(envelope.data.object)}`, envelope.data.entry.length);
    return tally.result(items);
  }
  const timeOf = (value: Timestamp | undefined) => plausibleTime(metaTime(value), receivedAt);
  for (const rawEntry of envelope.data.entry) {
    const entry = MetaEntry.safeParse(rawEntry);
    if (!entry.success) {
      tally.reject(`${platform}:malformed_entry`);
      continue;
    }
    const { id: accountId, standby = [] } = entry.data;
    // Events for a thread another app controls (handover protocol) are that app's to answer.
    tally.ignore(`${platform}:standby`, standby.length);
    const fragments = fragmentsOf(entry.data, rawEntry);
    const deployment = findDeployment(deployments, platform, accountId);
    if (!deployment) {
      tally.ignore("unknown_account", fragments.length);
      continue;
    }
    const context: EntryContext = {
      platform,
      accountId,
      handle: deployment.accounts.find((a) => a.platform === platform && a.accountId === accountId)?.handle,
      sentAt: timeOf(entry.data.time) ?? receivedAt,
      timeOf,
    };
    for (const { raw, event, messaging } of fragments) {
      const outcome = messaging ? fromMessaging(event, context) : fromChange(event, context);
      if ("ignored" in outcome) tally.ignore(outcome.ignored);
      else if ("rejected" in outcome) tally.reject(outcome.rejected);
      else {
        items.push({
          schemaVersion: 1,
          entityId: deployment.entityId,
          platform,
          accountId,
          ...outcome,
          receivedAt: receivedAt.toISOString(),
          raw: withoutText(raw),
        });
      }
    }
  }
  return tally.result(items);
}

/** Seconds (below 10^12, i.e. until the year 33658) or milliseconds (after 2001), or an ISO string. */
export function metaTime(value: Timestamp | undefined): Date | undefined {
  if (value === undefined) return undefined;
  const numeric = typeof value === "number" ? value : /^\d+$/.test(value) ? Number(value) : undefined;
  const date = numeric === undefined ? new Date(value) : new Date(numeric < 1e12 ? numeric * 1000 : numeric);
  return Number.isNaN(date.getTime()) ? undefined : date;
}

/** Each event of an entry, with the verbatim fragment to keep: the change, the messaging event, or the entry itself. */
function fragmentsOf(entry: MetaEntry, rawEntry: unknown): { raw: unknown; event: unknown; messaging: boolean }[] {
  const flat = entry.field === undefined ? [] : [{ raw: rawEntry, event: { field: entry.field, value: entry.value } }];
  return [
    ...(entry.changes ?? []).map((change) => ({ raw: change, event: change, messaging: false })),
    ...flat.map((fragment) => ({ ...fragment, messaging: false })),
    ...(entry.messaging ?? []).map((message) => ({ raw: message, event: message, messaging: true })),
  ];
}

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === "object" && value !== null && !Array.isArray(value);

function omit(record: Record<string, unknown>, key: string): Record<string, unknown> {
  const { [key]: _, ...rest } = record;
  return rest;
}

/**
 * The fragment without the text the item already carries (`value.message`, `value.text`, `message.text`): the
 * text is queued once, so a long comment is not sent twice, and the rest of the fragment stays verbatim.
 */
function withoutText(raw: unknown): unknown {
  if (!isRecord(raw)) return raw;
  const { value, message } = raw;
  return {
    ...raw,
    ...(isRecord(value) ? { value: omit(omit(value, "message"), "text") } : {}),
    ...(isRecord(message) ? { message: omit(message, "text") } : {}),
  };
}

function fromChange(raw: unknown, context: EntryContext): Outcome {
  const change = MetaChange.safeParse(raw);
  if (!change.success) return { rejected: `${context.platform}:malformed_change` };
  const { field, value } = change.data;
  if (context.platform === "facebook" && field === "feed") return fromFeed(value, context);
  if (context.platform === "instagram" && (field === "comments" || field === "live_comments")) {
    return fromInstagramComment(value, context);
  }
  if (context.platform === "instagram" && field === "mentions") return fromInstagramMention(value, context);
  return { ignored: `${context.platform}:${vocabulary(field)}` };
}

/** A Map: a verb such as `__proto__` or `constructor` is no event, not a built-in of Object.prototype. */
const feedEvents: ReadonlyMap<string, Item["event"]> = new Map([
  ["add", "created"],
  ["edited", "edited"],
  ["edit", "edited"],
  ["remove", "deleted"],
  ["delete", "deleted"],
  // Someone with access to the Page hid or showed the comment on Facebook itself (or Sentinella did: the
  // classifier tells the echo of its own actions apart).
  ["hide", "hidden"],
  ["unhide", "unhidden"],
]);

function fromFeed(value: unknown, context: EntryContext): Outcome {
  const parsed = FeedValue.safeParse(value);
  if (!parsed.success) return { rejected: "facebook:feed:malformed" };
  const feed = parsed.data;
  if (feed.item !== "comment") return { ignored: `facebook:feed:${vocabulary(feed.item)}` };
  const event = feedEvents.get(feed.verb);
  if (!event) return { ignored: `facebook:feed:comment:${vocabulary(feed.verb)}` };
  if (!feed.comment_id) return { rejected: "facebook:feed:comment:without_id" };
  // An edit that does not say the new text cannot be judged; queued as "", it would pass for a clean edit.
  if (event === "edited" && feed.message === undefined) return { ignored: "facebook:feed:comment:edited_without_text" };
  // A top-level comment's parent is the post; any other parent is the comment it replies to.
  const parentComment = feed.parent_id !== undefined && feed.parent_id !== feed.post_id ? feed.parent_id : undefined;
  const authorId = feed.from?.id ?? feed.sender_id;
  return {
    itemId: feed.comment_id,
    kind: parentComment ? "reply" : "comment",
    event,
    // The edit time tells successive edits apart; without `edited_time`, the notification's own time does. A hide or
    // unhide is versioned by the notification's time, which is also when it happened.
    version:
      event === "edited"
        ? (context.timeOf(feed.edited_time) ?? context.sentAt).toISOString()
        : event === "hidden" || event === "unhidden"
          ? context.sentAt.toISOString()
          : "0",
    postId: feed.post_id,
    threadId: parentComment ?? feed.comment_id,
    parentId: parentComment,
    author: { id: authorId, name: feed.from?.name ?? feed.sender_name },
    byStaff: authorId === context.accountId,
    text: feed.message ?? "",
    attachments: [
      ...(feed.photo ? [{ type: "photo", url: feed.photo }] : []),
      ...(feed.video ? [{ type: "video", url: feed.video }] : []),
    ],
    createdAt: (context.timeOf(feed.created_time) ?? context.sentAt).toISOString(),
  };
}

function fromInstagramComment(value: unknown, context: EntryContext): Outcome {
  const parsed = InstagramCommentValue.safeParse(value);
  const itemId = parsed.data?.id ?? parsed.data?.comment_id;
  if (!parsed.success || !itemId) return { rejected: "instagram:comments:malformed" };
  const comment = parsed.data;
  const author = comment.from;
  // Instagram replies are always attached to a top-level comment, so the parent is the thread.
  return {
    itemId,
    kind: comment.parent_id ? "reply" : "comment",
    event: "created",
    version: "0",
    postId: comment.media?.id,
    threadId: comment.parent_id ?? itemId,
    parentId: comment.parent_id,
    author: { id: author?.id, name: author?.username },
    byStaff:
      (author?.id !== undefined && author.id === context.accountId) ||
      (context.handle !== undefined && author?.username === context.handle),
    text: comment.text ?? "",
    attachments: [],
    // Instagram comment notifications carry no time of their own.
    createdAt: context.sentAt.toISOString(),
  };
}

/** An @mention carries no text or author: the classifier has to fetch the mentioning comment or caption. */
function fromInstagramMention(value: unknown, context: EntryContext): Outcome {
  const parsed = InstagramMentionValue.safeParse(value);
  const itemId = parsed.data?.comment_id ?? parsed.data?.id ?? parsed.data?.media_id;
  if (!parsed.success || !itemId) return { rejected: "instagram:mentions:malformed" };
  return {
    itemId,
    kind: "mention",
    event: "created",
    version: "0",
    postId: parsed.data.media_id,
    threadId: itemId,
    author: {},
    byStaff: false,
    text: "",
    attachments: [],
    createdAt: context.sentAt.toISOString(),
  };
}

function fromMessaging(raw: unknown, context: EntryContext): Outcome {
  const parsed = MessagingEvent.safeParse(raw);
  if (!parsed.success) return { rejected: `${context.platform}:messaging:malformed` };
  const { sender, recipient, timestamp, message } = parsed.data;
  if (!message) return { ignored: `${context.platform}:messaging:${messagingEventName(raw)}` };
  // Echoes are what the account itself sent: they answer the person, never need moderating.
  const byStaff = message.is_echo === true || sender.id === context.accountId;
  return {
    itemId: message.mid,
    kind: "message",
    event: message.is_deleted ? "deleted" : "created",
    version: "0",
    // The conversation is the person's: the same thread whether they wrote or the account answered.
    threadId: byStaff ? recipient.id : sender.id,
    author: { id: sender.id },
    byStaff,
    text: message.text ?? "",
    attachments: (message.attachments ?? []).map((a) => ({ type: a.type, url: a.payload?.url })),
    createdAt: (context.timeOf(timestamp) ?? context.sentAt).toISOString(),
  };
}

/** The kind of a non-message messaging event: its one payload key (`read`, `delivery`, `reaction`, `postback`…). */
function messagingEventName(raw: unknown): string {
  const keys = Object.keys(raw as object).filter((k) => !["sender", "recipient", "timestamp"].includes(k));
  return vocabulary(keys[0] ?? "unknown");
}
