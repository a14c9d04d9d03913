import {
  type ActionTarget,
  type PlatformActions,
  PlatformError,
  type PlatformErrorKind,
  type PlatformResult,
} from "@sentinella/core";
import { YouTubeComment, YouTubeThread } from "@sentinella/webhooks";
import * as z from "zod";
import { fetchPlatform, jsonBody, parsedAnswer } from "./http";
import { type QuotaLedger, type QuotaPurpose, secondsUntilQuotaReset, youTubeQuotaCost } from "./youtube-quota";

const ListPage = <T extends z.ZodType>(item: T) =>
  z.object({ items: z.array(item).default([]), nextPageToken: z.string().optional() });

export interface YouTubeApiOptions {
  /** "https://www.googleapis.com" (the sandbox's address in local mode and tests). */
  baseUrl: string;
  /** The channel's OAuth access token (scope youtube.force-ssl). */
  tokenFor(channelId: string): Promise<string | undefined>;
  ledger: QuotaLedger;
  clock: { now(): Date };
  timeoutMs?: number;
}

/** Google's error body: `{"error": {"code", "message", "errors": [{"reason", "domain"}]}}`. */
export function classifyYouTubeError(status: number, body: Record<string, unknown>, now: Date): PlatformError {
  const error = (body.error ?? {}) as { message?: string; errors?: { reason?: string }[] };
  const reason = error.errors?.[0]?.reason ?? `http_${status}`;
  const message = error.message ?? `YouTube Data API answered HTTP ${status}`;
  if (reason === "quotaExceeded" || reason === "dailyLimitExceeded") {
    return new PlatformError("throttled", reason, message, secondsUntilQuotaReset(now));
  }
  let kind: PlatformErrorKind = "permanent";
  if (status === 429 || reason === "rateLimitExceeded" || reason === "userRateLimitExceeded") kind = "throttled";
  else if (status === 401 || reason === "authError") kind = "auth";
  else if (status >= 500) kind = "transient";
  return new PlatformError(kind, reason, message, kind === "throttled" ? 60 : undefined);
}

/**
 * The YouTube Data API v3 calls Sentinella makes, each debited from the daily quota ledger before it goes out
 * (Google charges every request, failed ones too); a debit the ledger refuses is a `throttled` error until the
 * quota resets at midnight Pacific time, and no call is made. Hand-written on fetch: googleapis is a 100 MB
 * package for four calls.
 */
