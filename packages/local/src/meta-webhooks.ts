import { createHmac } from "node:crypto";

/** One comment, reply or private message as a citizen writes it, to be delivered the way Meta delivers it. */
export interface SampleItem {
  platform: "facebook" | "instagram";
  kind: "comment" | "reply" | "message";
  /** The Page or Instagram account it is written to ("fb-<entityId>", "ig-<entityId>" in local mode). */
  accountId: string;
  /** Comment id, or message id for a private message. */
  id: string;
  /** The post (Facebook) or media (Instagram) the comment sits under. */
  postId: string;
  /** The comment a reply answers. */
  parentId?: string;
  author: { id: string; name: string };
  text: string;
  createdAt: Date;
}

/** A Meta webhook body carrying one item: Page `feed`, Instagram `comments`, or `messaging` for messages. */
export function metaWebhook(item: SampleItem): object {
  const seconds = Math.floor(item.createdAt.getTime() / 1000);
  if (item.kind === "message") {
    const milliseconds = item.createdAt.getTime();
    return {
      object: item.platform === "facebook" ? "page" : "instagram",
      entry: [
        {
          id: item.accountId,
          time: milliseconds,
          messaging: [
            {
              sender: { id: item.author.id },
              recipient: { id: item.accountId },
              timestamp: milliseconds,
              message: { mid: item.id, text: item.text },
            },
          ],
        },
      ],
    };
  }
  const value =
    item.platform === "facebook"
      ? {
          from: { id: item.author.id, name: item.author.name },
          item: "comment",
          comment_id: item.id,
          post_id: item.postId,
          parent_id: item.parentId ?? item.postId,
          verb: "add",
          created_time: seconds,
          message: item.text,
        }
      : {
          from: { id: item.author.id, username: item.author.name },
          media: { id: item.postId, media_product_type: "FEED" },
          id: item.id,
          ...(item.parentId ? { parent_id: item.parentId } : {}),
          text: item.text,
        };
  return {
    object: item.platform === "facebook" ? "page" : "instagram",
    entry: [
      {
        id: item.accountId,
        time: seconds,
        changes: [{ field: item.platform === "facebook" ? "feed" : "comments", value }],
      },
    ],
  };
}

/** JSON as Meta sends it: every non-ASCII character escaped (`è` → `\u00e8`), which is the form it signs. */
export function metaJson(payload: unknown): string {
  return JSON.stringify(payload).replace(
    /[\u007f-\uffff]/g,
    (char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, "0")}`,
  );
}

/** The X-Hub-Signature-256 header value for a body: HMAC-SHA256 of its exact bytes with the app secret. */
export function metaSignature(body: string | Buffer, appSecret: string): string {
  return `sha256=${createHmac("sha256", appSecret).update(body).digest("hex")}`;
}

/** POSTs a signed webhook; `signature` overrides the correct one (to test refusals). */
export function deliverWebhook(
  url: string,
  payload: unknown,
  appSecret: string,
  signature?: string,
): Promise<Response> {
  const body = metaJson(payload);
  return postSigned(url, body, { "x-hub-signature-256": signature ?? metaSignature(body, appSecret) });
}

/** POSTs a webhook's exact JSON bytes with its signature header, as a platform delivers it. */
export function postSigned(url: string, body: string, signatureHeader: Record<string, string>): Promise<Response> {
  return fetch(url, { method: "POST", headers: { "content-type": "application/json", ...signatureHeader }, body });
}
