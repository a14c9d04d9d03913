import * as z from "zod";

/**
 * Zod schemas for the Meta webhook payloads Sentinella reads. Lenient: unknown fields are allowed (Meta adds
 * fields without notice) and only what normalisation needs is declared; the verbatim fragment is kept apart.
 * Sources: Graph API webhooks getting-started, Page `feed` reference, Instagram webhook examples and field
 * reference, Messenger `messages` / `message_echoes` references (developers.facebook.com/docs/graph-api/webhooks).
 */

/** Ids are strings on the wire, but older payloads carry numbers (`sender_id: 1914154345481707`). */
const Id = z.union([z.string().min(1), z.number()]).transform(String);

/** Seconds (changes), milliseconds (messaging), or an ISO string (Graph reads). */
export const Timestamp = z.union([z.number(), z.string()]);
export type Timestamp = z.infer<typeof Timestamp>;

export const MetaEnvelope = z.object({
  object: z.string(),
  entry: z.array(z.unknown()),
});

export const MetaChange = z.object({ field: z.string(), value: z.unknown() });
export type MetaChange = z.infer<typeof MetaChange>;

export const MetaEntry = z.object({
  id: Id,
  time: Timestamp.optional(),
  changes: z.array(z.unknown()).optional(),
  /** Instagram Login payloads put one change directly on the entry, without `changes[]`. */
  field: z.string().optional(),
  value: z.unknown().optional(),
  messaging: z.array(z.unknown()).optional(),
  /** Messenger handover protocol: events for another app in control of the thread. */
  standby: z.array(z.unknown()).optional(),
});
export type MetaEntry = z.infer<typeof MetaEntry>;

/** Facebook Page `feed` change value. Comments use `from`, older deliveries `sender_id`/`sender_name`. */
export const FeedValue = z.object({
  item: z.string(),
  verb: z.string(),
  comment_id: Id.optional(),
  post_id: Id.optional(),
  parent_id: Id.optional(),
  from: z.object({ id: Id.optional(), name: z.string().optional() }).optional(),
  sender_id: Id.optional(),
  sender_name: z.string().optional(),
  message: z.string().optional(),
  created_time: Timestamp.optional(),
  edited_time: Timestamp.optional(),
  photo: z.string().optional(),
  video: z.string().optional(),
});
export type FeedValue = z.infer<typeof FeedValue>;

/** Instagram `comments` / `live_comments` value; the Examples page shows `comment_id` where production sends `id`. */
export const InstagramCommentValue = z.object({
  id: Id.optional(),
  comment_id: Id.optional(),
  parent_id: Id.optional(),
  text: z.string().optional(),
  from: z.object({ id: Id.optional(), username: z.string().optional() }).optional(),
  media: z.object({ id: Id.optional(), media_product_type: z.string().optional() }).optional(),
});
export type InstagramCommentValue = z.infer<typeof InstagramCommentValue>;

/** Instagram `mentions` value: where the account was @mentioned (no text: it must be fetched). */
export const InstagramMentionValue = z.object({
  id: Id.optional(),
  comment_id: Id.optional(),
  media_id: Id.optional(),
});
export type InstagramMentionValue = z.infer<typeof InstagramMentionValue>;

/** One `entry[].messaging[]` event (Messenger or Instagram Direct). */
export const MessagingEvent = z.object({
  sender: z.object({ id: Id }),
  recipient: z.object({ id: Id }),
  timestamp: Timestamp.optional(),
  message: z
    .object({
      mid: Id,
      text: z.string().optional(),
      is_echo: z.boolean().optional(),
      is_deleted: z.boolean().optional(),
      attachments: z
        .array(z.object({ type: z.string(), payload: z.object({ url: z.string().optional() }).nullish() }))
        .optional(),
    })
    .optional(),
});
export type MessagingEvent = z.infer<typeof MessagingEvent>;
