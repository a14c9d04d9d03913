import { type EntityDeployment, findDeployment, type Item } from "@sentinella/core";
import * as z from "zod";
import { EventTally, type NormalisedWebhook } from "./delivery";
import type { NormaliseOptions } from "./meta";

/**
 * X Account Activity API (AAA) deliveries: one JSON object per POST with `for_user_id` (the subscribed account)
 * and one array per event type. Tweets are in the v1.1 format. Lenient schemas: only what normalisation reads.
 * https://developer.x.com/en/docs/x-api/enterprise/account-activity-api/guides/account-activity-data-objects
 * The X Activity API (XAA) that replaces AAA has another envelope; it belongs in a module of its own.
 */

const Tweet = z.object({
  id_str: z.string().min(1),
  text: z.string().optional(),
  full_text: z.string().optional(),
  truncated: z.boolean().optional(),
  /** A long tweet's whole text; `text` is then cut at 140 characters. */
  extended_tweet: z.object({ full_text: z.string() }).optional(),
  in_reply_to_status_id_str: z.string().nullish(),
  in_reply_to_user_id_str: z.string().nullish(),
  user: z.object({ id_str: z.string().min(1), screen_name: z.string().optional(), name: z.string().optional() }),
  timestamp_ms: z.string().optional(),
  created_at: z.string().optional(),
  retweeted_status: z.unknown().optional(),
  quoted_status: z.object({ id_str: z.string() }).optional(),
  extended_entities: z
    .object({ media: z.array(z.object({ type: z.string(), media_url_https: z.string().optional() })).optional() })
    .optional(),
});
type Tweet = z.infer<typeof Tweet>;

const DirectMessage = z.object({
  type: z.string(),
  id: z.string().min(1),
  created_timestamp: z.string().optional(),
  message_create: z
    .object({
      target: z.object({ recipient_id: z.string() }),
      sender_id: z.string(),
      message_data: z.object({ text: z.string().default("") }),
    })
    .optional(),
});

const TweetDelete = z.object({
  status: z.object({ id: z.string().min(1), user_id: z.string().optional() }),
  timestamp_ms: z.string().optional(),
});

const Envelope = z.looseObject({
  for_user_id: z.string().min(1),
  tweet_create_events: z.array(z.unknown()).optional(),
  direct_message_events: z.array(z.unknown()).optional(),
  tweet_delete_events: z.array(z.unknown()).optional(),
  users: z.record(z.string(), z.object({ screen_name: z.string().optional(), name: z.string().optional() })).optional(),
});

/** The arrays Sentinella queues; every other array (favorites, follows, typing, reads…) is counted and acknowledged. */
const handled = new Set(["tweet_create_events", "direct_message_events", "tweet_delete_events"]);

type ItemFields = Omit<Item, "schemaVersion" | "entityId" | "platform" | "accountId" | "receivedAt" | "raw">;

/** `timestamp_ms` ("1576754869433"), or v1.1's `created_at` ("Thu Dec 19 11:27:49 +0000 2019"). */
function xTime(milliseconds: string | undefined, createdAt?: string): Date | undefined {
  const date = milliseconds ? new Date(Number(milliseconds)) : createdAt ? new Date(createdAt) : undefined;
  return date && !Number.isNaN(date.getTime()) ? date : undefined;
}

/**
 * A tweet by or about the account. The account's own tweets (its posts and replies, our holding replies too) are
 * staff items. A reply to one of the account's tweets is a "comment" under it, the one kind X lets the account hide
 * (only replies in a conversation it started); mentions, quotes and replies elsewhere are "mention"s, which the
 * account cannot hide: they go to review.
 */
function fromTweet(tweet: Tweet, accountId: string, receivedAt: Date): ItemFields | { ignored: string } {
  if (tweet.retweeted_status !== undefined) return { ignored: "x:retweet" };
  const byStaff = tweet.user.id_str === accountId;
  const repliesTo = tweet.in_reply_to_status_id_str ?? undefined;
  const underOwnTweet = tweet.in_reply_to_user_id_str === accountId && repliesTo !== undefined;
  const kind: Item["kind"] = byStaff ? (repliesTo ? "reply" : "comment") : underOwnTweet ? "comment" : "mention";
  return {
    itemId: tweet.id_str,
    kind,
    event: "created",
    version: "0",
    postId: repliesTo ?? tweet.quoted_status?.id_str,
    // A staff reply answers the tweet it replies to: that tweet is the thread an obligation is kept on.
    threadId: byStaff ? (repliesTo ?? tweet.id_str) : tweet.id_str,
    parentId: repliesTo,
    author: { id: tweet.user.id_str, name: tweet.user.screen_name ?? tweet.user.name },
    byStaff,
    text: (tweet.truncated ? tweet.extended_tweet?.full_text : undefined) ?? tweet.full_text ?? tweet.text ?? "",
    attachments: (tweet.extended_entities?.media ?? []).map((m) => ({ type: m.type, url: m.media_url_https })),
    createdAt: (xTime(tweet.timestamp_ms, tweet.created_at) ?? receivedAt).toISOString(),
  };
}

