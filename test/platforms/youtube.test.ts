import { DynamoQuotaLedger, pollerTable } from "@sentinella/aws";
import type { ActionTarget, PlatformError } from "@sentinella/core";
import { type SandboxYouTube, startSandboxYouTube } from "@sentinella/local";
import {
  createYouTubeActions,
  createYouTubeApi,
  defaultQuotaBudget,
  inMemoryQuotaLedger,
  secondsUntilQuotaReset,
} from "@sentinella/platforms";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { useDynamoDbLocal } from "../support/dynamodb";

const channel = "UCcomune";

describe("YouTube actions against the sandbox YouTube Data API", () => {
  const now = new Date("2026-03-02T10:00:00Z");
  const clock = { now: () => now };
  let youtube: SandboxYouTube;
  beforeAll(async () => {
    youtube = await startSandboxYouTube({ tokens: { [channel]: "yt-token" }, clock });
  });
  afterAll(() => youtube.stop());

  function actions(ledger = inMemoryQuotaLedger(defaultQuotaBudget(10_000))) {
    const api = createYouTubeApi({ baseUrl: youtube.baseUrl, tokenFor: async () => "yt-token", ledger, clock });
    return { actions: createYouTubeActions(api), ledger };
  }
  const commentOf = (id: string, thread = id): ActionTarget => ({
    platform: "youtube",
    accountId: channel,
    itemId: id,
    kind: id === thread ? "comment" : "reply",
    threadId: thread,
  });
  const refusal = (promise: Promise<unknown>) =>
    promise.then(
      () => expect.unreachable("the call succeeded"),
      (error: unknown) => error as PlatformError,
    );
  const addComment = (text: string, parentId?: string) =>
    youtube.addComment({ channelId: channel, text, parentId, authorChannelId: "UCmario", authorDisplayName: "@mario" });

  it("hides as heldForReview and unhides as published, 50 units each, never rejected", async () => {
    const { actions: yt, ledger } = actions();
    const id = addComment("Scrivetemi al 333 1234567");
    await yt.hide(commentOf(id));
    expect(youtube.moderationStatusOf(id)).toBe("heldForReview");
    await yt.unhide(commentOf(id));
    expect(youtube.moderationStatusOf(id)).toBe("published");
    expect(await ledger.spent(now)).toBe(100);
    expect(youtube.calls.some((call) => call.kind === "reject")).toBe(false);
  });

  it("replies on the top-level comment, even to a reply, and finds that reply again", async () => {
    const { actions: yt } = actions();
    const top = addComment("Quando riapre lo sportello?");
    const reply = addComment("Anche io vorrei saperlo", top);
    const posted = await yt.reply(commentOf(reply, top), "Le risponderemo entro lunedì.");
    expect(youtube.calls.at(-1)).toMatchObject({ kind: "reply", objectId: top, accountId: channel });
    expect(await yt.findReply?.(commentOf(reply, top), "Le risponderemo entro lunedì.")).toMatchObject({
      id: posted.id,
    });
    expect(await yt.findReply?.(commentOf(reply, top), "Altro")).toBeUndefined();
  });

  it("refuses a private answer for good: YouTube has no private messages", async () => {
    const error = await refusal(actions().actions.privateReply(commentOf("x"), "ciao"));
    expect([error.kind, error.code]).toEqual(["permanent", "no_private_channel"]);
  });

  it("refuses an action the ledger cannot pay without calling YouTube, until midnight Pacific", async () => {
    const ledger = inMemoryQuotaLedger({ dailyUnits: 60, reservedForActions: 0 });
    const { actions: yt } = actions(ledger);
    const id = addComment("uno");
    await yt.hide(commentOf(id));
    const before = youtube.calls.length;
    const error = await refusal(yt.hide(commentOf(addComment("due"))));
    expect([error.kind, error.code, error.retryAfterSeconds]).toEqual([
      "throttled",
      "quota_reserved",
      secondsUntilQuotaReset(now),
    ]);
    expect(youtube.calls).toHaveLength(before);
  });

  it("maps Google's errors: quotaExceeded and 429 throttled, 401 auth, 5xx transient, 404 permanent", async () => {
    const { actions: yt } = actions();
    const id = addComment("tre");
    for (const [status, reason, kind] of [
      [403, "quotaExceeded", "throttled"],
      [429, "rateLimitExceeded", "throttled"],
      [401, "authError", "auth"],
      [503, "backendError", "transient"],
      [404, "commentNotFound", "permanent"],
    ] as const) {
      youtube.failNext(1, { status, reason });
      const error = await refusal(yt.hide(commentOf(id)));
      expect([error.code, error.kind]).toEqual([reason, kind]);
    }
  });
});

describe("the quota ledger on DynamoDB Local", () => {
  const dynamo = useDynamoDbLocal();

  it("never lets concurrent debits pass the ceiling, and keeps the actions' share from polling", async () => {
    const tableName = await dynamo.freshTable(pollerTable);
    const ledger = new DynamoQuotaLedger(dynamo.clients.document, tableName, {
      dailyUnits: 100,
      reservedForActions: 50,
    });
    // Now, not a fixed date: DynamoDB Local deletes rows past their TTL, and a quota row expires days after its day.
    const at = new Date();
    const polls = await Promise.all(Array.from({ length: 80 }, () => ledger.debit(1, "poll", at)));
    expect(polls.filter((debit) => debit.granted)).toHaveLength(50);
    expect((await ledger.debit(50, "action", at)).granted).toBe(true);
    expect((await ledger.debit(1, "action", at)).granted).toBe(false);
    expect(await ledger.spent(at)).toBe(100);
    // Restarted (a new instance on the same table): the day's spend is still there; the next Pacific day is fresh.
    const again = new DynamoQuotaLedger(dynamo.clients.document, tableName, {
      dailyUnits: 100,
      reservedForActions: 50,
    });
    expect(await again.spent(at)).toBe(100);
    expect((await again.debit(1, "poll", new Date(at.getTime() + 30 * 3600_000))).granted).toBe(true);
  });
});
