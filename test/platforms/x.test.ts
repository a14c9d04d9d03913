import { type ActionTarget, noAnswerErrorCode } from "@sentinella/core";
import { type SandboxX, startSandboxX } from "@sentinella/local";
import { createXActions, routePlatformActions, xHideLimit } from "@sentinella/platforms";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { refusal } from "../support/refusal";

const reply: ActionTarget = {
  platform: "x",
  accountId: "x-cento",
  itemId: "1800",
  kind: "comment",
  threadId: "1800",
  authorId: "555",
};
const message: ActionTarget = { platform: "x", accountId: "x-cento", itemId: "dm-1", kind: "message", threadId: "555" };

describe("X actions against the sandbox X API", () => {
  let now = new Date("2026-03-02T10:00:00Z");
  const clock = { now: () => now };
  let x: SandboxX;
  const tokens: Record<string, string> = { "x-cento": "x-token-cento", "x-other": "x-token-other" };
  let actions: ReturnType<typeof createXActions>;

  beforeAll(async () => {
    x = await startSandboxX({ tokens, clock });
  });
  afterAll(() => x.stop());
  beforeEach(() => {
    now = new Date(now.getTime() + 3600_000);
    x.calls.length = 0;
    actions = createXActions({ baseUrl: x.baseUrl, tokenFor: async (id) => tokens[id], clock });
  });

  it("hides and unhides a reply with PUT /2/tweets/{id}/hidden", async () => {
    expect((await actions.hide(reply)).response).toEqual({ data: { hidden: true } });
    await actions.unhide(reply);
    expect(x.calls.map((c) => [c.kind, c.objectId, c.accountId])).toEqual([
      ["hide", "1800", "x-cento"],
      ["unhide", "1800", "x-cento"],
    ]);
  });

  it("refuses to hide a mention or a message without calling X", async () => {
    const error = await refusal(actions.hide({ ...reply, kind: "mention" }));
    expect([error.kind, error.code]).toEqual(["permanent", "not_hideable"]);
    await refusal(actions.hide(message));
    expect(x.calls).toEqual([]);
  });

  it("takes X's refusal to hide a reply in someone else's conversation as permanent", async () => {
    x.foreignConversations.add("1801");
    const error = await refusal(actions.hide({ ...reply, itemId: "1801" }));
    expect([error.kind, error.code]).toEqual(["permanent", "not-authorized-for-resource"]);
  });

  it("replies with in_reply_to_tweet_id and finds that reply again on the account's timeline", async () => {
    const posted = await actions.reply(reply, "Grazie, le risponderemo entro lunedì.");
    expect(posted.id).toMatch(/^\d+$/);
    expect(x.calls).toEqual([expect.objectContaining({ kind: "reply", objectId: "1800", accountId: "x-cento" })]);
    expect(await actions.findReply?.(reply, "Grazie, le risponderemo entro lunedì.")).toMatchObject({ id: posted.id });
    expect(await actions.findReply?.(reply, "Un altro testo")).toBeUndefined();
    expect(await actions.findReply?.({ ...reply, itemId: "1999" }, "Grazie, le risponderemo entro lunedì.")).toBe(
      undefined,
    );
  });

  it("finds a reply beyond the first page of the timeline", async () => {
    await actions.reply(reply, "La risposta cercata");
    for (let i = 0; i < 120; i++) {
      // X allows 100 tweets per 15 minutes.
      if (i === 90) now = new Date(now.getTime() + 15 * 60_000);
      await actions.reply({ ...reply, itemId: `19${i}` }, `altra ${i}`);
    }
    expect(await actions.findReply?.(reply, "La risposta cercata")).toBeDefined();
  });

  it("answers in private by direct message to the author, and to the conversation of a message", async () => {
    const sent = await actions.privateReply(reply, "Le scriviamo in privato");
    expect(sent.id).toBeDefined();
    await actions.reply(message, "Risposta al messaggio");
    expect(x.calls.map((c) => [c.kind, c.objectId])).toEqual([
      ["private_reply", "555"],
      ["private_reply", "555"],
    ]);
  });

  it("maps 429 to throttled until x-rate-limit-reset, and then calls nothing until the window reopens", async () => {
    x.failNext(1, { status: 429, resetInSeconds: 600 });
    const error = await refusal(actions.hide(reply));
    expect([error.kind, error.retryAfterSeconds]).toEqual(["throttled", 600]);
    const again = await refusal(actions.hide(reply));
    expect([again.kind, again.code]).toEqual(["throttled", "rate_limit"]);
    expect(x.calls).toEqual([]);
    now = new Date(now.getTime() + 601_000);
    await actions.hide(reply);
    expect(x.calls).toHaveLength(1);
  });

  it("stops at X's 50 hides in 15 minutes before X refuses, and resumes when the window moves", async () => {
    for (let i = 0; i < xHideLimit.requests; i++) await actions.hide({ ...reply, itemId: `h${i}` });
    const error = await refusal(actions.hide({ ...reply, itemId: "h50" }));
    expect([error.kind, error.code]).toEqual(["throttled", "hide_limit"]);
    expect(error.retryAfterSeconds).toBeGreaterThan(0);
    expect(x.calls).toHaveLength(xHideLimit.requests);
    now = new Date(now.getTime() + xHideLimit.windowMs + 1000);
    await actions.hide({ ...reply, itemId: "h50" });
  });

  it("maps 401 to auth, 5xx to transient, a missing token to auth", async () => {
    x.failNext(1, { status: 401, type: "unauthorized" });
    expect((await refusal(actions.reply(reply, "a"))).kind).toBe("auth");
    x.failNext(1, { status: 503 });
    expect((await refusal(actions.reply(reply, "b"))).kind).toBe("transient");
    const unknown = await refusal(actions.reply({ ...reply, accountId: "x-nobody" }, "c"));
    expect([unknown.kind, unknown.code]).toEqual(["auth", "no_token"]);
  });

  it("reports a reply whose answer was lost as no_answer: it may have landed", async () => {
    x.dropNextResponses(1);
    const error = await refusal(actions.reply(reply, "persa"));
    expect([error.kind, error.code]).toEqual(["transient", noAnswerErrorCode]);
    expect(await actions.findReply?.(reply, "persa")).toBeDefined();
  });

  it("is reached through the platform router by the target's platform", async () => {
    const routed = routePlatformActions({ x: actions });
    await routed.hide(reply);
    const error = await refusal(routed.hide({ ...reply, platform: "youtube" }));
    expect(error.code).toBe("unsupported_platform");
    expect(x.calls).toHaveLength(1);
  });
});
