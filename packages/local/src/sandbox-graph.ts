import { randomUUID } from "node:crypto";
import { type SandboxRequest, type SandboxResponse, serveSandbox } from "./sandbox-http";

export type SandboxGraphCallKind = "hide" | "unhide" | "reply" | "private_reply" | "block";

/** One call the sandbox accepted: what a real Page or Instagram account would now show. */
export interface SandboxGraphCall {
  method: string;
  /** As requested, e.g. "/v25.0/123_456/comments". */
  path: string;
  /** The node the call was made on: a comment id, or the Page / Instagram account id for messages. */
  objectId: string;
  kind: SandboxGraphCallKind;
  /** Query string and body parameters merged, JSON-decoded where Graph accepts JSON-encoded values. */
  params: Record<string, unknown>;
  /** The bearer token the caller presented. */
  token: string;
  /** Id of what the call created (a reply or a message). */
  id?: string;
  /** The Page or Instagram account whose token made the call, when the sandbox was told (`pageTokens`). */
  accountId?: string;
}

export interface SandboxGraphFailure {
  status: number;
  code: number;
  message?: string;
  subcode?: number;
  /** Sent in X-Business-Use-Case-Usage, as Meta does when it throttles a Page or Instagram account. */
  regainAccessMinutes?: number;
}

export interface SandboxGraph {
  /** Pass as the Graph API base URL: calls go to `${baseUrl}/${version}/...`. */
  baseUrl: string;
  /** Calls that succeeded, in arrival order (refused calls change nothing on a platform, so are not here). */
  calls: SandboxGraphCall[];
  /** The next `count` calls fail with this Graph error, whatever they are. */
  failNext(count: number, failure: SandboxGraphFailure): void;
  /**
   * The next `count` calls take effect, then the connection is reset before the answer: the caller cannot tell
   * whether they landed (a timeout or a network fault after Meta acted).
   */
  dropNextResponses(count: number): void;
  /** Comments that @mention an account (comment id → text): Graph's `mentioned_comment` answers from here. */
  mentions: Map<string, string>;
  /** Posts that @mention an account in their caption (media id → caption), for `mentioned_media`. */
  captionMentions: Map<string, string>;
  stop(): Promise<void>;
}

class GraphError extends Error {
  constructor(
    readonly status: number,
    readonly code: number,
    message: string,
    readonly subcode?: number,
    readonly regainAccessMinutes?: number,
  ) {
    super(message);
  }
}

/** `mentioned_comment.comment_id({id}){fields}` or `mentioned_media.media_id({id}){fields}`. */
const mentionField = /^mentioned_(comment|media)\.(?:comment|media)_id\(([^)]+)\)(?:\{([^}]*)\})?$/;

const versionedPath = /^\/v\d+\.\d+\/([^/]+)(?:\/(comments|replies|messages|blocked))?\/?$/;

export interface SandboxGraphOptions {
  port?: number;
  /**
   * Page and Instagram account tokens (account id → token, as in MetaSecrets.pageTokens): lets the sandbox say
   * which account wrote a reply when it lists them (`from`, and Instagram's `user`), as Graph knows a token's owner.
   */
  pageTokens?: Record<string, string>;
}

/**
 * A loopback stand-in for Meta's Graph API: the hide, reply and private-reply calls Sentinella makes, and the
 * listing of a comment's replies (`GET /{comment-id}/comments` on Facebook, `/{ig-comment-id}/replies` on
 * Instagram), with Graph's request forms (JSON, form or query parameters; bearer or access_token) and its error
 * body `{ error: { message, type, code, error_subcode, fbtrace_id } }`. Like Instagram, it refuses replies
 * to a hidden comment. It answers reads of the mentions registered in `mentions` and `captionMentions`.
 */
