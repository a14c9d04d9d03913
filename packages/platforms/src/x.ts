import {
  type ActionTarget,
  type Clock,
  type PlatformActions,
  PlatformError,
  type PlatformResult,
  systemClock,
} from "@sentinella/core";
import { fetchPlatform, jsonBody } from "./http";

export interface XActionsOptions {
  /** X API host, "https://api.x.com" (the sandbox's address in local mode and tests). */
  baseUrl: string;
  /** The account's OAuth 2.0 user token (tweet.read users.read tweet.write tweet.moderate.write dm.write). */
  tokenFor(accountId: string): Promise<string | undefined>;
  clock?: Clock;
  timeoutMs?: number;
}

/** X's documented hide-replies limit: 50 requests per 15 minutes per user. */
export const xHideLimit = { requests: 50, windowMs: 15 * 60_000 };

/** Pages of the account's own timeline read to find a holding reply that landed: it is recent. */
const maxTimelinePages = 3;

/**
 * X answers errors as `{"title","detail","type"}` (problem details) or `{"errors":[{"message","code"}]}`; the
 * status is reliable. 429 carries `x-rate-limit-reset` (epoch seconds) for when the window reopens.
 */
export function classifyXError(status: number, body: Record<string, unknown>, headers: Headers, now: Date) {
  const errors = body.errors as { message?: string; code?: number }[] | undefined;
  const detail = (body.detail ?? body.title ?? errors?.[0]?.message ?? `X API answered HTTP ${status}`) as string;
  const code = typeof body.type === "string" ? (body.type.split("/").pop() ?? `http_${status}`) : `http_${status}`;
  if (status === 429) return new PlatformError("throttled", code, detail, secondsUntilReset(headers, now));
  if (status === 401) return new PlatformError("auth", code, detail);
  if (status >= 500) return new PlatformError("transient", code, detail);
  return new PlatformError("permanent", code, detail);
}

function secondsUntilReset(headers: Headers, now: Date): number | undefined {
  const reset = Number(headers.get("x-rate-limit-reset"));
  if (!reset) return undefined;
  return Math.max(1, Math.ceil(reset - now.getTime() / 1000));
}

interface TimelineTweet {
  id: string;
  text: string;
  referenced_tweets?: { type: string; id: string }[];
}

/**
 * PlatformActions for an X account over the X API v2: hide and unhide a reply (`PUT /2/tweets/{id}/hidden`), reply
 * (`POST /2/tweets` with `reply.in_reply_to_tweet_id`), answer in private by DM
 * (`POST /2/dm_conversations/with/{user}/messages`). Hand-written on fetch: a few calls, and the X SDKs bring their
 * own OAuth and retry layers where Sentinella has its own.
 *
 * Rate limits: every answer's `x-rate-limit-remaining`/`-reset` headers are kept per account and endpoint, and a
 * call whose window is spent is refused here as `throttled` without going out; hides also count against X's
 * 50-per-15-minutes, so a burst stops before X answers 429. Both are per instance (a Lambda's): the headers keep
 * concurrent instances honest.
 */
