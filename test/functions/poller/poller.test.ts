import { Logger } from "@aws-lambda-powertools/logger";
import type { EntityDeployment, Item, StaffAlert } from "@sentinella/core";
import { type SandboxYouTube, startSandboxYouTube } from "@sentinella/local";
import {
  createYouTubeApi,
  defaultQuotaBudget,
  inMemoryPollCursors,
  inMemoryQuotaLedger,
  type QuotaBudget,
} from "@sentinella/platforms";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createYouTubePoller } from "../../../functions/poller/app";

const channel = "UCcomune";
const deployments: EntityDeployment[] = [
  { entityId: "comune-cento", mode: "enforce", accounts: [{ platform: "youtube", accountId: channel }] },
];

describe("the YouTube poller against the sandbox YouTube Data API", () => {
  let now = new Date("2026-03-02T10:00:00Z");
  const clock = { now: () => now };
  let youtube: SandboxYouTube;
  beforeAll(async () => {
    youtube = await startSandboxYouTube({ tokens: { [channel]: "yt-token" }, clock, pageSize: 20 });
  });
  afterAll(() => youtube.stop());

  /** A poller with its own queue, cursors and ledger; `state` lets a second poller share them (a restart). */
  function poller(state = { cursors: inMemoryPollCursors(), ledger: inMemoryQuotaLedger(defaultQuotaBudget(10_000)) }) {
    const queued: Item[] = [];
    const alerts: StaffAlert[] = [];
    const api = createYouTubeApi({
      baseUrl: youtube.baseUrl,
      tokenFor: async (id) => (id === channel ? "yt-token" : undefined),
      ledger: state.ledger,
      clock,
    });
    const run = createYouTubePoller({
      youtube: api,
      cursors: state.cursors,
      ledger: state.ledger,
      budget: state.ledger.budget,
      queue: { accepts: () => true, enqueue: async (items) => void queued.push(...items) },
      deployments,
      alerts: { notify: async (alert) => void alerts.push(alert) },
      clock,
      logger: new Logger({ serviceName: "poller-test", logLevel: "SILENT" }),
    });
    return { run, queued, alerts, state };
  }
  let sequence = 0;
  const comment = (text: string, parentId?: string, author = `UCcitizen${++sequence}`) => {
    now = new Date(now.getTime() + 1000);
    return youtube.addComment({ channelId: channel, text, parentId, authorChannelId: author, authorDisplayName: "@x" });
  };

  it("takes only the last hour on a channel's first poll, then only what is new, across a restart", async () => {
    comment("Commento di ieri");
    now = new Date(now.getTime() + 2 * 3600_000);
    const recent = comment("Quando riapre lo sportello?");
    const first = poller();
    await first.run();
    expect(first.queued.map((item) => item.itemId)).toEqual([recent]);
    expect(first.queued[0]).toMatchObject({ platform: "youtube", accountId: channel, kind: "comment", byStaff: false });

    await first.run();
    expect(first.queued).toHaveLength(1);

    const restarted = poller(first.state);
    const later = comment("Un altro commento");
    await restarted.run();
    expect(restarted.queued.map((item) => item.itemId)).toEqual([later]);
  });

  it("pages through more threads than one page holds and stops at the cursor", async () => {
    const p = poller();
    await p.run();
    p.queued.length = 0;
    const ids = Array.from({ length: 45 }, (_, i) => comment(`Commento ${i}`));
    const report = await p.run();
    expect(p.queued.map((item) => item.itemId).sort()).toEqual([...ids].sort());
    expect(report.pages).toBe(3);
  });

  it("fetches the replies a thread leaves out, and reads the channel's own reply as a staff item", async () => {
    const p = poller();
    await p.run();
    const top = comment("Domanda sul bando");
    const replies = Array.from({ length: 7 }, (_, i) => comment(`Risposta ${i}`, top));
    const own = comment("Risponde il Comune", top, channel);
    await p.run();
    const queuedIds = p.queued.map((item) => item.itemId);
    for (const id of [top, ...replies, own]) expect(queuedIds).toContain(id);
    const staff = p.queued.find((item) => item.itemId === own);
    expect(staff).toMatchObject({ kind: "reply", byStaff: true, threadId: top, parentId: top });
  });

  it("queues an edit as a new version of the comment", async () => {
    const p = poller();
    await p.run();
    const id = comment("Testo originale");
    await p.run();
    now = new Date(now.getTime() + 5000);
    youtube.editComment(id, "Testo corretto");
    await p.run();
    const versions = p.queued.filter((item) => item.itemId === id);
    expect(versions.map((item) => [item.event, item.text])).toEqual([
      ["created", "Testo originale"],
      ["edited", "Testo corretto"],
    ]);
  });

  it("never spends the share kept for actions, and tells staff once a day when polling runs out", async () => {
    const budget: QuotaBudget = { dailyUnits: 60, reservedForActions: 55 };
    const p = poller({ cursors: inMemoryPollCursors(), ledger: inMemoryQuotaLedger(budget) });
    for (let i = 0; i < 8; i++) await p.run();
    expect(await p.state.ledger.spent(now)).toBe(5);
    const exhausted = p.alerts.filter((alert) => alert.itemKey.endsWith("#exhausted"));
    expect(exhausted.length).toBeGreaterThanOrEqual(1);
    expect(new Set(exhausted.map((alert) => alert.itemKey)).size).toBe(1);
    expect(exhausted[0]).toMatchObject({ entityId: "comune-cento", reason: "channel_down", platform: "youtube" });
    // Actions still have their share.
    expect((await p.state.ledger.debit(50, "action", now)).granted).toBe(true);
  });

  it("starts a new quota day at midnight Pacific time", async () => {
    const ledger = inMemoryQuotaLedger({ dailyUnits: 10, reservedForActions: 0 });
    const beforeMidnight = new Date("2026-03-02T07:59:00Z"); // 23:59 in Los Angeles (PST)
    expect((await ledger.debit(10, "poll", beforeMidnight)).granted).toBe(true);
    expect((await ledger.debit(1, "poll", beforeMidnight)).granted).toBe(false);
    expect((await ledger.debit(1, "poll", new Date("2026-03-02T08:00:00Z"))).granted).toBe(true);
  });

  it("skips a channel YouTube refuses (quota exceeded there) and reads it again next run", async () => {
    const p = poller();
    await p.run();
    const id = comment("Dopo il guasto");
    youtube.failNext(1, { status: 403, reason: "quotaExceeded" });
    const failed = await p.run();
    expect(failed.skipped).toBe(1);
    await p.run();
    expect(p.queued.map((item) => item.itemId)).toContain(id);
  });
});
