import {
  linkedInChallengeResponse,
  normaliseLinkedInNotifications,
  verifyLinkedInSignature,
} from "@sentinella/webhooks";
import { describe, expect, it } from "vitest";
import { deployments, fixture } from "./fixtures";

const receivedAt = new Date("2026-11-23T10:00:00.000Z");
const normalise = (body: unknown) => normaliseLinkedInNotifications(body, { receivedAt, deployments });

const post = "urn:li:activity:29292929292992929292";
const commentUrn = (id: number) => `urn:li:comment:(${post},${id})`;

/** One notification on organisation 12345, as the reference's COMMENT example has it, with the fields given. */
function notification(action: string, fields: Record<string, unknown> = {}) {
  const id = (fields.comment as number | undefined) ?? 12345;
  return {
    notificationId: 4406004,
    organizationalEntity: "urn:li:organization:12345",
    action,
    sourcePost: post,
    generatedActivity: commentUrn(id),
    decoratedGeneratedActivity: {
      comment: {
        entity: commentUrn(id),
        owner: "urn:li:person:member123",
        object: post,
        message: { text: "Buongiorno, quando riapre la biblioteca?" },
        ...(fields.decorated as object | undefined),
      },
    },
    lastModifiedAt: Date.parse("2026-11-23T09:58:00Z"),
    ...fields,
  };
}
const delivery = (...notifications: object[]) => ({
  type: "ORGANIZATION_SOCIAL_ACTION_NOTIFICATIONS",
  notifications,
});

describe("LinkedIn challenge and signature (reference test vectors)", () => {
  const secret = "test-client-secret";
  const body = Buffer.from('{"type":"ORGANIZATION_SOCIAL_ACTION_NOTIFICATIONS","notifications":[]}');
  const prefixed = "341cf5778654a2e246e6fc68fb6ec196f21f44f3bc76346a8896e2de2f4857a7";
  const bodyOnly = "6c11b6cd44c0e90ba9dd987634d8f902a19a6119e861a052d81352cee856e48a";

  it("answers the validation challenge with the hex HMAC of the code", () => {
    expect(linkedInChallengeResponse("890e4665-4dfe-4ab1-b689-ed553bceeed0", secret)).toEqual({
      challengeCode: "890e4665-4dfe-4ab1-b689-ed553bceeed0",
      challengeResponse: "05f7c3a9fc0fd9476f5fa3a0f318d460b83aba7b241196a57cc44868a392fc57",
    });
  });

  it.each([
    ["bare hex", prefixed],
    ["hex after hmacsha256=", `hmacsha256=${prefixed}`],
    ["upper-case hex", prefixed.toUpperCase()],
  ])("accepts the documented form (HMAC of hmacsha256= and the body) as %s", (_, header) => {
    expect(verifyLinkedInSignature(body, header, secret, { acceptBodyOnly: false })).toBe("prefixed");
  });

  it("accepts the body-only form only when enabled, and says so", () => {
    for (const header of [bodyOnly, `hmacsha256=${bodyOnly}`]) {
      expect(verifyLinkedInSignature(body, header, secret, { acceptBodyOnly: false })).toBeUndefined();
      expect(verifyLinkedInSignature(body, header, secret, { acceptBodyOnly: true })).toBe("body");
    }
  });

  it.each([
    ["missing", undefined, secret, body],
    ["signed with another secret", prefixed, "another secret", body],
    ["over other bytes", prefixed, secret, Buffer.from(`${body} `)],
    ["truncated", prefixed.slice(0, 62), secret, body],
    ["with another prefix", `sha256=${prefixed}`, secret, body],
  ])("refuses a signature %s", (_, header, key, bytes) => {
    expect(verifyLinkedInSignature(bytes, header, key, { acceptBodyOnly: true })).toBeUndefined();
  });
});

