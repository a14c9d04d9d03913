import { type EntityDeployment, findDeployment, type Item, type Platform } from "@sentinella/core";
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

/** Events acknowledged but not queued, counted by why (for logs and metrics). */
export interface IgnoredEvents {
  reason: string;
  count: number;
}

export interface NormalisedWebhook {
  items: Item[];
  ignored: IgnoredEvents[];
}

const platformByObject: Readonly<Record<string, Platform>> = { page: "facebook", instagram: "instagram" };

/** What one entry says about where its events happened. */
interface EntryContext {
  platform: Platform;
  accountId: string;
  /** The account's own username: Instagram Login payloads may identify the author only by it. */
  handle: string | undefined;
  /** When Meta sent the notification: the fallback for events that carry no time of their own. */
  sentAt: Date;
}

/** The item fields one event provides; the entry and the deployment provide the rest. */
type ItemFields = Omit<Item, "schemaVersion" | "entityId" | "platform" | "accountId" | "receivedAt" | "raw">;
type Outcome = ItemFields | { ignored: string };

/**
 * Turns one Meta webhook delivery (Facebook Page or Instagram, `changes[]` or `messaging[]`) into one Item per
 * comment, reply, mention or private message. Everything else (likes, reactions, posts, reads, accounts no
 * deployment runs) is counted in `ignored`, so the delivery can be acknowledged without losing track of it.
 */
export function normaliseMetaWebhook(body: unknown, { receivedAt, deployments }: NormaliseOptions): NormalisedWebhook {
  const items: Item[] = [];
  const ignored = new Map<string, number>();
  const ignore = (reason: string, count = 1) => {
    if (count > 0) ignored.set(reason, (ignored.get(reason) ?? 0) + count);
  };

  const result = () => ({ items, ignored: [...ignored].map(([reason, count]) => ({ reason, count })) });

  const envelope = MetaEnvelope.safeParse(body);
  if (!envelope.success) {
    ignore("unrecognised_payload");
    return result();
  }
  const platform = platformByObject[envelope.data.object];
  if (!platform) {
    ignore(`object:${envelope.data.object}`, envelope.data.entry.length);
    return result();
  }
  for (const rawEntry of envelope.data.entry) {
    const entry = MetaEntry.safeParse(rawEntry);
    if (!entry.success) {
      ignore(`${platform}:malformed_entry`);
      continue;
    }
    const { id: accountId, standby = [] } = entry.data;
    // Events for a thread another app controls (handover protocol) are that app's to answer.
    ignore(`${platform}:standby`, standby.length);
    const fragments = fragmentsOf(entry.data, rawEntry);
    const deployment = findDeployment(deployments, platform, accountId);
    if (!deployment) {
      ignore("unknown_account", fragments.length);
      continue;
    }
    const context: EntryContext = {
      platform,
      accountId,
      handle: deployment.accounts.find((a) => a.platform === platform && a.accountId === accountId)?.handle,
      sentAt: metaTime(entry.data.time) ?? receivedAt,
    };
    for (const { raw, event, messaging } of fragments) {
      const outcome = messaging ? fromMessaging(event, context) : fromChange(event, context);
      if ("ignored" in outcome) {
        ignore(outcome.ignored);
        continue;
      }
      items.push({
        schemaVersion: 1,
        entityId: deployment.entityId,
        platform,
        accountId,
        ...outcome,
        receivedAt: receivedAt.toISOString(),
        raw,
      });
    }
  }
  return result();
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

function fromChange(raw: unknown, context: EntryContext): Outcome {
  const change = MetaChange.safeParse(raw);
  if (!change.success) return { ignored: `${context.platform}:malformed_change` };
  const { field, value } = change.data;
  if (context.platform === "facebook" && field === "feed") return fromFeed(value, context);
  if (context.platform === "instagram" && (field === "comments" || field === "live_comments")) {
    return fromInstagramComment(value, context);
  }
  if (context.platform === "instagram" && field === "mentions") return fromInstagramMention(value, context);
  return { ignored: `${context.platform}:${field}` };
}

const feedEvents: Readonly<Record<string, Item["event"]>> = {
  add: "created",
  edited: "edited",
  edit: "edited",
  remove: "deleted",
  delete: "deleted",
};

function fromFeed(value: unknown, context: EntryContext): Outcome {
  const parsed = FeedValue.safeParse(value);
  if (!parsed.success) return { ignored: "facebook:feed:malformed" };
  const feed = parsed.data;
  if (feed.item !== "comment") return { ignored: `facebook:feed:${feed.item}` };
  const event = feedEvents[feed.verb];
  if (!event || !feed.comment_id) return { ignored: `facebook:feed:comment:${feed.verb}` };
  // An edit that does not say the new text cannot be judged; queued as "", it would pass for a clean edit.
  if (event === "edited" && feed.message === undefined) return { ignored: "facebook:feed:comment:edited_without_text" };
  // A top-level comment's parent is the post; any other parent is the comment it replies to.
  const parentComment = feed.parent_id !== undefined && feed.parent_id !== feed.post_id ? feed.parent_id : undefined;
  const authorId = feed.from?.id ?? feed.sender_id;
  return {
    itemId: feed.comment_id,
    kind: parentComment ? "reply" : "comment",
    event,
    // The edit time tells successive edits apart; without `edited_time`, the notification's own time does.
    version: event === "edited" ? (metaTime(feed.edited_time) ?? context.sentAt).toISOString() : "0",
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
    createdAt: (metaTime(feed.created_time) ?? context.sentAt).toISOString(),
  };
}

function fromInstagramComment(value: unknown, context: EntryContext): Outcome {
  const parsed = InstagramCommentValue.safeParse(value);
  const itemId = parsed.data?.id ?? parsed.data?.comment_id;
  if (!parsed.success || !itemId) return { ignored: "instagram:comments:malformed" };
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
  if (!parsed.success || !itemId) return { ignored: "instagram:mentions:malformed" };
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
  if (!parsed.success) return { ignored: `${context.platform}:messaging:malformed` };
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
    createdAt: (metaTime(timestamp) ?? context.sentAt).toISOString(),
  };
}

/** The kind of a non-message messaging event: its one payload key (`read`, `delivery`, `reaction`, `postback`…). */
function messagingEventName(raw: unknown): string {
  const keys = Object.keys(raw as object).filter((k) => !["sender", "recipient", "timestamp"].includes(k));
  return keys[0] ?? "unknown";
}
