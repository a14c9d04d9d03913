import { randomInt } from "node:crypto";
import { type Clock, systemClock } from "@sentinella/core";
import {
  type SandboxCall,
  type SandboxRequest,
  type SandboxResponse,
  type SandboxServer,
  serveSandbox,
} from "./sandbox-http";
import { type SandboxClient, type SandboxOAuth, type SandboxTokens, sandboxOAuth } from "./sandbox-oauth";

export type SandboxXCallKind = "hide" | "unhide" | "reply" | "private_reply";

export type SandboxXCall = SandboxCall<SandboxXCallKind>;

export interface SandboxX extends Omit<SandboxServer, "failNext"> {
  calls: SandboxXCall[];
  /** Tweets X refuses to hide for the account: replies in a conversation someone else started. */
  foreignConversations: Set<string>;
  /** The OAuth 2.0 side: `POST /2/oauth2/token` renews tokens (2 hours) and rotates refresh tokens, as X does. */
  oauth: SandboxOAuth;
  /** The next `count` calls fail as X fails: a status, its problem type, and for 429 when the window reopens. */
  failNext(count: number, failure: SandboxXFailure): void;
}

export interface SandboxXFailure {
  status: number;
  /** Problem type, e.g. "usage-capped", "not-authorized-for-resource"; the last segment of X's `type` URL. */
  type?: string;
  detail?: string;
  /** 429: seconds until `x-rate-limit-reset`. */
  resetInSeconds?: number;
}

/** X's documented limits for the calls Sentinella makes, per user and 15-minute window. */
const windows: Record<string, number> = { hide: 50, tweet: 100, dm: 200, timeline: 900 };

const problem = (status: number, type: string, detail: string, headers?: Record<string, string>): SandboxResponse => ({
  status,
  headers,
  body: { title: type, detail, type: `https://api.twitter.com/2/problems/${type}`, status },
});

/**
 * A loopback stand-in for the X API v2 calls Sentinella makes: hide and unhide a reply (`PUT /2/tweets/{id}/hidden`),
 * reply (`POST /2/tweets`), send a direct message (`POST /2/dm_conversations/with/{user}/messages`) and list the
 * account's own tweets (`GET /2/users/{id}/tweets`, newest first, `max_results` and `pagination_token` as X pages).
 * Every answer carries `x-rate-limit-limit/remaining/reset` for its window; a spent window answers 429, as does
 * the 51st hide in 15 minutes. Error bodies are X's problem details.
 */
