import type { Item } from "@sentinella/core";
import * as z from "zod";

/**
 * YouTube has no comment webhooks: the poller reads `commentThreads.list` and `comments.list`
 * (https://developers.google.com/youtube/v3/docs/commentThreads). These are the fields Sentinella reads of them.
 */
export const YouTubeComment = z.object({
  id: z.string().min(1),
  snippet: z.object({
    channelId: z.string().optional(),
    videoId: z.string().optional(),
    parentId: z.string().optional(),
    textOriginal: z.string().optional(),
    textDisplay: z.string().optional(),
    authorDisplayName: z.string().optional(),
    authorChannelId: z.object({ value: z.string() }).optional(),
    publishedAt: z.iso.datetime({ offset: true }),
    updatedAt: z.iso.datetime({ offset: true }).optional(),
  }),
});
export type YouTubeComment = z.infer<typeof YouTubeComment>;

export const YouTubeThread = z.object({
  id: z.string().min(1),
  snippet: z.object({
    videoId: z.string().optional(),
    canReply: z.boolean().optional(),
    totalReplyCount: z.number().int().default(0),
    topLevelComment: YouTubeComment,
  }),
  /** A thread "does not necessarily contain all replies": comments.list?parentId= has them all. */
  replies: z.object({ comments: z.array(YouTubeComment).default([]) }).optional(),
});
export type YouTubeThread = z.infer<typeof YouTubeThread>;

/** When a comment last changed: an edit moves `updatedAt` past `publishedAt`. */
export function youTubeActivity(comment: YouTubeComment): string {
  const { publishedAt, updatedAt } = comment.snippet;
  const published = new Date(publishedAt).toISOString();
  const updated = updatedAt ? new Date(updatedAt).toISOString() : published;
  // biome-ignore lint/complexity/useMathMinMax: ISO timestamps, compared as strings
  return updated > published ? updated : published;
}

/**
 * One comment or reply of a channel as an Item. An edited comment (updatedAt after publishedAt) is a new version of
 * it, keyed by the edit time, so the classifier judges the new text; a comment by the channel itself is a staff item
 * (it answers the thread). YouTube threads are one level deep: a reply's thread is its top-level comment.
 */
export function youTubeItem(
  comment: YouTubeComment,
  context: { entityId: string; channelId: string; videoId?: string; receivedAt: Date },
): Item {
  const { snippet } = comment;
  const activity = youTubeActivity(comment);
  const published = new Date(snippet.publishedAt).toISOString();
  const edited = activity > published;
  const authorId = snippet.authorChannelId?.value;
  return {
    schemaVersion: 1,
    entityId: context.entityId,
    platform: "youtube",
    accountId: context.channelId,
    itemId: comment.id,
    kind: snippet.parentId ? "reply" : "comment",
    event: edited ? "edited" : "created",
    version: edited ? activity : "0",
    postId: snippet.videoId ?? context.videoId,
    threadId: snippet.parentId ?? comment.id,
    parentId: snippet.parentId,
    author: { id: authorId, name: snippet.authorDisplayName },
    byStaff: authorId === context.channelId,
    text: snippet.textOriginal ?? snippet.textDisplay ?? "",
    attachments: [],
    createdAt: published,
    receivedAt: context.receivedAt.toISOString(),
    raw: comment,
  };
}
