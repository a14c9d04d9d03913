import { type Clock, systemClock } from "@sentinella/core";
import {
  type SandboxCall,
  type SandboxRequest,
  type SandboxResponse,
  type SandboxServer,
  serveSandbox,
} from "./sandbox-http";
import { type SandboxClient, type SandboxOAuth, type SandboxTokens, sandboxOAuth } from "./sandbox-oauth";

export type SandboxLinkedInCallKind = "delete" | "reply";

export type SandboxLinkedInCall = SandboxCall<SandboxLinkedInCallKind>;

interface StoredComment {
  id: string;
  commentUrn: string;
  actor: string;
  object: string;
  parentComment?: string;
  text: string;
  time: number;
  deleted: boolean;
}

export interface NewSandboxLinkedInComment {
  /** The post (activity URN) it is on. */
  object: string;
  /** The member who writes it, "urn:li:person:…". */
  actor: string;
  text: string;
  /** A nested comment: the top-level comment it answers. */
  parentComment?: string;
}

export interface SandboxLinkedIn extends Omit<SandboxServer, "failNext"> {
  calls: SandboxLinkedInCall[];
  /** A member writes a comment now; returns its URN. */
  addComment(comment: NewSandboxLinkedInComment): string;
  /** A member publishes a post (one that may mention the organisation). */
  addPost(urn: string, commentary: string): void;
  isDeleted(commentUrn: string): boolean;
  /** OAuth 2.0: `POST /oauth/v2/accessToken` renews 60-day tokens; `POST /oauth/v2/introspectToken` reads one. */
  oauth: SandboxOAuth;
  /** The next `count` requests fail as LinkedIn fails: a status, its code, and for 429 an optional Retry-After. */
  failNext(
    count: number,
    failure: { status: number; code?: string; message?: string; retryAfterSeconds?: number },
  ): void;
}

const serviceErrorCodes: Record<number, number> = { 401: 65600, 403: 100, 404: 404, 429: 101 };

const linkedInError = (status: number, code: string, message: string, headers?: Record<string, string>) => ({
  status,
  headers,
  body: { status, serviceErrorCode: serviceErrorCodes[status] ?? 0, code, message },
});

const organizationUrn = (id: string) => `urn:li:organization:${id}`;

/**
 * A loopback stand-in for the LinkedIn REST calls Sentinella makes (Comments API and Posts API, versioned): get a
 * comment (`GET /rest/socialActions/{target}/comments/{id}`), list comments on a post or on a comment (`start` and
 * `count` paging, `paging.total`), create one as the organisation (`POST …/comments`, 201 with the comment and
 * `x-restli-id`), delete one (`DELETE …/comments/{id}?actor=`, 204), read a post (`GET /rest/posts/{urn}`). Every
 * call needs a `LinkedIn-Version` (YYYYMM) and `X-Restli-Protocol-Version: 2.0.0`, and a member token of the
 * organisation it acts for; error bodies are LinkedIn's `{status, serviceErrorCode, code, message}`.
 * `POST /_sandbox/comments` lets the demo write a member's comment.
 */
