import { type Clock, systemClock } from "@sentinella/core";
import {
  type SandboxCall,
  type SandboxRequest,
  type SandboxResponse,
  type SandboxServer,
  serveSandbox,
} from "./sandbox-http";
import { type SandboxClient, type SandboxOAuth, type SandboxTokens, sandboxOAuth } from "./sandbox-oauth";

export type SandboxYouTubeCallKind = "hide" | "unhide" | "reject" | "reply";

export type SandboxYouTubeCall = Omit<SandboxCall<SandboxYouTubeCallKind>, "method" | "path">;

interface StoredComment {
  id: string;
  /** The channel the comment was written on (the video's channel). */
  channelId: string;
  videoId: string;
  parentId?: string;
  text: string;
  authorChannelId: string;
  authorDisplayName: string;
  publishedAt: string;
  updatedAt: string;
  moderationStatus: "published" | "heldForReview" | "likelySpam" | "rejected";
}

export interface NewSandboxComment {
  channelId: string;
  videoId?: string;
  /** A reply: the top-level comment it answers. */
  parentId?: string;
  text: string;
  authorChannelId: string;
  authorDisplayName: string;
  id?: string;
  /**
   * Written earlier (ISO time): published then and `updatedAt` now, as if edited just now, so that a poller whose
   * cursor is past that time still reads it (the demo's back-dated questions).
   */
  publishedAt?: string;
}

export interface SandboxYouTube extends Omit<SandboxServer, "failNext"> {
  calls: SandboxYouTubeCall[];
  /** Units charged today, as Google counts them (every request, failed ones too). */
  unitsSpent(): number;
  /** A citizen writes a comment or a reply now; returns its id. */
  addComment(comment: NewSandboxComment): string;
  /** The author edits a comment now: new text, `updatedAt` moves. */
  editComment(id: string, text: string): void;
  moderationStatusOf(id: string): StoredComment["moderationStatus"] | undefined;
  /** Google's OAuth 2.0 on the same host: `POST /token` renews 1-hour tokens, `GET /tokeninfo` reads one. */
  oauth: SandboxOAuth;
  /** The next `count` requests fail as Google fails: a status and an `errors[0].reason` (quotaExceeded, backendError…). */
  failNext(count: number, failure: { status: number; reason: string; message?: string }): void;
}

const costs = { list: 1, moderate: 50, insert: 50 };
/** Replies a thread carries inline; the rest only through comments.list. */
const inlineReplies = 5;

const googleError = (status: number, reason: string, message: string): SandboxResponse => ({
  status,
  body: { error: { code: status, message, errors: [{ message, domain: "youtube", reason }] } },
});

/**
 * A loopback stand-in for the YouTube Data API v3 calls Sentinella makes: commentThreads.list by
 * allThreadsRelatedToChannelId (threads with the latest activity first, `pageSize` a page whatever maxResults
 * asks, as users report ~20), comments.list by parentId, comments.setModerationStatus (204; a rejected comment
 * cannot be published again), comments.insert (a reply by the token's channel). It charges the documented units
 * per call against `dailyQuota` and answers quotaExceeded past it. `POST /_sandbox/comments` lets another process
 * (the demo) write a citizen's comment, which only the test harness can do.
 */