export function createXActions(options: XActionsOptions): PlatformActions {
  const clock = options.clock ?? systemClock;
  const timeoutMs = options.timeoutMs ?? 10_000;
  /** "<account>#<endpoint>" → epoch ms until which X said the window is spent. */
  const spentUntil = new Map<string, number>();
  /** Account → times of its recent hide calls (epoch ms). */
  const hides = new Map<string, number[]>();

  function refuseIfSpent(key: string) {
    const until = spentUntil.get(key) ?? 0;
    const now = clock.now().getTime();
    if (until > now) {
      throw new PlatformError(
        "throttled",
        "rate_limit",
        `X rate limit spent for ${key}`,
        Math.ceil((until - now) / 1000),
      );
    }
  }

  function countHide(accountId: string) {
    const now = clock.now().getTime();
    const recent = (hides.get(accountId) ?? []).filter((at) => at > now - xHideLimit.windowMs);
    if (recent.length >= xHideLimit.requests) {
      const retryAfter = Math.ceil(((recent[0] as number) + xHideLimit.windowMs - now) / 1000);
      throw new PlatformError("throttled", "hide_limit", "50 hides in 15 minutes on this X account", retryAfter);
    }
    hides.set(accountId, [...recent, now]);
  }

  async function call(
    target: ActionTarget,
    endpoint: string,
    path: string,
    init: { method: string; body?: object },
  ): Promise<Record<string, unknown>> {
    if (target.platform !== "x") {
      throw new PlatformError("permanent", "unsupported_platform", `X API cannot act on ${target.platform}`);
    }
    const key = `${target.accountId}#${endpoint}`;
    refuseIfSpent(key);
    const token = await options.tokenFor(target.accountId);
    if (!token) throw new PlatformError("auth", "no_token", `no access token for X account ${target.accountId}`);
    const response = await fetchPlatform("X API", `${options.baseUrl}${path}`, {
      method: init.method,
      headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
      body: init.body && JSON.stringify(init.body),
      timeoutMs,
    });
    const remaining = response.headers.get("x-rate-limit-remaining");
    const reset = Number(response.headers.get("x-rate-limit-reset"));
    if ((remaining === "0" || response.status === 429) && reset) spentUntil.set(key, reset * 1000);
    const json = await jsonBody(response);
    if (!response.ok) throw classifyXError(response.status, json, response.headers, clock.now());
    return json;
  }

  async function setHidden(target: ActionTarget, hidden: boolean): Promise<PlatformResult> {
    // X hides only replies in a conversation the account started: what ingress calls a "comment" under its tweet.
    if (target.kind !== "comment") {
      throw new PlatformError("permanent", "not_hideable", `an X ${target.kind} cannot be hidden by the account`);
    }
    countHide(target.accountId);
    const json = await call(target, "hide", `/2/tweets/${encodeURIComponent(target.itemId)}/hidden`, {
      method: "PUT",
      body: { hidden },
    });
    return { response: json };
  }

  async function directMessage(target: ActionTarget, text: string): Promise<PlatformResult> {
    const recipient = target.kind === "message" ? (target.threadId ?? target.authorId) : target.authorId;
    if (!recipient) throw new PlatformError("permanent", "no_recipient", "a direct message without its recipient");
    const json = await call(target, "dm", `/2/dm_conversations/with/${encodeURIComponent(recipient)}/messages`, {
      method: "POST",
      body: { text },
    });
    const data = json.data as { dm_event_id?: string } | undefined;
    return { id: data?.dm_event_id, response: json };
  }

  return {
    hide: (target) => setHidden(target, true),
    unhide: (target) => setHidden(target, false),
    async reply(target, text) {
      if (target.kind === "message") return directMessage(target, text);
      const json = await call(target, "tweet", "/2/tweets", {
        method: "POST",
        body: { text, reply: { in_reply_to_tweet_id: target.itemId } },
      });
      return { id: (json.data as { id?: string } | undefined)?.id, response: json };
    },
    privateReply: directMessage,
    /**
     * The account's own reply to the tweet with this text, from its timeline (`GET /2/users/{id}/tweets`, newest
     * first): a reply names the tweet it answers in `referenced_tweets`. X may put the @handle of the author in
     * front of the text, so the text is compared at the end. Direct messages are not looked up (undefined).
     */
    async findReply(target, text) {
      if (target.kind === "message") return undefined;
      let pageToken: string | undefined;
      for (let page = 0; page < maxTimelinePages; page++) {
        const query = new URLSearchParams({ max_results: "100", "tweet.fields": "referenced_tweets" });
        if (pageToken) query.set("pagination_token", pageToken);
        const json = await call(
          target,
          "timeline",
          `/2/users/${encodeURIComponent(target.accountId)}/tweets?${query}`,
          {
            method: "GET",
          },
        );
        const own = (json.data as TimelineTweet[] | undefined)?.find(
          (tweet) =>
            tweet.text.endsWith(text) &&
            tweet.referenced_tweets?.some((ref) => ref.type === "replied_to" && ref.id === target.itemId),
        );
        if (own) return { id: own.id, response: own };
        pageToken = (json.meta as { next_token?: string } | undefined)?.next_token;
        if (!pageToken) break;
      }
      return undefined;
    },
  };
}
