import { itemKey } from "@sentinella/core";
import { deliverXWebhook, type LocalPipeline, startLocalPipeline, type XSampleItem, xWebhook } from "@sentinella/local";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { testPipelineOptions } from "../support/dynamodb";

/**
 * X through local mode: a signed Account Activity delivery → ingress (/webhooks/x) → SQS → classifier → decision
 * table and the sandbox X API; the scheduler's holding reply on the same sandbox. November 2026: Rome is at UTC+1.
 */
describe("X end to end, in local mode", () => {
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
  /** A citizen's reply to the entity's own tweet. */
  function replyToOwnTweet(entityId: string, text: string, kind: XSampleItem["kind"] = "comment"): XSampleItem {
    sequence++;
    return {
      kind,
      accountId: `x-${entityId}`,
      id: `18000000000000${sequence}`,
      inReplyTo: "17000000000000001",
      author: { id: `citizen-${sequence}`, screenName: `cittadino${sequence}` },
      text,
      createdAt: now,
    };
  }
  const deliver = (item: XSampleItem, signature?: string) =>
    deliverXWebhook(pipeline.webhookUrls.x, xWebhook(item), pipeline.platformSecrets.x.consumerSecret, signature);
  const decisionsAbout = (item: XSampleItem) =>
    pipeline.decisions.listByItem(itemKey({ platform: "x", accountId: item.accountId, itemId: item.id }));
  const callsOn = (item: XSampleItem, kind: string) =>
    pipeline.sandboxes.x.calls.filter((call) => call.kind === kind && call.objectId === item.id);

  it("answers the CRC with the consumer secret", async () => {
    const response = await fetch(`${pipeline.webhookUrls.x}?crc_token=9b4507b3-9040-4669-9ca3-6b94edb50553`);
    expect(response.status).toBe(200);
    const { response_token } = (await response.json()) as { response_token: string };
    expect(response_token).toMatch(/^sha256=[A-Za-z0-9+/]{43}=$/);
  });

  it("hides an exposing reply once when X delivers it three times", async () => {
    const reply = replyToOwnTweet("comune-cento", "Scrivetemi a mario.rossi@gmail.com o chiamate il 333 1234567");
    const responses = await Promise.all([deliver(reply), deliver(reply)]);
    responses.push(await deliver(reply));
    expect(responses.map((r) => r.status)).toEqual([200, 200, 200]);
    await pipeline.drain();

    const decisions = await decisionsAbout(reply);
    expect(decisions).toHaveLength(1);
    expect(decisions[0]?.actions).toContain("hide");
    expect(decisions[0]?.actionsTaken).toContainEqual(expect.objectContaining({ action: "hide", status: "done" }));
    expect(callsOn(reply, "hide")).toHaveLength(1);
    expect(callsOn(reply, "hide")[0]?.accountId).toBe("x-comune-cento");
  });

  it("refuses a delivery with a bad signature and queues nothing", async () => {
    const reply = replyToOwnTweet("comune-cento", "Scrivetemi al 333 1234567");
    const response = await deliver(reply, `sha256=${Buffer.alloc(32).toString("base64")}`);
    expect(response.status).toBe(401);
    await pipeline.drain();
    expect(await decisionsAbout(reply)).toEqual([]);
    expect(callsOn(reply, "hide")).toEqual([]);
  });

  it("sends a mention that would be hidden to review: the account cannot hide it", async () => {
    const mention = replyToOwnTweet("provincia-monza-brianza", "Scrivetemi al 333 1234567", "mention");
    expect((await deliver(mention)).status).toBe(200);
    await pipeline.drain();
    const [decision] = await decisionsAbout(mention);
    expect(decision?.actions).toContain("review");
    expect(decision?.actions).not.toContain("hide");
    expect(callsOn(mention, "hide")).toEqual([]);
  });

  it("answers a question left on Friday at 17:55 at Monza with one holding reply, delivered three times", async () => {
    now = new Date("2026-11-27T17:55:00+01:00");
    const question = replyToOwnTweet(
      "provincia-monza-brianza",
      "Buonasera, sapete se lunedì gli uffici della Provincia sono aperti al pubblico?",
    );
    for (let i = 0; i < 3; i++) expect((await deliver(question)).status).toBe(200);
    await pipeline.drain();
    expect(await decisionsAbout(question)).toHaveLength(1);

    for (const at of ["2026-11-27T18:00:00+01:00", "2026-11-27T18:05:00+01:00", "2026-11-30T09:00:00+01:00"]) {
      now = new Date(at);
      await pipeline.tickScheduler();
    }
    const replies = callsOn(question, "reply");
    expect(replies).toHaveLength(1);
    expect(replies[0]?.accountId).toBe("x-provincia-monza-brianza");
    expect(replies[0]?.text).toMatch(/\S/);
  });

  it("sends no holding reply when staff answer the question with their own tweet", async () => {
    now = new Date("2026-11-27T17:55:00+01:00");
    const question = replyToOwnTweet(
      "provincia-monza-brianza",
      "Scusate, a chi devo chiedere per il rinnovo del permesso di transito sulla provinciale?",
    );
    await deliver(question);
    await pipeline.drain();
    const staffAnswer: XSampleItem = {
      ...question,
      id: `${question.id}9`,
      inReplyTo: question.id,
      byAccount: true,
      text: "Buonasera, all'ufficio concessioni: trova i contatti sul sito.",
    };
    expect((await deliver(staffAnswer)).status).toBe(200);
    await pipeline.drain();
    now = new Date("2026-11-27T18:00:00+01:00");
    await pipeline.tickScheduler();
    expect(callsOn(question, "reply")).toEqual([]);
  });
});