export async function startSandboxGraph(options: SandboxGraphOptions = {}): Promise<SandboxGraph> {
  const calls: SandboxGraphCall[] = [];
  const hidden = new Set<string>();
  const mentions = new Map<string, string>();
  const captionMentions = new Map<string, string>();
  const failures: SandboxGraphFailure[] = [];
  const accountByToken = new Map(Object.entries(options.pageTokens ?? {}).map(([account, token]) => [token, account]));

  /**
   * The replies written under a comment, in the edge's own shape, restricted to the requested `fields`, `limit` at
   * a time (Graph's default 25) with a `paging.next` link while more remain.
   */
  function listReplies(url: URL, objectId: string, edge: string, params: Record<string, unknown>) {
    const replies = calls.filter(
      (call) => call.kind === "reply" && call.objectId === objectId && call.path.endsWith(edge),
    );
    const fields = typeof params.fields === "string" ? params.fields.split(",") : undefined;
    const data = replies.map((call) => {
      const author = call.accountId ? { id: call.accountId } : undefined;
      const full: Record<string, unknown> =
        edge === "replies"
          ? { id: call.id, text: call.params.message, from: author, user: author }
          : { id: call.id, message: call.params.message, from: author };
      return Object.fromEntries(Object.entries(full).filter(([key]) => !fields || fields.includes(key)));
    });
    if (params.order === "reverse_chronological") data.reverse();
    const limit = Number(params.limit) || 25;
    const offset = Number(params.after) || 0;
    const next = new URL(url);
    next.searchParams.set("after", String(offset + limit));
    return {
      data: data.slice(offset, offset + limit),
      ...(offset + limit < data.length && { paging: { next: next.href } }),
    };
  }

  /** The account node with the one mention asked for, in Graph's shape: `{ mentioned_comment: {...}, id }`. */
  function readMention(accountId: string, [, node, mentionId, fields]: RegExpExecArray) {
    const text = (node === "media" ? captionMentions : mentions).get(mentionId as string);
    if (text === undefined) {
      throw new GraphError(400, 100, `(#100) Object with ID '${mentionId}' does not exist or does not mention you`);
    }
    const full: Record<string, string> =
      node === "media" ? { id: mentionId as string, caption: text } : { id: mentionId as string, text };
    const wanted = fields?.split(",");
    const found = Object.fromEntries(
      Object.entries(full).filter(([key]) => key === "id" || !wanted || wanted.includes(key)),
    );
    return { [`mentioned_${node}`]: found, id: accountId };
  }

  function accept(method: string, url: URL, params: Record<string, unknown>, token: string) {
    const match = versionedPath.exec(url.pathname);
    const listing = method === "GET" && (match?.[2] === "comments" || match?.[2] === "replies");
    const mention = method === "GET" && match && !match[2] ? mentionField.exec(String(params.fields ?? "")) : null;
    if (!match || !(method === "POST" || listing || mention)) {
      throw new GraphError(400, 100, "Unsupported request - method type or path not supported");
    }
    const objectId = decodeURIComponent(match[1] as string);
    const edge = match[2];
    const failure = failures.shift();
    if (failure) {
      const { status, code, message, subcode, regainAccessMinutes } = failure;
      throw new GraphError(status, code, message ?? "Sandbox failure", subcode, regainAccessMinutes);
    }
    if (listing) return listReplies(url, objectId, edge as string, params);
    if (mention) return readMention(objectId, mention);
    const accountId = accountByToken.get(token);
    const record = (kind: SandboxGraphCallKind, body: object, id?: string) => {
      calls.push({ method, path: url.pathname, objectId, kind, params, token, id, accountId });
      return body;
    };

    if (!edge) {
      const flag = params.is_hidden ?? params.hide;
      if (typeof flag !== "boolean") throw new GraphError(400, 100, "(#100) is_hidden or hide must be a boolean");
      if (flag) hidden.add(objectId);
      else hidden.delete(objectId);
      return record(flag ? "hide" : "unhide", { success: true });
    }
    if (edge === "blocked") {
      const user = params.user ?? params.psid ?? params.uid;
      if (typeof user !== "string" || !user) throw new GraphError(400, 100, "(#100) The parameter user is required");
      return record("block", { [user]: true });
    }
    if (edge === "messages") {
      const recipient = params.recipient as { id?: string; comment_id?: string; post_id?: string } | undefined;
      const text = (params.message as { text?: string } | undefined)?.text;
      if (!recipient || !(recipient.id || recipient.comment_id || recipient.post_id)) {
        throw new GraphError(400, 100, "(#100) The parameter recipient is required");
      }
      if (!text) throw new GraphError(400, 100, "(#100) The parameter message is required");
      const id = `m_${randomUUID()}`;
      return record("private_reply", { recipient_id: recipient.id ?? `psid-${objectId}`, message_id: id }, id);
    }
    if (typeof params.message !== "string" || !params.message) {
      throw new GraphError(400, 100, "(#100) param message must be non-empty");
    }
    if (edge === "replies" && hidden.has(objectId)) {
      throw new GraphError(400, 100, "(#100) You cannot reply to a hidden comment");
    }
    const id = `${objectId}_${calls.length + 1}`;
    return record("reply", { id }, id);
  }

  function route({ method, url, body, bodyError, form, token: bearer }: SandboxRequest): SandboxResponse {
    const headers: Record<string, string> = {};
    try {
      if (bodyError) throw new GraphError(400, 100, `(#100) ${bodyError}`);
      const params = {
        ...decodeParams(Object.fromEntries(url.searchParams)),
        ...(form ? decodeParams(body as Record<string, string>) : body),
      };
      const token = bearer ?? (typeof params.access_token === "string" ? params.access_token : undefined);
      delete params.access_token;
      if (!token) throw new GraphError(400, 190, "An active access token must be used to query this resource.");
      return { status: 200, body: accept(method, url, params, token) };
    } catch (error) {
      const graphError = error instanceof GraphError ? error : new GraphError(500, 2, (error as Error).message);
      if (graphError.regainAccessMinutes !== undefined) {
        const usage = [
          { type: "pages", call_count: 100, estimated_time_to_regain_access: graphError.regainAccessMinutes },
        ];
        headers["x-business-use-case-usage"] = JSON.stringify({ [url.pathname.split("/")[2] ?? ""]: usage });
      }
      const body = {
        error: {
          message: graphError.message,
          type: "OAuthException",
          code: graphError.code,
          ...(graphError.subcode ? { error_subcode: graphError.subcode } : {}),
          fbtrace_id: randomUUID().replaceAll("-", "").slice(0, 11),
        },
      };
      return { status: graphError.status, headers, body };
    }
  }

  const server = await serveSandbox(route, {
    port: options.port,
    calls: () =>
      calls.map(({ kind, objectId, accountId, params, id }) => {
        // A comment reply's message is its text; a private reply's is `{ text }`.
        const { message } = params as { message?: string | { text?: string } };
        return { kind, objectId, accountId, text: typeof message === "string" ? message : message?.text, id };
      }),
  });
  return {
    baseUrl: server.baseUrl,
    calls,
    mentions,
    captionMentions,
    failNext(count, failure) {
      for (let i = 0; i < count; i++) failures.push(failure);
    },
    dropNextResponses: server.dropNextResponses,
    stop: server.stop,
  };
}

/** Form and query values arrive as strings; Graph reads "true" as a boolean and `{...}` as JSON. */
function decodeParams(raw: Record<string, string>): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(raw).map(([key, value]) => {
      if (value === "true" || value === "false") return [key, value === "true"];
      if (/^[[{]/.test(value)) {
        try {
          return [key, JSON.parse(value)];
        } catch {
          return [key, value];
        }
      }
      return [key, value];
    }),
  );
}
