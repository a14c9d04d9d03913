import { itemKey } from "@sentinella/core";
import {
  deliverWebhook,
  type LocalPipeline,
  metaSignature,
  metaWebhook,
  type SampleItem,
  startLocalPipeline,
} from "@sentinella/local";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { testPipelineOptions } from "../support/dynamodb";

/** Webhook → ingress → SQS → classifier → decision table and sandbox Graph, all through local mode. */
describe("the pipeline end to end, in local mode", () => {
  let pipeline: LocalPipeline;
  beforeAll(async () => {
    pipeline = await startLocalPipeline({
      ...testPipelineOptions(),
    });
  });
  afterAll(() => pipeline?.stop());

  let sequence = 0;
  /** A citizen's comment on Comune di Cento's Page exposing an e-mail address and a phone number. */
  function exposingComment(): SampleItem {
    sequence++;
    return {
      platform: "facebook",
      kind: "comment",
      accountId: "fb-comune-cento",
      id: `900_${sequence}`,
      postId: "fb-comune-cento_900",
      author: { id: `citizen-${sequence}`, name: "Mario Rossi" },
      text: "Scrivetemi a mario.rossi@gmail.com o chiamate il 333 1234567",
      createdAt: new Date(),
    };
  }
  const deliver = (comment: SampleItem, signature?: string) =>
    deliverWebhook(pipeline.ingressUrl, metaWebhook(comment), pipeline.secrets.appSecret, signature);
  const decisionsAbout = (comment: SampleItem) =>
    pipeline.decisions.listByItem(itemKey({ platform: "facebook", accountId: comment.accountId, itemId: comment.id }));
  const hidesOf = (comment: SampleItem) =>
    pipeline.graph.calls.filter((call) => call.kind === "hide" && call.objectId === comment.id);

  it("decides a signed webhook's comment, hides it on the platform and records both", async () => {
    const comment = exposingComment();
    const response = await deliver(comment);
    expect(response.status).toBe(200);
    await pipeline.drain();

    const [decision, ...more] = await decisionsAbout(comment);
    expect(more).toEqual([]);
    expect(decision?.actions).toContain("hide");
    expect(decision?.redactedText).not.toContain("333 1234567");
    expect(decision?.actionsTaken).toContainEqual(expect.objectContaining({ action: "hide", status: "done" }));
    expect(hidesOf(comment)).toHaveLength(1);
    expect(hidesOf(comment)[0]?.token).toBe(pipeline.secrets.pageTokens["fb-comune-cento"]);
  });

  it("decides and hides once when Meta delivers the same webhook three times", async () => {
    const comment = exposingComment();
    const concurrent = await Promise.all([deliver(comment), deliver(comment)]);
    await pipeline.drain();
    const late = await deliver(comment);
    await pipeline.drain();

    expect([...concurrent, late].map((response) => response.status)).toEqual([200, 200, 200]);
    expect(await decisionsAbout(comment)).toHaveLength(1);
    expect(hidesOf(comment)).toHaveLength(1);
  });

  it("carries emoji and accents through the queue unchanged", async () => {
    const comment = { ...exposingComment(), text: "Bravissimi, finalmente la ciclabile è aperta 👏🚲" };
    expect((await deliver(comment)).status).toBe(200);
    await pipeline.drain();

    const [decision] = await decisionsAbout(comment);
    expect(decision?.fullText).toBe(comment.text);
    expect(hidesOf(comment)).toEqual([]);
  });

  it("refuses a webhook whose signature does not match, and queues nothing", async () => {
    const comment = exposingComment();
    const forged = await deliver(comment, metaSignature("{}", pipeline.secrets.appSecret));
    const otherSecret = await deliver(comment, metaSignature(JSON.stringify(metaWebhook(comment)), "not-the-secret"));
    await pipeline.drain();

    expect([forged.status, otherSecret.status]).toEqual([401, 401]);
    expect(await decisionsAbout(comment)).toEqual([]);
    expect(hidesOf(comment)).toEqual([]);
  });

  it("answers 5xx while the queue is down, so Meta redelivers, and handles the redelivery once", async () => {
    const comment = exposingComment();
    await pipeline.stopQueueServer();
    let whileDown: Response;
    try {
      whileDown = await deliver(comment);
    } finally {
      await pipeline.startQueueServer();
    }
    expect(whileDown.status).toBeGreaterThanOrEqual(500);

    const redelivery = await deliver(comment);
    await pipeline.drain();
    expect(redelivery.status).toBe(200);
    expect(await decisionsAbout(comment)).toHaveLength(1);
    expect(hidesOf(comment)).toHaveLength(1);
  });
});
