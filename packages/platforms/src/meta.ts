import {
  type ActionTarget,
  type PlatformActions,
  PlatformError,
  type PlatformErrorKind,
  type PlatformResult,
} from "@sentinella/core";
import { fetchPlatform } from "./http";

export interface MetaActionsOptions {
  /** Graph API host, e.g. "https://graph.facebook.com" (the sandbox's address in local mode and tests). */
  baseUrl: string;
  /** Pinned Graph API version, e.g. "v25.0": never call unversioned. */
  version: string;
  /** The Page or Instagram account's access token; undefined when the account was never connected. */
  tokenFor(accountId: string): Promise<string | undefined>;
  /** Per-call timeout; a call that takes longer is a transient failure. */
  timeoutMs?: number;
}

/** Graph `error.code`s that mean "slow down": app, user, Pages, custom and business-use-case limits. */
const throttlingCodes = new Set([4, 17, 32, 613, 80001, 80002, 80006]);
/** Session (102) and access token (190) errors; 463 expired and 467 invalid arrive as 190's subcodes. */
const authCodes = new Set([102, 190]);
const authSubcodes = new Set([463, 467]);
/** "API Unknown" and "API Service": Meta's own downtime, worth a retry. */
const transientCodes = new Set([1, 2]);

interface GraphErrorBody {
  error?: { message?: string; type?: string; code?: number; error_subcode?: number; fbtrace_id?: string };
}

/**
 * Meta's recipe for each error, by `error.code` (HTTP status is not reliable for Graph errors):
 * https://developers.facebook.com/docs/graph-api/guides/error-handling
 */
export function classifyGraphError(status: number, body: GraphErrorBody, headers?: Headers): PlatformError {
  const error = body.error ?? {};
  const code = error.code;
  const subcode = error.error_subcode;
  const label = code === undefined ? `http_${status}` : subcode ? `${code}/${subcode}` : String(code);
  const message = error.message ?? `Graph API answered HTTP ${status}`;
  let kind: PlatformErrorKind;
  if (code !== undefined && throttlingCodes.has(code)) kind = "throttled";
  else if ((code !== undefined && authCodes.has(code)) || (subcode !== undefined && authSubcodes.has(subcode)))
    kind = "auth";
  else if ((code !== undefined && transientCodes.has(code)) || status >= 500) kind = "transient";
  else kind = "permanent";
  return new PlatformError(kind, label, message, kind === "throttled" ? regainAccessSeconds(headers) : undefined);
}

/**
 * When a throttled account may call again: the largest `estimated_time_to_regain_access` (minutes) in Meta's
 * business-use-case usage header, `{"<id>": [{"type": "pages", "estimated_time_to_regain_access": 5, ...}]}`.
 */
function regainAccessSeconds(headers?: Headers): number | undefined {
  const usage = headers?.get("x-business-use-case-usage");
  if (!usage) return undefined;
  try {
    const entries = Object.values(JSON.parse(usage) as Record<string, { estimated_time_to_regain_access?: number }[]>);
    const minutes = Math.max(...entries.flat().map((entry) => entry.estimated_time_to_regain_access ?? 0));
    return minutes > 0 ? minutes * 60 : undefined;
  } catch {
    return undefined;
  }
}

const metaPlatforms = new Set(["facebook", "instagram"]);

/** One reply as the comments (Facebook) and replies (Instagram) edges list it, with the fields we ask for. */
interface GraphReply {
  id: string;
  /** Facebook's text field. */
  message?: string;
  /** Instagram's text field. */
  text?: string;
  /** Facebook: the Page or person who wrote it. Instagram: the author's scoped id and username. */
  from?: { id?: string };
  /** Instagram: the IG User who wrote it, returned only for replies the account itself made. */
  user?: { id?: string };
}

interface GraphPage<T> {
  data?: T[];
  paging?: { next?: string };
}

/** Pages of replies read before giving up: a holding reply is recent, and Facebook lists newest first. */
const maxReplyPages = 5;

/**
 * PlatformActions for Facebook Pages and Instagram professional accounts over the Graph API.
 * Hand-written on fetch: Meta's own Node SDK covers the Marketing API only, and these are a few calls.
 */
