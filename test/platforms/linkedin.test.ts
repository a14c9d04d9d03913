import type { ActionTarget } from "@sentinella/core";
import { type SandboxLinkedIn, startSandboxLinkedIn } from "@sentinella/local";
import { createLinkedInActions, parseCommentUrn } from "@sentinella/platforms";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { refusal } from "../support/refusal";

const post = "urn:li:activity:7000000000000000001";

describe("LinkedIn actions against the sandbox LinkedIn REST API", () => {
  let now = new Date("2026-11-23T10:00:00Z");
  const clock = { now: () => now };
  let linkedin: SandboxLinkedIn;
  const tokens: Record<string, string> = { "li-cento": "li-token-cento", "li-other": "li-token-other" };
  let actions: ReturnType<typeof createLinkedInActions>;
  let comment: ActionTarget;

  beforeAll(async () => {
    linkedin = await startSandboxLinkedIn({ tokens, clock });
  });
  afterAll(() => linkedin.stop());
  beforeEach(() => {
    now = new Date(now.getTime() + 3600_000);
    linkedin.calls.length = 0;
    actions = createLinkedInActions({
      baseUrl: linkedin.baseUrl,
      version: "202610",
      tokenFor: async (id) => tokens[id],
      clock,
    });
    const urn = linkedin.addComment({
      object: post,
      actor: "urn:li:person:citizen",
      text: "Quando riapre la biblioteca?",
    });
    comment = { platform: "linkedin", accountId: "li-cento", itemId: urn, kind: "comment", threadId: urn };
  });

  it("reads a comment's URN as its post and its id", () => {
    expect(parseCommentUrn("urn:li:comment:(urn:li:activity:29292929292992929292,12345)")).toEqual({
      object: "urn:li:activity:29292929292992929292",
      id: "12345",
    });
    expect(parseCommentUrn("urn:li:share:1")).toBeUndefined();
  });

  it("has no hide: hide and unhide are refused for good, and nothing is called", async () => {
    expect((await refusal(actions.hide(comment))).kind).toBe("permanent");
    expect((await refusal(actions.unhide(comment))).code).toBe("no_hide");
    expect(linkedin.calls).toEqual([]);
  });

  it("deletes a comment as the organisation", async () => {
    await actions.remove?.(comment);
    expect(linkedin.calls.map((c) => [c.kind, c.objectId, c.accountId])).toEqual([
      ["delete", comment.itemId, "li-cento"],
    ]);
    expect(linkedin.isDeleted(comment.itemId)).toBe(true);
  });

  it("never deletes someone else's post that mentions the organisation", async () => {
    const mention: ActionTarget = {
      platform: "linkedin",
      accountId: "li-cento",
      itemId: "urn:li:share:9",
      kind: "mention",
    };
    expect((await refusal(actions.remove?.(mention))).code).toBe("not_deletable");
  });

  it("replies as the organisation under the thread's top comment, and finds that reply again", async () => {
    const nested = linkedin.addComment({
      object: post,
      actor: "urn:li:person:other",
      text: "Anche io vorrei saperlo",
      parentComment: comment.itemId,
    });
    const target: ActionTarget = { ...comment, itemId: nested, kind: "reply", parentId: comment.itemId };
    const text = "Gentile utente, le risponderemo al più presto.";
    const sent = await actions.reply(target, text);
    expect(linkedin.calls).toEqual([
      expect.objectContaining({ kind: "reply", objectId: comment.itemId, accountId: "li-cento", text, id: sent.id }),
    ]);
    expect(parseCommentUrn(sent.id ?? "")?.object).toBe(post);
    expect((await actions.findReply?.(target, text))?.id).toBe(sent.id);
    expect(await actions.findReply?.(target, "un altro testo")).toBeUndefined();
  });

  it("finds a reply beyond the first page of a busy thread", async () => {
    for (let i = 0; i < 120; i++) {
      linkedin.addComment({ object: post, actor: "urn:li:person:x", text: `${i}`, parentComment: comment.itemId });
    }
    const text = "Risposta di cortesia";
    const sent = await actions.reply(comment, text);
    expect((await actions.findReply?.(comment, text))?.id).toBe(sent.id);
  });

  it("reads the text of a comment notified without it, and of a post that mentions the organisation", async () => {
    expect(await actions.fetchMentionText?.(comment)).toBe("Quando riapre la biblioteca?");
    linkedin.addPost("urn:li:share:42", "Grazie @Comune di Cento per il nuovo parco");
    const mention: ActionTarget = {
      platform: "linkedin",
      accountId: "li-cento",
      itemId: "urn:li:share:42",
      kind: "mention",
    };
    expect(await actions.fetchMentionText?.(mention)).toBe("Grazie @Comune di Cento per il nuovo parco");
  });

  it("maps 429 to throttled (Retry-After, or until midnight UTC at most an hour), 5xx to transient", async () => {
    linkedin.failNext(1, { status: 429, retryAfterSeconds: 30 });
    expect(await refusal(actions.reply(comment, "a"))).toMatchObject({ kind: "throttled", retryAfterSeconds: 30 });
    now = new Date("2026-11-23T23:50:00Z");
    linkedin.failNext(1, { status: 429 });
    expect(await refusal(actions.reply(comment, "a"))).toMatchObject({ kind: "throttled", retryAfterSeconds: 600 });
    now = new Date("2026-11-24T08:00:00Z");
    linkedin.failNext(1, { status: 429 });
    expect((await refusal(actions.reply(comment, "a"))).retryAfterSeconds).toBe(3600);
    linkedin.failNext(1, { status: 503 });
    expect((await refusal(actions.remove?.(comment))).kind).toBe("transient");
    expect(linkedin.calls).toEqual([]);
  });

  it("maps a token LinkedIn refuses to auth, and a comment gone or not the organisation's to delete to permanent", async () => {
    const stranger = createLinkedInActions({
      baseUrl: linkedin.baseUrl,
      version: "202610",
      tokenFor: async () => "revoked",
    });
    expect((await refusal(stranger.remove?.(comment))).kind).toBe("auth");
    const otherOrganisation = createLinkedInActions({
      baseUrl: linkedin.baseUrl,
      version: "202610",
      tokenFor: async () => tokens["li-other"],
    });
    expect(await refusal(otherOrganisation.remove?.(comment))).toMatchObject({
      kind: "permanent",
      code: "ACCESS_DENIED",
    });
    await actions.remove?.(comment);
    expect((await refusal(actions.remove?.(comment))).code).toBe("NOT_FOUND");
    const noToken = createLinkedInActions({
      baseUrl: linkedin.baseUrl,
      version: "202610",
      tokenFor: async () => undefined,
    });
    expect((await refusal(noToken.reply(comment, "a"))).code).toBe("no_token");
  });

  it("refuses a private answer: an organisation cannot message members", async () => {
    expect((await refusal(actions.privateReply(comment, "a"))).code).toBe("no_private_channel");
  });

  it("is refused by LinkedIn without the pinned version", async () => {
    const unversioned = createLinkedInActions({
      baseUrl: linkedin.baseUrl,
      version: "",
      tokenFor: async (id) => tokens[id],
    });
    expect((await refusal(unversioned.reply(comment, "a"))).code).toBe("VERSION_MISSING");
  });
});
