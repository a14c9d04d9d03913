import { createHmac } from "node:crypto";
import { linkedInNotificationType, linkedInOrganizationUrn } from "@sentinella/webhooks";
import { postSigned } from "./meta-webhooks";

/** One organisation social action as LinkedIn notifies it to the organisation's webhook. */
export interface LinkedInSampleItem {
  action: "COMMENT" | "COMMENT_EDIT" | "COMMENT_DELETE" | "ADMIN_COMMENT" | "SHARE_MENTION";
  /** The organisation's id ("li-<entityId>" in local mode). */
  accountId: string;
  /** A number in LinkedIn's examples; any unique value in ours. */
  notificationId: number | string;
  /** The post commented on, or the post that mentions the organisation. */
  post: string;
  /** The comment's URN (absent for a mention). */
  comment?: string;
  /** A nested comment: the comment it answers. */
  parentComment?: string;
  /** The member who wrote it; the organisation for ADMIN_COMMENT. */
  author?: string;
  /** Absent: the notification carries no text, and the classifier reads the comment through the API. */
  text?: string;
  createdAt: Date;
}

/** An ORGANIZATION_SOCIAL_ACTION_NOTIFICATIONS delivery carrying one notification, as the reference's example. */
export function linkedInWebhook(item: LinkedInSampleItem): object {
  const organization = linkedInOrganizationUrn(item.accountId);
  const owner = item.action === "ADMIN_COMMENT" ? organization : item.author;
  const decorated = item.comment && {
    comment: {
      entity: item.comment,
      owner,
      object: item.post,
      ...(item.parentComment && { parentComment: item.parentComment }),
      ...(item.text !== undefined && { message: { text: item.text } }),
    },
  };
  return {
    type: linkedInNotificationType,
    notifications: [
      {
        notificationId: item.notificationId,
        organizationalEntity: organization,
        action: item.action,
        sourcePost: item.post,
        ...(item.comment && { generatedActivity: item.comment }),
        ...(decorated && { decoratedGeneratedActivity: decorated }),
        lastModifiedAt: item.createdAt.getTime(),
        subscriber: "urn:li:person:sentinella-admin",
      },
    ],
  };
}

/**
 * The X-LI-Signature header value in the form LinkedIn documents: the hex HMAC-SHA256 of "hmacsha256=" followed by
 * the exact bytes, keyed with the client secret (see verifyLinkedInSignature for the other reading).
 */
export function linkedInSignature(body: string | Buffer, clientSecret: string): string {
  return createHmac("sha256", clientSecret).update("hmacsha256=").update(body).digest("hex");
}

/** POSTs a signed LinkedIn delivery; `signature` overrides the correct one (to test refusals). */
export function deliverLinkedInWebhook(
  url: string,
  payload: unknown,
  clientSecret: string,
  signature?: string,
): Promise<Response> {
  const body = JSON.stringify(payload);
  return postSigned(url, body, { "x-li-signature": signature ?? linkedInSignature(body, clientSecret) });
}
