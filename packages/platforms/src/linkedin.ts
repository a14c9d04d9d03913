import {
  type ActionTarget,
  type Clock,
  type PlatformActions,
  PlatformError,
  type PlatformResult,
  systemClock,
} from "@sentinella/core";
import { linkedInOrganizationUrn } from "@sentinella/webhooks";
import * as z from "zod";
import { fetchPlatform, jsonBody, parsedAnswer } from "./http";

export interface LinkedInActionsOptions {
  /** "https://api.linkedin.com" (the sandbox's address in local mode and tests). */
  baseUrl: string;
  /** Pinned `LinkedIn-Version` (YYYYMM): unversioned calls are refused. */
  version: string;
  /** The organisation's member token (w_organization_social_feed, r_organization_social_feed), by organisation id. */
  tokenFor(organizationId: string): Promise<string | undefined>;
  clock?: Clock;
  timeoutMs?: number;
}

/** A comment as the Comments API returns it; only what Sentinella reads. */
export const LinkedInComment = z.object({
  id: z.string().optional(),
  commentUrn: z.string().optional(),
  actor: z.string().optional(),
  object: z.string().optional(),
  parentComment: z.string().optional(),
  message: z.object({ text: z.string().default("") }).optional(),
});
export type LinkedInComment = z.infer<typeof LinkedInComment>;

const CommentsPage = z.object({
  elements: z.array(LinkedInComment).default([]),
  paging: z.object({ start: z.number().int(), count: z.number().int(), total: z.number().int().optional() }).optional(),
});

/** A post as the Posts API returns it: its text is `commentary`. */
const Post = z.object({ commentary: z.string().default("") });

/** LinkedIn's error body: `{"status": 429, "serviceErrorCode": 101, "code": "TOO_MANY_REQUESTS", "message": …}`. */
const ErrorBody = z.object({ code: z.string().optional(), message: z.string().optional() });

/** Pages of a comment's replies read to find a holding reply that landed. */
const maxReplyPages = 3;
const pageSize = 100;

/** The longest a throttled organisation is left alone when LinkedIn gives no Retry-After. */
const maxThrottlePauseSeconds = 3600;

/**
 * LinkedIn's limits are daily and "reset at midnight UTC", though a 429 may also be short-lived infrastructure
 * protection (https://learn.microsoft.com/en-us/linkedin/shared/api-guide/concepts/rate-limits): wait for
 * Retry-After when it is given, otherwise until midnight UTC but at most an hour, and try again.
 */
function throttlePauseSeconds(headers: Headers, now: Date): number {
  const retryAfter = Number(headers.get("retry-after"));
  if (retryAfter > 0) return Math.ceil(retryAfter);
  const midnight = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate() + 1);
  return Math.max(1, Math.min(maxThrottlePauseSeconds, Math.ceil((midnight - now.getTime()) / 1000)));
}

/**
 * 429 → throttled; 401 (expired or revoked token) → auth, staff reconnect the organisation; 5xx → transient; the rest
 * (403 a member who is no longer an administrator or a comment the organisation may not delete, 404 a comment gone,
 * 400/422) → permanent: the item is recorded and staff review it.
 */
export function classifyLinkedInError(status: number, body: unknown, headers: Headers, now: Date): PlatformError {
  const parsed = ErrorBody.safeParse(body);
  const { code = `http_${status}`, message = `LinkedIn API answered HTTP ${status}` } = parsed.success
    ? parsed.data
    : {};
  if (status === 429) return new PlatformError("throttled", code, message, throttlePauseSeconds(headers, now));
  if (status === 401) return new PlatformError("auth", code, message);
  if (status >= 500) return new PlatformError("transient", code, message);
  return new PlatformError("permanent", code, message);
}

/** `urn:li:comment:(<activity urn>,<comment id>)`: the post (activity) it is on and its own id. */
export function parseCommentUrn(urn: string): { object: string; id: string } | undefined {
  const match = /^urn:li:comment:\((.+),([^,()]+)\)$/.exec(urn);
  return match ? { object: match[1] as string, id: match[2] as string } : undefined;
}

const parsed = <T extends z.ZodType>(schema: T, json: unknown): z.infer<T> => parsedAnswer("LinkedIn", schema, json);

/**
 * PlatformActions for a LinkedIn organisation page over the versioned REST API (Comments and Posts APIs). LinkedIn
 * has no hide: hide and unhide are refused for good (the classifier sends clear-cut items to review, or deletes them
 * where the deployment chose so); `remove` deletes the comment as the organisation. Replies are comments by the
 * organisation nested under the thread's top-level comment (`parentComment`; LinkedIn nests one level deep); a
 * mention (someone's post) gets a comment on that post. No private messages from an organisation. Hand-written on
 * fetch: five calls, and no maintained LinkedIn SDK for Node covers the versioned REST API.
 */