export function createMetaActions(options: MetaActionsOptions): PlatformActions {
  const timeoutMs = options.timeoutMs ?? 10_000;

  async function call(target: ActionTarget, url: string, init: { method: string; body?: object }) {
    if (!metaPlatforms.has(target.platform)) {
      throw new PlatformError("permanent", "unsupported_platform", `Graph API cannot act on ${target.platform}`);
    }
    const token = await options.tokenFor(target.accountId);
    if (!token) throw new PlatformError("auth", "no_token", `no access token for account ${target.accountId}`);
    const response = await fetchPlatform("Graph API", url, {
      method: init.method,
      // The token travels in a header, never in the URL, so it cannot end up in access logs.
      headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
      body: init.body && JSON.stringify(init.body),
      timeoutMs,
    });
    const json = (await response.json().catch(() => ({}))) as GraphErrorBody & Record<string, unknown>;
    if (!response.ok || json.error) throw classifyGraphError(response.status, json, response.headers);
    return json;
  }

  function nodeUrl(objectId: string, edge: string, query?: Record<string, string>) {
    const path = [options.version, encodeURIComponent(objectId), edge].filter(Boolean).join("/");
    return `${options.baseUrl}/${path}${query ? `?${new URLSearchParams(query)}` : ""}`;
  }

  async function post(target: ActionTarget, objectId: string, edge: string, body: object): Promise<PlatformResult> {
    const json = await call(target, nodeUrl(objectId, edge), { method: "POST", body });
    const id = json.id ?? json.message_id;
    return { id: typeof id === "string" ? id : undefined, response: json };
  }

  /** Send API message to the author of a private message (Messenger PSID or Instagram IGSID). */
  async function directMessage(target: ActionTarget, text: string) {
    if (!target.authorId) throw new PlatformError("permanent", "no_recipient", "a message without its sender's id");
    return post(target, target.accountId, "messages", {
      recipient: { id: target.authorId },
      messaging_type: "RESPONSE",
      message: { text },
    });
  }

  async function setHidden(target: ActionTarget, hidden: boolean) {
    if (target.kind === "message") {
      throw new PlatformError("permanent", "not_hideable", "private messages cannot be hidden");
    }
    const field = target.platform === "instagram" ? "hide" : "is_hidden";
    return post(target, target.itemId, "", { [field]: hidden });
  }

  /** Where `reply` posts a public reply to this target: the node and its edge. */
  function replyNode(target: ActionTarget): { objectId: string; edge: "comments" | "replies" } {
    // Instagram takes replies on top-level comments only: answer the thread's first comment.
    if (target.platform === "instagram") return { objectId: target.threadId ?? target.itemId, edge: "replies" };
    return { objectId: target.itemId, edge: "comments" };
  }

  /**
   * Reads a mention through the account's own node: Graph refuses a direct read of a comment found through the
   * mentions API unless the reader wrote it, and points to `mentioned_comment` instead
   * (https://developers.facebook.com/docs/instagram-platform/instagram-graph-api/reference/ig-user/mentioned_comment);
   * a mention in a post's caption is read with `mentioned_media`. Only the text is asked for: nothing else is used.
   */
  async function fetchMentionText(target: ActionTarget): Promise<string> {
    if (target.platform !== "instagram" || target.kind !== "mention") {
      throw new PlatformError("permanent", "not_a_mention", `no mention to read on ${target.platform}`);
    }
    // The webhook of a caption mention names only the media, which is then both the item and its post.
    const inCaption = target.itemId === target.postId;
    const fields = inCaption
      ? `mentioned_media.media_id(${target.itemId}){caption}`
      : `mentioned_comment.comment_id(${target.itemId}){text}`;
    const json = await call(target, nodeUrl(target.accountId, "", { fields }), { method: "GET" });
    const mention = (inCaption ? json.mentioned_media : json.mentioned_comment) as
      | { text?: string; caption?: string }
      | undefined;
    const text = inCaption ? mention?.caption : mention?.text;
    if (text === undefined) {
      throw new PlatformError("permanent", "mention_not_found", `Graph returned no text for mention ${target.itemId}`);
    }
    return text;
  }

  return {
    fetchMentionText,
    /**
     * Facebook's Page `blocked` edge: `POST /{page-id}/blocked` with the person's id (PSID or app-scoped id) in
     * `user` (https://developers.facebook.com/docs/graph-api/reference/page/blocked/). Instagram's Graph API has no
     * block call: the console makes that ban a task for staff.
     */
    block(target) {
      if (target.platform !== "facebook") {
        throw new PlatformError("permanent", "not_blockable", `Graph API cannot block on ${target.platform}`);
      }
      if (!target.authorId) throw new PlatformError("permanent", "no_author", "an item without its author's id");
      return post(target, target.accountId, "blocked", { user: target.authorId });
    },
    hide: (target) => setHidden(target, true),
    unhide: (target) => setHidden(target, false),
    reply(target, text) {
      if (target.kind === "message") return directMessage(target, text);
      const { objectId, edge } = replyNode(target);
      return post(target, objectId, edge, { message: text });
    },
    privateReply(target, text) {
      if (target.kind === "message") return directMessage(target, text);
      return post(target, target.accountId, "messages", {
        recipient: { comment_id: target.itemId },
        message: { text },
      });
    },
    /**
     * Lists the public replies under the comment (Facebook `GET /{comment-id}/comments`, newest first; Instagram
     * `GET /{ig-comment-id}/replies`) and returns the account's own one with this text. A private message cannot be
     * checked cheaply: Graph has no read edge for private replies, and finding a Messenger or Instagram conversation
     * takes a conversations lookup per user plus a call per message; so for messages this answers undefined, which
     * callers must not take as "not sent".
     */
    async findReply(target, text) {
      if (target.kind === "message") return undefined;
      const { objectId, edge } = replyNode(target);
      const query: Record<string, string> =
        target.platform === "instagram"
          ? { fields: "id,text,user,from", limit: "100" }
          : { fields: "id,message,from", filter: "stream", order: "reverse_chronological", limit: "100" };
      let url: string | undefined = nodeUrl(objectId, edge, query);
      for (let page = 0; url && page < maxReplyPages; page++) {
        const json = (await call(target, url, { method: "GET" })) as GraphPage<GraphReply>;
        const own = json.data?.find(
          (reply) =>
            (reply.message ?? reply.text) === text &&
            (reply.from?.id === target.accountId || reply.user?.id === target.accountId),
        );
        if (own) return { id: own.id, response: own };
        // Follow Graph's own cursor link, and only to Graph: the request carries the page token.
        const next = json.paging?.next;
        url = next?.startsWith(`${options.baseUrl}/`) ? next : undefined;
      }
      return undefined;
    },
  };
}