export async function startSandboxLinkedIn(
  options: { tokens?: SandboxTokens; client?: SandboxClient; clock?: Clock; port?: number } = {},
) {
  const clock = options.clock ?? systemClock;
  const calls: SandboxLinkedInCall[] = [];
  const comments = new Map<string, StoredComment>();
  const posts = new Map<string, string>();
  const client = options.client ?? { clientId: "local-linkedin-client" };
  // 60-day access tokens; programmatic refresh tokens last a year from the member's authorisation, and do not rotate.
  const oauth = sandboxOAuth({
    clock,
    ...client,
    accessTokenSeconds: 60 * 86400,
    rotates: false,
    refreshTokenSeconds: 365 * 86400,
    tokens: options.tokens ?? {},
  });

  /** `POST /oauth/v2/introspectToken`: whether a token is active, and until when (epoch seconds). */
  function introspect({ body }: SandboxRequest): SandboxResponse {
    if (body.client_id !== client.clientId || (client.clientSecret && body.client_secret !== client.clientSecret)) {
      return { status: 401, body: { error: "invalid_client", error_description: "Client authentication failed" } };
    }
    const token = String(body.token ?? "");
    const organization = oauth.accountOf(token);
    const expiry = oauth.expiryOf(token);
    if (!organization)
      return { status: 200, body: { active: false, status: oauth.expired(token) ? "expired" : "revoked" } };
    return {
      status: 200,
      body: {
        active: true,
        status: "active",
        client_id: client.clientId,
        auth_type: "3L",
        ...(expiry && { expires_at: Math.floor(expiry.getTime() / 1000) }),
      },
    };
  }
  let sequence = 0;

  function addComment({ object, actor, text, parentComment }: NewSandboxLinkedInComment): string {
    const id = String(clock.now().getTime() * 1000 + (++sequence % 1000));
    const commentUrn = `urn:li:comment:(${object},${id})`;
    comments.set(commentUrn, {
      id,
      commentUrn,
      actor,
      object,
      parentComment,
      text,
      time: clock.now().getTime(),
      deleted: false,
    });
    return commentUrn;
  }

  const asJson = (comment: StoredComment) => ({
    id: comment.id,
    commentUrn: comment.commentUrn,
    $URN: comment.commentUrn,
    actor: comment.actor,
    object: comment.object,
    ...(comment.parentComment && { parentComment: comment.parentComment }),
    message: { text: comment.text, attributes: [] },
    created: { actor: comment.actor, time: comment.time },
    lastModified: { actor: comment.actor, time: comment.time },
  });

  /** Comments on a post (top level) or on a comment (nested), oldest first as LinkedIn lists them. */
  function listed(target: string, url: URL): SandboxResponse {
    const onComment = target.startsWith("urn:li:comment:");
    const all = [...comments.values()].filter(
      (c) => !c.deleted && (onComment ? c.parentComment === target : c.object === target && !c.parentComment),
    );
    const start = Number(url.searchParams.get("start")) || 0;
    const count = Math.min(100, Number(url.searchParams.get("count")) || 10);
    const elements = all.slice(start, start + count).map(asJson);
    return { status: 200, body: { elements, paging: { start, count, total: all.length, links: [] } } };
  }

  function route(request: SandboxRequest): SandboxResponse {
    const { method, url, body, bodyError, token, headers } = request;
    const path = url.pathname;
    if (path === "/oauth/v2/accessToken") return oauth.token(request);
    if (method === "POST" && path === "/oauth/v2/introspectToken") return introspect(request);
    if (method === "POST" && path === "/_sandbox/comments") {
      const { object, actor, text, parentComment } = body as Partial<NewSandboxLinkedInComment>;
      if (!object || !actor || typeof text !== "string")
        return linkedInError(400, "INVALID_BODY", "object, actor, text");
      return { status: 201, body: { commentUrn: addComment({ object, actor, text, parentComment }) } };
    }
    if (!/^\d{6}$/.test(String(headers["linkedin-version"] ?? ""))) {
      return linkedInError(
        400,
        "VERSION_MISSING",
        "A version must be present. Please specify a version by adding the LinkedIn-Version header.",
      );
    }
    if (headers["x-restli-protocol-version"] !== "2.0.0") {
      return linkedInError(400, "PROTOCOL_VERSION", "X-Restli-Protocol-Version 2.0.0 is required");
    }
    const organization = token ? oauth.accountOf(token) : undefined;
    if (!organization) return linkedInError(401, "INVALID_ACCESS_TOKEN", "Invalid access token");
    if (bodyError) return linkedInError(400, "INVALID_BODY", bodyError);

    const post = /^\/rest\/posts\/([^/]+)$/.exec(path);
    if (method === "GET" && post) {
      const commentary = posts.get(decodeURIComponent(post[1] as string));
      if (commentary === undefined) return linkedInError(404, "NOT_FOUND", "Post not found");
      return {
        status: 200,
        body: { id: decodeURIComponent(post[1] as string), commentary, lifecycleState: "PUBLISHED" },
      };
    }
    const one = /^\/rest\/socialActions\/([^/]+)\/comments\/([^/]+)$/.exec(path);
    const collection = /^\/rest\/socialActions\/([^/]+)\/comments$/.exec(path);
    if (one) {
      const commentUrn = `urn:li:comment:(${decodeURIComponent(one[1] as string)},${decodeURIComponent(one[2] as string)})`;
      const comment = comments.get(commentUrn);
      if (!comment || comment.deleted) return linkedInError(404, "NOT_FOUND", `Comment ${commentUrn} not found`);
      if (method === "GET") return { status: 200, body: asJson(comment) };
      if (method === "DELETE") {
        if (url.searchParams.get("actor") !== organizationUrn(organization)) {
          return linkedInError(403, "ACCESS_DENIED", "Not enough permissions to delete this comment as this actor");
        }
        comment.deleted = true;
        calls.push({ kind: "delete", method, path, objectId: commentUrn, accountId: organization });
        return { status: 204 };
      }
    }
    if (collection) {
      const target = decodeURIComponent(collection[1] as string);
      if (method === "GET") return listed(target, url);
      if (method === "POST") {
        const { actor, object, message, parentComment } = body as {
          actor?: string;
          object?: string;
          message?: { text?: string };
          parentComment?: string;
        };
        if (actor !== organizationUrn(organization)) {
          return linkedInError(403, "ACCESS_DENIED", "The member is not an administrator of this organization");
        }
        if (!object || !message?.text)
          return linkedInError(422, "UNPROCESSABLE_ENTITY", "object and message.text are required");
        if (target.startsWith("urn:li:comment:") && parentComment !== target) {
          return linkedInError(422, "UNPROCESSABLE_ENTITY", "parentComment must be the comment in the path");
        }
        const commentUrn = addComment({ object, actor, text: message.text, parentComment });
        const created = comments.get(commentUrn) as StoredComment;
        calls.push({
          kind: "reply",
          method,
          path,
          objectId: target,
          accountId: organization,
          text: message.text,
          id: commentUrn,
        });
        return { status: 201, headers: { "x-restli-id": created.id }, body: asJson(created) };
      }
    }
    return linkedInError(404, "NOT_FOUND", `no route for ${method} ${path}`);
  }

  const server = await serveSandbox(route, { port: options.port, calls: () => calls });
  const sandbox: SandboxLinkedIn = {
    ...server,
    calls,
    addComment,
    addPost: (urn, commentary) => void posts.set(urn, commentary),
    isDeleted: (commentUrn) => comments.get(commentUrn)?.deleted ?? false,
    oauth,
    failNext(count, { status, code, message, retryAfterSeconds }) {
      const headers = retryAfterSeconds ? { "retry-after": String(retryAfterSeconds) } : undefined;
      const fallback = status === 429 ? "TOO_MANY_REQUESTS" : "INTERNAL_SERVER_ERROR";
      server.failNext(count, linkedInError(status, code ?? fallback, message ?? "Sandbox failure", headers));
    },
  };
  return sandbox;
}