export function createLinkedInActions(options: LinkedInActionsOptions): PlatformActions {
  const clock = options.clock ?? systemClock;
  const timeoutMs = options.timeoutMs ?? 10_000;

  async function call(target: ActionTarget, path: string, init: { method: string; body?: object } = { method: "GET" }) {
    if (target.platform !== "linkedin") {
      throw new PlatformError("permanent", "unsupported_platform", `LinkedIn API cannot act on ${target.platform}`);
    }
    const token = await options.tokenFor(target.accountId);
    if (!token) {
      throw new PlatformError("auth", "no_token", `no access token for LinkedIn organisation ${target.accountId}`);
    }
    const response = await fetchPlatform("LinkedIn API", `${options.baseUrl}/rest${path}`, {
      method: init.method,
      headers: {
        authorization: `Bearer ${token}`,
        "linkedin-version": options.version,
        "x-restli-protocol-version": "2.0.0",
        "content-type": "application/json",
      },
      body: init.body && JSON.stringify(init.body),
      timeoutMs,
    });
    const json = await jsonBody(response);
    if (!response.ok) throw classifyLinkedInError(response.status, json, response.headers, clock.now());
    return { json, headers: response.headers };
  }

  /** The comment a target names, with the post it is on. */
  function commentOf(urn: string) {
    const comment = parseCommentUrn(urn);
    if (!comment) throw new PlatformError("permanent", "not_a_comment", `${urn} is not a LinkedIn comment URN`);
    return comment;
  }

  /** Where the organisation's reply goes: a nested comment under the thread's top comment, or on a mentioning post. */
  function replyPlace(target: ActionTarget) {
    if (target.kind === "mention") return { on: target.itemId, object: target.itemId, parentComment: undefined };
    const top = target.threadId ?? target.itemId;
    return { on: top, object: commentOf(top).object, parentComment: top };
  }

  const comments = (on: string) => `/socialActions/${encodeURIComponent(on)}/comments`;
  const noHide = async (): Promise<PlatformResult> => {
    throw new PlatformError("permanent", "no_hide", "LinkedIn has no hide: delete the comment or review it");
  };

  return {
    hide: noHide,
    unhide: noHide,
    async remove(target) {
      if (target.kind === "mention") {
        throw new PlatformError("permanent", "not_deletable", "a post by someone else cannot be deleted");
      }
      const { object, id } = commentOf(target.itemId);
      const actor = encodeURIComponent(linkedInOrganizationUrn(target.accountId));
      const { json } = await call(target, `${comments(object)}/${encodeURIComponent(id)}?actor=${actor}`, {
        method: "DELETE",
      });
      return { response: json };
    },
    async reply(target, text) {
      const { on, object, parentComment } = replyPlace(target);
      const { json, headers } = await call(target, comments(on), {
        method: "POST",
        body: {
          actor: linkedInOrganizationUrn(target.accountId),
          object,
          message: { text },
          ...(parentComment && { parentComment }),
        },
      });
      const created = parsed(LinkedInComment, json);
      const id = created.id ?? headers.get("x-restli-id") ?? undefined;
      return { id: created.commentUrn ?? (id && `urn:li:comment:(${object},${id})`), response: json };
    },
    async privateReply() {
      throw new PlatformError("permanent", "no_private_channel", "a LinkedIn organisation cannot message members");
    },
    /** The organisation's comment with exactly this text under the reply's place, from its first pages. */
    async findReply(target, text) {
      const { on, object } = replyPlace(target);
      const organization = linkedInOrganizationUrn(target.accountId);
      for (let page = 0; page < maxReplyPages; page++) {
        const query = new URLSearchParams({ start: String(page * pageSize), count: String(pageSize) });
        const { elements, paging } = parsed(CommentsPage, (await call(target, `${comments(on)}?${query}`)).json);
        const own = elements.find((comment) => comment.actor === organization && comment.message?.text === text);
        if (own) {
          const urn = own.commentUrn ?? (own.id && `urn:li:comment:(${object},${own.id})`);
          return { id: urn || undefined, response: own };
        }
        if (elements.length < pageSize || (paging?.total ?? 0) <= (page + 1) * pageSize) break;
      }
      return undefined;
    },
    /** The text of a comment notified without it (Comments API), or of a post that mentions the organisation. */
    async fetchMentionText(target) {
      if (target.kind === "mention") {
        return parsed(Post, (await call(target, `/posts/${encodeURIComponent(target.itemId)}`)).json).commentary;
      }
      const { object, id } = commentOf(target.itemId);
      const { json } = await call(target, `${comments(object)}/${encodeURIComponent(id)}`);
      return parsed(LinkedInComment, json).message?.text ?? "";
    },
  };
}
