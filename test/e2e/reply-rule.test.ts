import { readdir } from "node:fs/promises";
import {
  deliverWebhook,
  type LocalPipeline,
  metaWebhook,
  type SampleItem,
  startLocalPipeline,
} from "@sentinella/local";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { testPipelineOptions } from "../support/dynamodb";

/**
 * Issue 4's scenarios through local mode: a signed webhook in, the classifier opening the reply obligation,
 * the scheduler (ticked by the test, every 5 minutes of a controlled clock) replying on the sandbox Graph API
 * and alerts landing in the outbox. The scheduler's own tests cover the same rules at the function level.
 * November 2026: Rome is at UTC+1.
 */
describe("the reply rule end to end, in local mode", () => {
  let now = new Date("2026-11-23T09:00:00+01:00");
  let pipeline: LocalPipeline;
  beforeAll(async () => {
    pipeline = await startLocalPipeline({
      ...testPipelineOptions(),
      clock: { now: () => now },
    });
  });
  afterAll(() => pipeline?.stop());

  let sequence = 0;
  /** A citizen writes `text` on the entity's Facebook Page at the current time; the pipeline has decided it on return. */
  async function citizenWrites(entityId: string, text: string): Promise<SampleItem> {
    sequence++;
    const comment: SampleItem = {
      platform: "facebook",
      kind: "comment",
      accountId: `fb-${entityId}`,
      id: `700_${sequence}`,
      postId: `fb-${entityId}_700`,
      author: { id: `citizen-${sequence}`, name: "Giulia Ferri" },
      text,
      createdAt: now,
    };
    await deliver(comment);
    return comment;
  }
  /** A question on Monza-Brianza's Page on Friday at 17:55, its office closed since 13:00 until Monday. */
  async function fridayEveningQuestionAtMonza(text: string): Promise<SampleItem> {
    now = new Date("2026-11-27T17:55:00+01:00");
    return citizenWrites("provincia-monza-brianza", text);
  }
  async function deliver(item: SampleItem) {
    const response = await deliverWebhook(pipeline.ingressUrl, metaWebhook(item), pipeline.secrets.appSecret);
    expect(response.status).toBe(200);
    await pipeline.drain();
  }
  /** Public replies under the comment and private replies to it that reached the sandbox platform. */
  const repliesTo = (comment: SampleItem) =>
    pipeline.graph.calls.filter(
      (call) =>
        (call.kind === "reply" && call.objectId === comment.id) ||
        (call.kind === "private_reply" &&
          (call.params.recipient as { comment_id?: string } | undefined)?.comment_id === comment.id),
    );
  const replyText = (comment: SampleItem) => {
    const message = repliesTo(comment)[0]?.params.message;
    return typeof message === "string" ? message : (message as { text?: string } | undefined)?.text;
  };
  /** Runs the scheduler as EventBridge would, every `everyMinutes`, from now until `until`. */
  async function tickUntil(until: string, everyMinutes = 5) {
    for (let t = now.getTime(); t <= new Date(until).getTime(); t += everyMinutes * 60_000) {
      now = new Date(t);
      await pipeline.tickScheduler();
    }
  }
  const outbox = () => readdir(pipeline.outboxDir);

  it("sends no holding reply for a question staff answer after 20 hours", async () => {
    now = new Date("2026-11-23T14:00:00+01:00");
    const question = await citizenWrites(
      "comune-cento",
      "Buonasera, sapete se lunedì l'anagrafe è aperta al pubblico?",
    );
    await tickUntil("2026-11-24T10:00:00+01:00", 30);
    await deliver({
      ...question,
      kind: "reply",
      id: `${question.id}_staff`,
      parentId: question.id,
      author: { id: question.accountId, name: "Comune di Cento" },
      text: "Buongiorno, sì: lunedì l'anagrafe è aperta dalle 8:30 alle 12:30.",
      createdAt: now,
    });
    await tickUntil("2026-11-26T14:00:00+01:00", 60);

    expect(repliesTo(question)).toEqual([]);
  });

  it("answers a question left on Friday at 17:55 at Monza before the weekend, once", async () => {
    const question = await fridayEveningQuestionAtMonza(
      "Buonasera, sapete se lunedì gli uffici della Provincia sono aperti al pubblico?",
    );
    await tickUntil("2026-11-27T18:00:00+01:00");
    expect(repliesTo(question)).toHaveLength(1);

    await tickUntil("2026-11-30T09:00:00+01:00", 60);
    expect(repliesTo(question)).toHaveLength(1);
  });

  it("sends one reply when two scheduler runs overlap", async () => {
    const question = await fridayEveningQuestionAtMonza(
      "Scusate, a chi devo chiedere per il rinnovo del permesso di transito sulla provinciale?",
    );
    now = new Date("2026-11-27T18:00:00+01:00");
    await Promise.all([pipeline.tickScheduler(), pipeline.tickScheduler(), pipeline.tickScheduler()]);

    expect(repliesTo(question)).toHaveLength(1);
  });

  it("ends with one reply when the platform fails the reply call twice", async () => {
    const question = await fridayEveningQuestionAtMonza(
      "Buonasera, come faccio a sapere se la mia strada è di competenza della Provincia?",
    );
    now = new Date("2026-11-27T18:00:00+01:00");
    pipeline.graph.failNext(2, { status: 500, code: 2, message: "Service temporarily unavailable" });
    await pipeline.tickScheduler();
    await pipeline.tickScheduler();
    expect(repliesTo(question)).toEqual([]);

    await tickUntil("2026-11-27T18:30:00+01:00");
    expect(repliesTo(question)).toHaveLength(1);
  });

  it("alerts staff at once for an emergency on Saturday at 23:10 at Cento and replies with 112 within one tick", async () => {
    now = new Date("2026-11-28T23:10:00+01:00");
    const alertsBefore = new Set(await outbox());
    const emergency = await citizenWrites(
      "comune-cento",
      "Aiuto, c'è un incendio in un capannone in via Modena, c'è tanto fumo e nessuno risponde ai numeri!",
    );
    const alerts = (await outbox()).filter((file) => !alertsBefore.has(file));
    expect(alerts.filter((file) => file.includes("comune-cento-emergency"))).toHaveLength(1);

    await tickUntil("2026-11-28T23:15:00+01:00");
    expect(repliesTo(emergency)).toHaveLength(1);
    expect(replyText(emergency)).toContain("112");
  });
});