export async function startSandboxX(
  options: { tokens?: SandboxTokens; client?: SandboxClient; clock?: Clock; port?: number } = {},
) {
  const clock = options.clock ?? systemClock;
  const calls: SandboxXCall[] = [];
  const foreignConversations = new Set<string>();
  const oauth = sandboxOAuth({
    clock,
    ...(options.client ?? { clientId: "local-x-client" }),
    accessTokenSeconds: 2 * 3600,
    rotates: true,
    tokens: options.tokens ?? {},
  });
  /** "<token>#<window>" → calls and when the window resets (epoch s). */
  const usage = new Map<string, { used: number; reset: number }>();

  function rateHeaders(token: string, window: string): Record<string, string> {
    const limit = windows[window] as number;
    const now = Math.floor(clock.now().getTime() / 1000);
    const key = `${token}#${window}`;
    const current = usage.get(key);
    const state = current && current.reset > now ? current : { used: 0, reset: now + 15 * 60 };
    state.used += 1;
    usage.set(key, state);
    const headers = {
      "x-rate-limit-limit": String(limit),
      "x-rate-limit-remaining": String(Math.max(0, limit - state.used)),
      "x-rate-limit-reset": String(state.reset),
    };
    if (state.used > limit) throw problem(429, "usage-capped", "Too Many Requests", headers);
    return headers;
  }

  function route(request: SandboxRequest): SandboxResponse {
    const { method, url, body, bodyError, token } = request;
    const path = url.pathname;
    if (path === "/2/oauth2/token") return oauth.token(request);
    if (!token || oauth.expired(token)) return problem(401, "unauthorized", "Unauthorized");
    if (bodyError) return problem(400, "invalid-request", bodyError);
    const accountId = oauth.accountOf(token);
    if (method === "GET" && path === "/2/users/me") {
      if (!accountId) return problem(401, "unauthorized", "Unauthorized");
      return { status: 200, body: { data: { id: accountId, name: accountId, username: accountId } } };
    }
    const hidden = /^\/2\/tweets\/([^/]+)\/hidden$/.exec(path);
    const dm = /^\/2\/dm_conversations\/with\/([^/]+)\/messages$/.exec(path);
    const timeline = /^\/2\/users\/([^/]+)\/tweets$/.exec(path);
    try {
      if (method === "PUT" && hidden) {
        const headers = rateHeaders(token, "hide");
        const tweetId = decodeURIComponent(hidden[1] as string);
        if (typeof body.hidden !== "boolean") return problem(400, "invalid-request", "hidden must be a boolean");
        if (foreignConversations.has(tweetId)) {
          return problem(
            403,
            "not-authorized-for-resource",
            "You cannot hide replies in a conversation you did not start",
          );
        }
        calls.push({ kind: body.hidden ? "hide" : "unhide", method, path, objectId: tweetId, accountId });
        return { status: 200, headers, body: { data: { hidden: body.hidden } } };
      }
      if (method === "POST" && path === "/2/tweets") {
        const headers = rateHeaders(token, "tweet");
        const text = body.text;
        const inReplyTo = (body.reply as { in_reply_to_tweet_id?: string } | undefined)?.in_reply_to_tweet_id;
        if (typeof text !== "string" || !text) return problem(400, "invalid-request", "text is required");
        const id = String(BigInt(clock.now().getTime()) * 1000n + BigInt(randomInt(1000)));
        calls.push({ kind: "reply", method, path, objectId: inReplyTo ?? id, accountId, text, id });
        return { status: 201, headers, body: { data: { id, text, edit_history_tweet_ids: [id] } } };
      }
      if (method === "POST" && dm) {
        const headers = rateHeaders(token, "dm");
        if (typeof body.text !== "string" || !body.text) return problem(400, "invalid-request", "text is required");
        const id = String(clock.now().getTime() * 1000 + randomInt(1000));
        const objectId = decodeURIComponent(dm[1] as string);
        calls.push({ kind: "private_reply", method, path, objectId, accountId, text: body.text, id });
        return {
          status: 201,
          headers,
          body: { data: { dm_conversation_id: `${accountId}-${objectId}`, dm_event_id: id } },
        };
      }
      if (method === "GET" && timeline) {
        const headers = rateHeaders(token, "timeline");
        const userId = decodeURIComponent(timeline[1] as string);
        const own = calls
          .filter((call) => call.kind === "reply" && call.accountId === userId)
          .reverse()
          .map((call) => ({
            id: call.id,
            text: call.text,
            ...(call.objectId !== call.id && { referenced_tweets: [{ type: "replied_to", id: call.objectId }] }),
          }));
        const pageSize = Math.min(100, Number(url.searchParams.get("max_results")) || 10);
        const offset = Number(url.searchParams.get("pagination_token")) || 0;
        const data = own.slice(offset, offset + pageSize);
        const next = offset + pageSize < own.length ? { next_token: String(offset + pageSize) } : {};
        return { status: 200, headers, body: { data, meta: { result_count: data.length, ...next } } };
      }
    } catch (refusal) {
      if ((refusal as SandboxResponse).status) return refusal as SandboxResponse;
      throw refusal;
    }
    return problem(404, "resource-not-found", `no route for ${method} ${path}`);
  }

  const server = await serveSandbox(route, { port: options.port, calls: () => calls });
  const sandbox: SandboxX = {
    ...server,
    calls,
    foreignConversations,
    oauth,
    failNext(count, { status, type, detail, resetInSeconds }) {
      const reset = Math.floor(clock.now().getTime() / 1000) + (resetInSeconds ?? 60);
      const headers =
        status === 429
          ? { "x-rate-limit-limit": "50", "x-rate-limit-remaining": "0", "x-rate-limit-reset": String(reset) }
          : undefined;
      server.failNext(
        count,
        problem(
          status,
          type ?? (status === 429 ? "usage-capped" : "server-error"),
          detail ?? "Sandbox failure",
          headers,
        ),
      );
    },
  };
  return sandbox;
}