describe("normaliseLinkedInNotifications", () => {
  it("reads the reference's COMMENT example as a comment of the organisation's deployment", () => {
    const { items, ignored, rejected } = normaliseLinkedInNotifications(fixture("linkedin-comment.json"), {
      receivedAt,
      deployments,
    });
    expect(ignored).toEqual([]);
    expect(rejected).toEqual([]);
    expect(items).toEqual([
      expect.objectContaining({
        entityId: "comune-esempio",
        platform: "linkedin",
        accountId: "12345",
        itemId: commentUrn(12345),
        kind: "comment",
        event: "created",
        version: "0",
        postId: post,
        threadId: commentUrn(12345),
        author: { id: "urn:li:person:member123" },
        byStaff: false,
        text: "Hello from LinkedIn",
        createdAt: "2026-08-20T07:50:00.000Z",
      }),
    ]);
  });

  it("reads a nested comment as a reply on the thread of the comment it answers", () => {
    const nested = notification("COMMENT", { comment: 777, decorated: { parentComment: commentUrn(12345) } });
    const [item] = normalise(delivery(nested)).items;
    expect(item).toMatchObject({ kind: "reply", itemId: commentUrn(777), threadId: commentUrn(12345) });
    expect(item?.parentId).toBe(commentUrn(12345));
  });

  it("queues a comment whose notification carries no text with an empty text, for the classifier to read", () => {
    const bare = { ...notification("COMMENT"), decoratedGeneratedActivity: undefined };
    const [item] = normalise(delivery(bare)).items;
    expect(item).toMatchObject({ itemId: commentUrn(12345), text: "", author: {} });
  });

  it("reads an edit as a new version of the comment, keyed by its notification", () => {
    const edit = notification("COMMENT_EDIT", { notificationId: 4406010 });
    const [item] = normalise(delivery(edit)).items;
    expect(item).toMatchObject({ itemId: commentUrn(12345), event: "edited", version: "4406010" });
  });

  it("reads a deletion as the comment deleted, with no text", () => {
    const [item] = normalise(delivery(notification("COMMENT_DELETE", { notificationId: 4406011 }))).items;
    expect(item).toMatchObject({ itemId: commentUrn(12345), event: "deleted", text: "", byStaff: false });
  });

  it("reads a post that mentions the organisation as a mention", () => {
    const mention = {
      notificationId: 4406012,
      organizationalEntity: "urn:li:organization:12345",
      action: "SHARE_MENTION",
      sourcePost: "urn:li:share:7000000000000000001",
      lastModifiedAt: Date.parse("2026-11-23T09:00:00Z"),
    };
    const [item] = normalise(delivery(mention)).items;
    expect(item).toMatchObject({ kind: "mention", itemId: "urn:li:share:7000000000000000001", text: "" });
  });

  it("reads the organisation's own comment (ADMIN_COMMENT) as a staff item answering the comment it replies to", () => {
    const own = notification("ADMIN_COMMENT", {
      notificationId: 4406013,
      comment: 888,
      decorated: { owner: "urn:li:organization:12345", parentComment: commentUrn(12345) },
    });
    const [item] = normalise(delivery(own)).items;
    expect(item).toMatchObject({ byStaff: true, itemId: commentUrn(888), threadId: commentUrn(12345) });
  });

  it("drops a notification repeated in one delivery, by its notification id", () => {
    const { items, ignored } = normalise(delivery(notification("COMMENT"), notification("COMMENT")));
    expect(items).toHaveLength(1);
    expect(ignored).toEqual([{ reason: "linkedin:duplicate_notification", count: 1 }]);
  });

  it("gives a notification delivered again later the same item version", () => {
    const [first] = normalise(delivery(notification("COMMENT_EDIT"))).items;
    const [again] = normalise(delivery(notification("COMMENT_EDIT"))).items;
    expect([again?.itemId, again?.event, again?.version]).toEqual([first?.itemId, first?.event, first?.version]);
  });

  it("counts likes, shares, unknown organisations and other types without queueing them", () => {
    const { items, ignored } = normalise(
      delivery(
        notification("LIKE", { notificationId: 1 }),
        notification("SHARE", { notificationId: 2 }),
        notification("COMMENT", { notificationId: 3, organizationalEntity: "urn:li:organization:999" }),
      ),
    );
    expect(items).toEqual([]);
    expect(ignored).toEqual([
      { reason: "linkedin:LIKE", count: 1 },
      { reason: "linkedin:SHARE", count: 1 },
      { reason: "unknown_account", count: 1 },
    ]);
    expect(normalise({ type: "OTHER_EVENTS", notifications: [{}] }).ignored).toEqual([
      { reason: "linkedin:OTHER_EVENTS", count: 1 },
    ]);
    expect(normalise({ hello: "world" }).rejected).toEqual([{ reason: "unrecognised_payload", count: 1 }]);
  });

  it("rejects a notification it cannot read, and keeps the rest of the delivery", () => {
    const { items, rejected } = normalise(
      delivery(
        { action: "COMMENT" },
        notification("COMMENT", {
          notificationId: 5,
          generatedActivity: undefined,
          decoratedGeneratedActivity: undefined,
        }),
        notification("COMMENT", { notificationId: 6 }),
      ),
    );
    expect(items.map((item) => item.itemId)).toEqual([commentUrn(12345)]);
    expect(rejected).toEqual([
      { reason: "linkedin:malformed", count: 1 },
      { reason: "linkedin:COMMENT:no_activity", count: 1 },
    ]);
  });
});