export function createYouTubeApi(options: YouTubeApiOptions) {
  const timeoutMs = options.timeoutMs ?? 10_000;

  async function call(
    channelId: string,
    units: number,
    purpose: QuotaPurpose,
    path: string,
    init: { method: string; body?: object } = { method: "GET" },
  ): Promise<Record<string, unknown>> {
    const now = options.clock.now();
    const token = await options.tokenFor(channelId);
    if (!token) throw new PlatformError("auth", "no_token", `no access token for YouTube channel ${channelId}`);
    const { granted, spent } = await options.ledger.debit(units, purpose, now);
    if (!granted) {
      throw new PlatformError(
        "throttled",
        "quota_reserved",
        `YouTube quota: ${spent} units spent today, not enough left for ${purpose}`,
        secondsUntilQuotaReset(now),
      );
    }
    const response = await fetchPlatform("YouTube Data API", `${options.baseUrl}/youtube/v3${path}`, {
      method: init.method,
      headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
      body: init.body && JSON.stringify(init.body),
      timeoutMs,
    });
    const json = await jsonBody(response);
    if (!response.ok) throw classifyYouTubeError(response.status, json, options.clock.now());
    return json;
  }

  const parsed = <T extends z.ZodType>(schema: T, json: unknown): z.infer<T> => parsedAnswer("YouTube", schema, json);

  const query = (params: Record<string, string | undefined>) =>
    new URLSearchParams(Object.entries(params).filter((entry): entry is [string, string] => entry[1] !== undefined));

  return {
    /** One page of the channel's comment threads, newest first (1 unit). */
    async listThreads(channelId: string, pageToken?: string, purpose: QuotaPurpose = "poll") {
      const params = query({
        part: "snippet,replies",
        allThreadsRelatedToChannelId: channelId,
        order: "time",
        maxResults: "100",
        textFormat: "plainText",
        pageToken,
      });
      return parsed(
        ListPage(YouTubeThread),
        await call(channelId, youTubeQuotaCost.list, purpose, `/commentThreads?${params}`),
      );
    },
    /** One page of the replies to a top-level comment (1 unit). */
    async listReplies(channelId: string, parentId: string, pageToken?: string, purpose: QuotaPurpose = "poll") {
      const params = query({ part: "snippet", parentId, maxResults: "100", textFormat: "plainText", pageToken });
      return parsed(
        ListPage(YouTubeComment),
        await call(channelId, youTubeQuotaCost.list, purpose, `/comments?${params}`),
      );
    },
    /** heldForReview (our hide, reversible) or published (50 units); never `rejected`, which cannot be undone. */
    async setModerationStatus(channelId: string, commentId: string, status: "heldForReview" | "published") {
      const params = query({ id: commentId, moderationStatus: status });
      return call(channelId, youTubeQuotaCost.moderate, "action", `/comments/setModerationStatus?${params}`, {
        method: "POST",
      });
    },
    /** A reply by the channel under a top-level comment (50 units). */
    async insertReply(channelId: string, parentId: string, text: string) {
      const json = await call(channelId, youTubeQuotaCost.reply, "action", "/comments?part=snippet", {
        method: "POST",
        body: { snippet: { parentId, textOriginal: text } },
      });
      return parsed(YouTubeComment, json);
    },
  };
}
export type YouTubeApi = ReturnType<typeof createYouTubeApi>;

/** Pages of a thread's replies read to find a holding reply that landed. */
const maxReplyPages = 3;

/**
 * PlatformActions for a YouTube channel: hide = `setModerationStatus=heldForReview` (back to the channel's review
 * queue, reversible), unhide = `published`, reply = `comments.insert` on the top-level comment (YouTube threads are
 * one level deep). YouTube has no private messages: a private answer is refused for good, and staff are alerted by
 * the reply rule's deadlines.
 */
export function createYouTubeActions(api: YouTubeApi): PlatformActions {
  const check = (target: ActionTarget) => {
    if (target.platform !== "youtube") {
      throw new PlatformError("permanent", "unsupported_platform", `YouTube Data API cannot act on ${target.platform}`);
    }
  };
  const topLevel = (target: ActionTarget) => target.threadId ?? target.parentId ?? target.itemId;
  return {
    async hide(target) {
      check(target);
      return { response: await api.setModerationStatus(target.accountId, target.itemId, "heldForReview") };
    },
    async unhide(target) {
      check(target);
      return { response: await api.setModerationStatus(target.accountId, target.itemId, "published") };
    },
    async reply(target, text): Promise<PlatformResult> {
      check(target);
      const comment = await api.insertReply(target.accountId, topLevel(target), text);
      return { id: comment.id, response: comment };
    },
    async privateReply() {
      throw new PlatformError("permanent", "no_private_channel", "YouTube has no private messages");
    },
    async findReply(target, text) {
      check(target);
      let pageToken: string | undefined;
      for (let page = 0; page < maxReplyPages; page++) {
        const replies = await api.listReplies(target.accountId, topLevel(target), pageToken, "action");
        const own = replies.items.find(
          (reply) =>
            reply.snippet.authorChannelId?.value === target.accountId &&
            (reply.snippet.textOriginal ?? reply.snippet.textDisplay) === text,
        );
        if (own) return { id: own.id, response: own };
        pageToken = replies.nextPageToken;
        if (!pageToken) break;
      }
      return undefined;
    },
  };
}
