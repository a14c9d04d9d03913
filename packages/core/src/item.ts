import * as z from "zod";

export const Platform = z.enum(["facebook", "instagram", "x", "youtube", "linkedin"]);
export type Platform = z.infer<typeof Platform>;

export const ItemKind = z.enum(["comment", "reply", "message", "mention"]);
export type ItemKind = z.infer<typeof ItemKind>;

/**
 * What happened to the item on the platform: a new item, a new text for it, its removal, or someone with access to
 * the account hiding or showing it again there, natively (Facebook's feed verbs hide and unhide).
 */
export const ItemEvent = z.enum(["created", "edited", "deleted", "hidden", "unhidden"]);
export type ItemEvent = z.infer<typeof ItemEvent>;

export const Attachment = z.object({
  type: z.string(),
  url: z.string().optional(),
});

/**
 * A comment, reply, mention or private message, normalised from any platform's webhook.
 * `schemaVersion` lets stored and queued records stay readable when the shape grows.
 */
export const Item = z.object({
  schemaVersion: z.literal(1),
  entityId: z.string().min(1),
  platform: Platform,
  accountId: z.string().min(1),
  itemId: z.string().min(1),
  kind: ItemKind,
  event: ItemEvent,
  /** Distinguishes successive versions of one item (an edit is a new version): the edit time, or "0". */
  version: z.string().min(1),
  postId: z.string().optional(),
  /** The top-level comment or conversation the item belongs to. */
  threadId: z.string().optional(),
  parentId: z.string().optional(),
  author: z.object({ id: z.string().optional(), name: z.string().optional() }),
  /** Written by the account itself (our own staff or our holding replies): closes obligations, never moderated. */
  byStaff: z.boolean(),
  text: z.string(),
  attachments: z.array(Attachment).default([]),
  /** Text of the post the item sits under, when the platform or a poller provides it. */
  postText: z.string().optional(),
  createdAt: z.iso.datetime(),
  receivedAt: z.iso.datetime(),
  /** The webhook fragment this item was built from, kept verbatim for audit. */
  raw: z.unknown(),
});
export type Item = z.infer<typeof Item>;

/** The key that identifies one version of one item on one account: the unit of idempotency. */
export function itemKey(item: Pick<Item, "platform" | "accountId" | "itemId">): string {
  return `${item.platform}#${item.accountId}#${item.itemId}`;
}

export function itemVersionKey(item: Pick<Item, "platform" | "accountId" | "itemId" | "event" | "version">): string {
  return `${itemKey(item)}#${item.event}#${item.version}`;
}

/**
 * A queue message's body read as the classifier reads it: the Item, or what is wrong with it, without quoting it
 * (JSON.parse's message does): not JSON, or the schema paths that fail (no values).
 */
export function readItemBody(
  body: string,
): { item: Item } | { notJson: true; json?: undefined } | { notJson?: false; json: unknown; failingPaths: string[] } {
  let json: unknown;
  try {
    json = JSON.parse(body);
  } catch {
    return { notJson: true };
  }
  const parsed = Item.safeParse(json);
  if (parsed.success) return { item: parsed.data };
  return { json, failingPaths: [...new Set(parsed.error.issues.map((issue) => issue.path.join(".") || "(root)"))] };
}
