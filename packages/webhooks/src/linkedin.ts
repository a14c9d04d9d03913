import { findDeployment, type Item } from "@sentinella/core";
import * as z from "zod";
import { EventTally, type NormalisedWebhook, plausibleTime, vocabulary } from "./delivery";
import type { NormaliseOptions } from "./meta";

/**
 * LinkedIn organisation social action notifications, pushed to the webhook as
 * `{"type": "ORGANIZATION_SOCIAL_ACTION_NOTIFICATIONS", "notifications": [...]}` (batched per event type, up to 10).
 * https://learn.microsoft.com/en-us/linkedin/marketing/community-management/organizations/organization-social-action-notifications
 * Lenient schemas: only what normalisation reads. The `decorated*` fields are unverified against a live delivery, so
 * every one of them is optional: a notification without the comment's text is queued with an empty text, and the
 * classifier reads the comment through the API before deciding.
 */
export const linkedInNotificationType = "ORGANIZATION_SOCIAL_ACTION_NOTIFICATIONS";

const organizationPrefix = "urn:li:organization:";

const DecoratedComment = z.object({
  entity: z.string().optional(),
  owner: z.string().optional(),
  object: z.string().optional(),
  parentComment: z.string().optional(),
  message: z.object({ text: z.string().optional() }).optional(),
});

const Notification = z.object({
  notificationId: z.union([z.number(), z.string().min(1)]).transform(String),
  organizationalEntity: z.string().startsWith(organizationPrefix),
  action: z.string(),
  sourcePost: z.string().optional(),
  generatedActivity: z.string().optional(),
  decoratedGeneratedActivity: z
    .object({
      comment: DecoratedComment.optional(),
      share: z.object({ owner: z.string().optional(), text: z.string().optional() }).optional(),
    })
    .optional(),
  lastModifiedAt: z.number().optional(),
});
type Notification = z.infer<typeof Notification>;

const Envelope = z.object({ type: z.string(), notifications: z.array(z.unknown()) });

/** The LinkedIn account id Sentinella keys deployments and tokens by: the organisation's id, without the URN. */
export function linkedInOrganizationId(urn: string): string {
  return urn.slice(organizationPrefix.length);
}

export function linkedInOrganizationUrn(organizationId: string): string {
  return `${organizationPrefix}${organizationId}`;
}

/** What an item of each handled action is: its event and whether the organisation itself wrote it. */
const handled: Record<string, { event: Item["event"]; byStaff: boolean; kind?: Item["kind"] }> = {
  COMMENT: { event: "created", byStaff: false },
  COMMENT_EDIT: { event: "edited", byStaff: false },
  COMMENT_DELETE: { event: "deleted", byStaff: false },
  // A comment by the organisation (staff, or our own holding reply): it answers the thread, never moderated.
  ADMIN_COMMENT: { event: "created", byStaff: true },
  SHARE_MENTION: { event: "created", byStaff: false, kind: "mention" },
};

type ItemFields = Omit<Item, "schemaVersion" | "entityId" | "platform" | "accountId" | "receivedAt" | "raw">;

/**
 * One notification as item fields. A comment is keyed by its URN (`generatedActivity`), so every action on one
 * comment files under one item; an edit is a new version keyed by its notification id. A nested comment
 * (`parentComment`) is a reply, and its thread is the comment it answers: LinkedIn nests one level deep. A mention
 * is the post that mentions the organisation, which the organisation cannot delete: it goes to review.
 */
function fromNotification(notification: Notification, receivedAt: Date): ItemFields | { rejected: string } {
  const { action, notificationId, generatedActivity, sourcePost } = notification;
  const { event, byStaff, kind } = handled[action] as (typeof handled)[string];
  const decorated = notification.decoratedGeneratedActivity;
  const comment = decorated?.comment;
  const itemId = kind === "mention" ? (generatedActivity ?? sourcePost) : (generatedActivity ?? comment?.entity);
  if (!itemId) return { rejected: `linkedin:${action}:no_activity` };
  const parentId = comment?.parentComment;
  const modified = notification.lastModifiedAt === undefined ? undefined : new Date(notification.lastModifiedAt);
  return {
    itemId,
    kind: kind ?? (parentId ? "reply" : "comment"),
    event,
    version: event === "edited" ? notificationId : "0",
    postId: sourcePost ?? comment?.object,
    threadId: parentId ?? itemId,
    parentId,
    author: { id: comment?.owner ?? decorated?.share?.owner },
    byStaff,
    text: event === "deleted" ? "" : (comment?.message?.text ?? decorated?.share?.text ?? ""),
    attachments: [],
    createdAt: (plausibleTime(modified, receivedAt) ?? receivedAt).toISOString(),
  };
}

/**
 * Turns one LinkedIn delivery into Items: COMMENT, COMMENT_EDIT, COMMENT_DELETE, SHARE_MENTION and ADMIN_COMMENT
 * (a staff item); the organisation URN selects the deployment. LinkedIn may deliver a notification more than once:
 * a notification id seen earlier in the same delivery is counted and dropped here, and one delivered again later
 * yields the same item version, which the classifier's conditional write decides once. LIKE, SHARE and other
 * actions are counted in `ignored`.
 */
export function normaliseLinkedInNotifications(
  body: unknown,
  { receivedAt, deployments }: NormaliseOptions,
): NormalisedWebhook {
  const items: Item[] = [];
  const tally = new EventTally();
  const envelope = Envelope.safeParse(body);
  if (!envelope.success) {
    tally.reject("unrecognised_payload");
    return tally.result(items);
  }
  if (envelope.data.type !== linkedInNotificationType) {
    tally.ignore(`linkedin:${vocabulary(envelope.data.type)}`, Math.max(1, envelope.data.notifications.length));
    return tally.result(items);
  }
  const seen = new Set<string>();
  for (const raw of envelope.data.notifications) {
    const parsed = Notification.safeParse(raw);
    if (!parsed.success) {
      tally.reject("linkedin:malformed");
      continue;
    }
    const notification = parsed.data;
    const accountId = linkedInOrganizationId(notification.organizationalEntity);
    const deployment = findDeployment(deployments, "linkedin", accountId);
    if (!deployment) {
      tally.ignore("unknown_account");
      continue;
    }
    if (!Object.hasOwn(handled, notification.action)) {
      tally.ignore(`linkedin:${vocabulary(notification.action)}`);
      continue;
    }
    if (seen.has(notification.notificationId)) {
      tally.ignore("linkedin:duplicate_notification");
      continue;
    }
    seen.add(notification.notificationId);
    const fields = fromNotification(notification, receivedAt);
    if ("rejected" in fields) {
      tally.reject(fields.rejected);
      continue;
    }
    items.push({
      schemaVersion: 1,
      entityId: deployment.entityId,
      platform: "linkedin",
      accountId,
      ...fields,
      receivedAt: receivedAt.toISOString(),
      raw,
    });
  }
  return tally.result(items);
}