export async function startSandboxYouTube(
  options: {
    tokens?: SandboxTokens;
    client?: SandboxClient;
    clock?: Clock;
    port?: number;
    pageSize?: number;
    dailyQuota?: number;
  } = {},
) {
  const clock = options.clock ?? systemClock;
  const pageSize = options.pageSize ?? 20;
  const dailyQuota = options.dailyQuota ?? 10_000;
  const calls: SandboxYouTubeCall[] = [];
  const comments = new Map<string, StoredComment>();
  const oauth = sandboxOAuth({
    clock,
    ...(options.client ?? { clientId: "local-youtube-client" }),
    accessTokenSeconds: 3600,
    rotates: false,
    tokens: options.tokens ?? {},
  });
  let spent = 0;
  let sequence = 0;

  const resource = (comment: StoredComment) => ({
    kind: "youtube#comment",
    id: comment.id,
    snippet: {
      channelId: comment.channelId,
      videoId: comment.videoId,
      ...(comment.parentId && { parentId: comment.parentId }),
      textDisplay: comment.text,
      textOriginal: comment.text,
      authorDisplayName: comment.authorDisplayName,
      authorChannelId: { value: comment.authorChannelId },
      moderationStatus: comment.moderationStatus,
      publishedAt: comment.publishedAt,
      updatedAt: comment.updatedAt,
    },
  });
  const visible = (comment: StoredComment) => comment.moderationStatus === "published";
  const repliesOf = (id: string) =>
    [...comments.values()]
      .filter((c) => c.parentId === id && visible(c))
      .sort((a, b) => a.publishedAt.localeCompare(b.publishedAt));
  const activity = (top: StoredComment) =>
    // biome-ignore lint/complexity/useMathMinMax: ISO timestamps, compared as strings
    [top, ...repliesOf(top.id)].map((c) => c.updatedAt).reduce((a, b) => (a > b ? a : b));

  function page<T>(items: T[], url: URL, size: number) {
    const offset = Number(url.searchParams.get("pageToken")?.replace(/^p/, "")) || 0;
    const next = offset + size < items.length ? { nextPageToken: `p${offset + size}` } : {};
    return {
      items: items.slice(offset, offset + size),
      ...next,
      pageInfo: { totalResults: items.length, resultsPerPage: size },
    };
  }

  function addComment(comment: NewSandboxComment): string {
    const now = clock.now().toISOString();
    const id = comment.id ?? `Ugz${(++sequence).toString(36)}${Date.now().toString(36)}`;
    const parent = comment.parentId ? comments.get(comment.parentId) : undefined;
    comments.set(id, {
      id,
      channelId: parent?.channelId ?? comment.channelId,
      videoId: parent?.videoId ?? comment.videoId ?? "video-1",
      parentId: comment.parentId,
      text: comment.text,
      authorChannelId: comment.authorChannelId,
      authorDisplayName: comment.authorDisplayName,
      publishedAt: comment.publishedAt ? new Date(comment.publishedAt).toISOString() : now,
      updatedAt: now,
      moderationStatus: "published",
    });
    return id;
  }

  function charge(units: number) {
    spent += units;
    if (spent > dailyQuota) {
      throw googleError(403, "quotaExceeded", "The request cannot be completed because you have exceeded your quota.");
    }
  }

  /** `GET /tokeninfo?access_token=`: Google's token check (no quota), `expires_in` seconds when it expires. */
  function tokenInfo(url: URL): SandboxResponse {
    const token = url.searchParams.get("access_token") ?? "";
    if (!oauth.accountOf(token))
      return { status: 400, body: { error: "invalid_token", error_description: "Invalid Value" } };
    const expiry = oauth.expiryOf(token);
    const left = expiry
      ? { expires_in: Math.max(0, Math.floor((expiry.getTime() - clock.now().getTime()) / 1000)) }
      : {};
    return { status: 200, body: { scope: "https://www.googleapis.com/auth/youtube.force-ssl", ...left } };
  }

  function route(request: SandboxRequest): SandboxResponse {
    const { method, url, body, token } = request;
    const path = url.pathname;
    if (path === "/token") return oauth.token(request);
    if (method === "GET" && path === "/tokeninfo") return tokenInfo(url);
    if (method === "POST" && path === "/_sandbox/comments") {
      return { status: 201, body: { id: addComment(body as unknown as NewSandboxComment) } };
    }
    try {
      if (!token) return googleError(401, "authError", "Request is missing required authentication credential.");
      if (oauth.expired(token)) return googleError(401, "authError", "Invalid Credentials");
      const channel = oauth.accountOf(token);
      if (method === "GET" && path === "/youtube/v3/commentThreads") {
        charge(costs.list);
        const channelId = url.searchParams.get("allThreadsRelatedToChannelId");
        if (!channelId) return googleError(400, "missingRequiredParameter", "No filter selected.");
        const threads = [...comments.values()]
          .filter((c) => c.channelId === channelId && !c.parentId && visible(c))
          .sort((a, b) => activity(b).localeCompare(activity(a)))
          .map((top) => {
            const replies = repliesOf(top.id);
            return {
              kind: "youtube#commentThread",
              id: top.id,
              snippet: {
                channelId,
                videoId: top.videoId,
                canReply: true,
                totalReplyCount: replies.length,
                isPublic: true,
                topLevelComment: resource(top),
              },
              ...(replies.length > 0 && { replies: { comments: replies.slice(0, inlineReplies).map(resource) } }),
            };
          });
        const size = Math.min(pageSize, Number(url.searchParams.get("maxResults")) || 20);
        return { status: 200, body: { kind: "youtube#commentThreadListResponse", ...page(threads, url, size) } };
      }
      if (method === "GET" && path === "/youtube/v3/comments") {
        charge(costs.list);
        const parentId = url.searchParams.get("parentId") ?? "";
        const size = Math.min(100, Number(url.searchParams.get("maxResults")) || 20);
        return {
          status: 200,
          body: { kind: "youtube#commentListResponse", ...page(repliesOf(parentId).map(resource), url, size) },
        };
      }
      if (method === "POST" && path === "/youtube/v3/comments/setModerationStatus") {
        charge(costs.moderate);
        const status = url.searchParams.get("moderationStatus") as StoredComment["moderationStatus"];
        const ids = (url.searchParams.get("id") ?? "").split(",").filter(Boolean);
        if (!["heldForReview", "published", "rejected"].includes(status) || ids.length === 0 || ids.length > 50) {
          return googleError(400, "invalidValue", "Invalid id or moderationStatus");
        }
        for (const id of ids) {
          const comment = comments.get(id);
          if (!comment) return googleError(404, "commentNotFound", `Comment ${id} not found`);
          if (comment.moderationStatus === "rejected" && status === "published") {
            return googleError(
              400,
              "processingFailure",
              "You can't change the moderation status of a rejected comment",
            );
          }
        }
        for (const id of ids) {
          (comments.get(id) as StoredComment).moderationStatus = status;
          const kind = status === "heldForReview" ? "hide" : status === "published" ? "unhide" : "reject";
          calls.push({ kind, objectId: id, accountId: channel });
        }
        return { status: 204 };
      }
      if (method === "POST" && path === "/youtube/v3/comments") {
        charge(costs.insert);
        const snippet = (body.snippet ?? {}) as { parentId?: string; textOriginal?: string };
        if (!snippet.parentId) return googleError(400, "parentIdMissing", "No parent ID was specified");
        if (!snippet.textOriginal) return googleError(400, "commentTextRequired", "The comment must contain text");
        const parent = comments.get(snippet.parentId);
        if (!parent || parent.parentId) {
          return googleError(400, "operationNotSupported", "Replies go on a top-level comment");
        }
        const id = addComment({
          channelId: parent.channelId,
          parentId: parent.id,
          text: snippet.textOriginal,
          authorChannelId: channel ?? "unknown",
          authorDisplayName: "Canale",
        });
        calls.push({ kind: "reply", objectId: parent.id, accountId: channel, text: snippet.textOriginal, id });
        return { status: 200, body: resource(comments.get(id) as StoredComment) };
      }
    } catch (refusal) {
      if ((refusal as SandboxResponse).status) return refusal as SandboxResponse;
      throw refusal;
    }
    return googleError(404, "notFound", `no route for ${method} ${path}`);
  }

  const server = await serveSandbox(route, { port: options.port, calls: () => calls });
  const sandbox: SandboxYouTube = {
    ...server,
    calls,
    unitsSpent: () => spent,
    addComment,
    editComment(id, text) {
      const comment = comments.get(id);
      if (!comment) throw new Error(`no comment ${id}`);
      comment.text = text;
      comment.updatedAt = new Date(Math.max(clock.now().getTime(), Date.parse(comment.updatedAt) + 1000)).toISOString();
    },
    moderationStatusOf: (id) => comments.get(id)?.moderationStatus,
    oauth,
    failNext(count, { status, reason, message }) {
      server.failNext(count, googleError(status, reason, message ?? "Sandbox failure"));
    },
  };
  return sandbox;
}