/**
 * Turns one Account Activity delivery into Items: every tweet in `tweet_create_events`, every `message_create` in
 * `direct_message_events` (names from the `users` map), every `tweet_delete_events` entry; `for_user_id` says whose
 * account it is, hence which deployment. An event of those kinds that cannot be read is counted in `rejected`,
 * everything else in `ignored`.
 */
export function normaliseXAccountActivity(
  body: unknown,
  { receivedAt, deployments }: NormaliseOptions,
): NormalisedWebhook {
  const items: Item[] = [];
  const tally = new EventTally();
  const ignore = (reason: string, count?: number) => tally.ignore(reason, count);
  const envelope = Envelope.safeParse(body);
  if (!envelope.success) {
    ignore("unrecognised_payload");
    return tally.result(items);
  }
  const { for_user_id: accountId, users = {} } = envelope.data;
  const arrays = Object.entries(envelope.data).filter(([key, value]) => key !== "users" && Array.isArray(value));
  const deployment: EntityDeployment | undefined = findDeployment(deployments, "x", accountId);
  for (const [key, events] of arrays as [string, unknown[]][]) {
    if (!deployment) ignore("unknown_account", events.length);
    else if (!handled.has(key)) ignore(`x:${key}`, events.length);
  }
  if (!deployment) return tally.result(items);
  // Objects such as `user_event` (an app revoked) are counted too.
  for (const [key, value] of Object.entries(envelope.data)) {
    if (key.endsWith("_event") && value && typeof value === "object") ignore(`x:${key}`);
  }

  const push = (raw: unknown, fields: ItemFields | { ignored: string }) => {
    if ("ignored" in fields) return ignore(fields.ignored);
    items.push({
      schemaVersion: 1,
      entityId: deployment.entityId,
      platform: "x",
      accountId,
      ...fields,
      receivedAt: receivedAt.toISOString(),
      raw,
    });
  };

  for (const raw of envelope.data.tweet_create_events ?? []) {
    const tweet = Tweet.safeParse(raw);
    if (tweet.success) push(raw, fromTweet(tweet.data, accountId, receivedAt));
    else tally.reject("x:tweet:malformed");
  }
  for (const raw of envelope.data.direct_message_events ?? []) {
    const parsed = DirectMessage.safeParse(raw);
    if (!parsed.success) {
      tally.reject("x:direct_message:malformed");
      continue;
    }
    const { id, created_timestamp, message_create: message } = parsed.data;
    if (parsed.data.type !== "message_create" || !message) {
      ignore(`x:direct_message:${parsed.data.type}`);
      continue;
    }
    const byStaff = message.sender_id === accountId;
    const sender = users[message.sender_id];
    push(raw, {
      itemId: id,
      kind: "message",
      event: "created",
      version: "0",
      // The conversation is the person's, whoever of the two wrote.
      threadId: byStaff ? message.target.recipient_id : message.sender_id,
      author: { id: message.sender_id, name: sender?.screen_name ?? sender?.name },
      byStaff,
      text: message.message_data.text,
      attachments: [],
      createdAt: (xTime(created_timestamp) ?? receivedAt).toISOString(),
    });
  }
  for (const raw of envelope.data.tweet_delete_events ?? []) {
    const parsed = TweetDelete.safeParse(raw);
    if (!parsed.success) {
      tally.reject("x:tweet_delete:malformed");
      continue;
    }
    const { status, timestamp_ms } = parsed.data;
    push(raw, {
      itemId: status.id,
      kind: "comment",
      event: "deleted",
      version: "0",
      threadId: status.id,
      author: { id: status.user_id },
      // A deletion answers nobody, whoever deleted: it only settles what the deleted tweet was owed.
      byStaff: false,
      text: "",
      attachments: [],
      createdAt: (xTime(timestamp_ms) ?? receivedAt).toISOString(),
    });
  }
  return tally.result(items);
}
