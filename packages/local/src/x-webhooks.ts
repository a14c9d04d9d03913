import { createHmac } from "node:crypto";
import { postSigned } from "./meta-webhooks";

/** One tweet or direct message as someone writes it to an X account, delivered as the Account Activity API does. */
export interface XSampleItem {
  kind: "comment" | "mention" | "message";
  /** The X account's user id ("x-<entityId>" in local mode): the delivery's `for_user_id`. */
  accountId: string;
  /** Tweet id, or direct message event id. */
  id: string;
  /** comment: the account's tweet it replies to. */
  inReplyTo?: string;
  author: { id: string; screenName: string };
  text: string;
  createdAt: Date;
  /** Written by the account itself (its own reply or message). */
  byAccount?: boolean;
}

/** An Account Activity delivery carrying one item: `tweet_create_events`, or `direct_message_events` with `users`. */
export function xWebhook(item: XSampleItem): object {
  const author = item.byAccount ? { id: item.accountId, screenName: "ente" } : item.author;
  if (item.kind === "message") {
    const recipient = item.byAccount ? item.author.id : item.accountId;
    return {
      for_user_id: item.accountId,
      direct_message_events: [
        {
          type: "message_create",
          id: item.id,
          created_timestamp: String(item.createdAt.getTime()),
          message_create: {
            target: { recipient_id: recipient },
            sender_id: author.id,
            message_data: { text: item.text, entities: { hashtags: [], symbols: [], user_mentions: [], urls: [] } },
          },
        },
      ],
      users: {
        [item.accountId]: { id: item.accountId, screen_name: "ente" },
        [item.author.id]: { id: item.author.id, screen_name: item.author.screenName },
      },
    };
  }
  const replyTo = item.kind === "comment" ? item.inReplyTo : undefined;
  return {
    for_user_id: item.accountId,
    user_has_blocked: false,
    tweet_create_events: [
      {
        created_at: v11Time(item.createdAt),
        id_str: item.id,
        text: item.kind === "mention" ? `@ente ${item.text}` : item.text,
        truncated: false,
        in_reply_to_status_id_str: replyTo ?? null,
        in_reply_to_user_id_str: replyTo ? (item.byAccount ? item.author.id : item.accountId) : null,
        user: { id_str: author.id, screen_name: author.screenName, name: author.screenName },
        entities: { hashtags: [], urls: [], symbols: [], user_mentions: [] },
        timestamp_ms: String(item.createdAt.getTime()),
      },
    ],
  };
}

/** v1.1's `created_at` form: "Thu Dec 19 11:27:49 +0000 2019". */
function v11Time(date: Date): string {
  const [weekday, day, month, year, time] = date.toUTCString().replace(",", "").split(" ");
  return `${weekday} ${month} ${day} ${time} +0000 ${year}`;
}

/** The x-twitter-webhooks-signature header value: base64 HMAC-SHA256 of the exact bytes with the consumer secret. */
export function xSignature(body: string | Buffer, consumerSecret: string): string {
  return `sha256=${createHmac("sha256", consumerSecret).update(body).digest("base64")}`;
}

/** POSTs a signed Account Activity delivery; `signature` overrides the correct one (to test refusals). */
export function deliverXWebhook(
  url: string,
  payload: unknown,
  consumerSecret: string,
  signature?: string,
): Promise<Response> {
  const body = JSON.stringify(payload);
  return postSigned(url, body, { "x-twitter-webhooks-signature": signature ?? xSignature(body, consumerSecret) });
}
