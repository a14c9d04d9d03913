import type { Action, Category, Decision, Item } from "@sentinella/core";

let sequence = 0;

/** A citizen's top-level Facebook comment on one of the entity's posts; override what a test is about. */
export function citizenItem(overrides: Partial<Item> = {}): Item {
  sequence += 1;
  const itemId = overrides.itemId ?? `post-1_comment-${sequence}`;
  return {
    schemaVersion: 1,
    entityId: "provincia-monza-brianza",
    platform: "facebook",
    accountId: "fb-provincia-monza-brianza",
    itemId,
    kind: "comment",
    event: "created",
    version: "0",
    postId: "fb-page_post-1",
    threadId: itemId,
    parentId: "fb-page_post-1",
    author: { id: `citizen-${sequence}` },
    byStaff: false,
    text: "A che ora apre l'ufficio tributi il sabato?",
    attachments: [],
    createdAt: "2026-11-27T16:55:00.000Z",
    receivedAt: "2026-11-27T16:55:01.000Z",
    raw: {},
    ...overrides,
  };
}

/** The account's own reply on a citizen's thread, as ingress marks it. */
export function staffReply(to: Item, overrides: Partial<Item> = {}): Item {
  return citizenItem({
    entityId: to.entityId,
    platform: to.platform,
    accountId: to.accountId,
    kind: "reply",
    threadId: to.threadId ?? to.itemId,
    parentId: to.itemId,
    byStaff: true,
    author: { id: to.accountId },
    text: "Buongiorno, l'ufficio tributi è chiuso il sabato.",
    ...overrides,
  });
}

export function decisionFor(
  item: Item,
  categories: Category[],
  options: { actions?: Action[]; redactedText?: string } = {},
): Decision {
  return {
    actions: options.actions ?? ["reply"],
    categories: categories.map((category) => ({
      category,
      confidence: 0.9,
      clearCut: true,
      ruleIds: [`test.${category}`],
      clause: "Policy test",
      evidence: [],
    })),
    redactedText: options.redactedText ?? item.text,
    explanation: "Test",
    policyVersion: "test",
    classifierVersion: "test",
  };
}
