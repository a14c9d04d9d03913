import { itemKey } from "@sentinella/core";
import { type LocalPipeline, startLocalPipeline } from "@sentinella/local";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { testPipelineOptions } from "../support/dynamodb";

/**
 * YouTube through local mode: a citizen's comment on the sandbox YouTube Data API → the poller (commentThreads.list)
 * → SQS → classifier → decision table and setModerationStatus on the sandbox; the scheduler's holding reply with
 * comments.insert. Every call is charged on the sandbox and debited from the quota ledger. November 2026, UTC+1.
 */
describe("YouTube end to end, in local mode", () => {
  let now = new Date("2026-11-23T10:00:00+01:00");
  let pipeline: LocalPipeline;
  beforeAll(async () => {
    pipeline = await startLocalPipeline({
      ...testPipelineOptions(),
      clock: { now: () => now },
    });
  });
  afterAll(() => pipeline?.stop());

  let sequence = 0;
  function citizenComments(entityId: string, text: string, parentId?: string) {
    sequence++;
    return pipeline.sandboxes.youtube.addComment({
      channelId: `yt-${entityId}`,
      videoId: "consiglio-comunale",
      parentId,
      text,
      authorChannelId: `UCcitizen${sequence}`,
      authorDisplayName: `@cittadino${sequence}`,
    });
  }
  async function poll() {
    const report = await pipeline.pollYouTube();
    await pipeline.drain();
    return report;
  }
  const decisionsAbout = (entityId: string, id: string) =>
    pipeline.decisions.listByItem(itemKey({ platform: "youtube", accountId: `yt-${entityId}`, itemId: id }));
  const callsOn = (id: string, kind: string) =>
    pipeline.sandboxes.youtube.calls.filter((call) => call.kind === kind && call.objectId === id);

  it("holds an exposing comment for review on YouTube once, however many polls see it", async () => {
    const id = citizenComments("provincia-piacenza", "Scrivetemi a mario.rossi@gmail.com o chiamate il 333 1234567");
    const first = await poll();
    expect(first.queued).toBeGreaterThanOrEqual(1);
    await poll();
    await poll();
    const decisions = await decisionsAbout("provincia-piacenza", id);
    expect(decisions).toHaveLength(1);
    expect(decisions[0]?.actions).toContain("hide");
    expect(callsOn(id, "hide")).toHaveLength(1);
    expect(pipeline.sandboxes.youtube.moderationStatusOf(id)).toBe("heldForReview");
    expect(pipeline.sandboxes.youtube.calls.some((call) => call.kind === "reject")).toBe(false);
  });

  it("reads a reply the thread does not carry and an edit as a new version", async () => {
    const top = citizenComments("comune-cento", "Bel video, grazie");
    for (let i = 0; i < 6; i++) citizenComments("comune-cento", `Risposta numero ${i}`, top);
    const late = citizenComments("comune-cento", "Scrivetemi al 333 1234567", top);
    await poll();
    expect(await decisionsAbout("comune-cento", late)).toHaveLength(1);
    expect(callsOn(late, "hide")).toHaveLength(1);

    now = new Date(now.getTime() + 60_000);
    pipeline.sandboxes.youtube.editComment(top, "Bel video, scrivetemi al 333 1234567");
    await poll();
    const versions = await decisionsAbout("comune-cento", top);
    expect(versions.map((v) => v.event)).toEqual(["created", "edited"]);
    expect(callsOn(top, "hide")).toHaveLength(1);
  });

  it("answers a question left on Friday at 17:55 at Monza with one holding reply on the thread", async () => {
    now = new Date("2026-11-27T17:55:00+01:00");
    const question = citizenComments(
      "provincia-monza-brianza",
      "Buonasera, sapete se lunedì gli uffici della Provincia sono aperti al pubblico?",
    );
    await poll();
    await poll();
    expect(await decisionsAbout("provincia-monza-brianza", question)).toHaveLength(1);
    for (const at of ["2026-11-27T18:00:00+01:00", "2026-11-27T18:05:00+01:00", "2026-11-30T09:00:00+01:00"]) {
      now = new Date(at);
      await pipeline.tickScheduler();
    }
    const replies = callsOn(question, "reply");
    expect(replies).toHaveLength(1);
    expect(replies[0]?.accountId).toBe("yt-provincia-monza-brianza");
    // The channel's own reply comes back through the poller as a staff item: it is never moderated.
    await poll();
    expect(await decisionsAbout("provincia-monza-brianza", replies[0]?.id as string)).toEqual([]);
  });

  it("sends no holding reply when the channel answers the question itself", async () => {
    now = new Date("2026-11-27T17:55:00+01:00");
    const question = citizenComments(
      "provincia-monza-brianza",
      "Scusate, a chi devo chiedere per il rinnovo del permesso di transito sulla provinciale?",
    );
    await poll();
    pipeline.sandboxes.youtube.addComment({
      channelId: "yt-provincia-monza-brianza",
      parentId: question,
      text: "Buonasera, all'ufficio concessioni.",
      authorChannelId: "yt-provincia-monza-brianza",
      authorDisplayName: "Provincia di Monza e della Brianza",
    });
    now = new Date(now.getTime() + 60_000);
    await poll();
    now = new Date("2026-11-27T18:05:00+01:00");
    await pipeline.tickScheduler();
    expect(callsOn(question, "reply")).toEqual([]);
  });

  it("debits every call: the sandbox's charge and the ledger agree", async () => {
    const charged = pipeline.sandboxes.youtube.unitsSpent();
    const debited = await pipeline.youTubeQuota.spent(now);
    citizenComments("provincia-piacenza", "Scrivetemi al 333 1234567");
    await poll();
    const spent = pipeline.sandboxes.youtube.unitsSpent() - charged;
    // One list per channel (three channels), and 50 for the hide.
    expect(spent).toBeGreaterThanOrEqual(3 + 50);
    expect((await pipeline.youTubeQuota.spent(now)) - debited).toBe(spent);
  });
});
