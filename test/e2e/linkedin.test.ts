import { readdir, readFile } from "node:fs/promises";
import { join } from "node:path";
import { statementOfReasons, statementText } from "@sentinella/audit";
import { classifierTimeoutSeconds } from "@sentinella/aws";
import { itemKey } from "@sentinella/core";
import {
  deliverLinkedInWebhook,
  type LinkedInSampleItem,
  type LocalPipeline,
  linkedInWebhook,
  localDeployments,
  startLocalPipeline,
} from "@sentinella/local";
import { getPolicy } from "@sentinella/policy";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { testPipelineOptions } from "../support/dynamodb";

/**
 * LinkedIn through local mode: a signed ORGANIZATION_SOCIAL_ACTION_NOTIFICATIONS delivery → ingress
 * (/webhooks/linkedin) → SQS → classifier → decision table and the sandbox LinkedIn API; the scheduler's holding
 * reply on the same sandbox. Cento keeps the default (clear-cut items to review); Monza opted into deleting them.
 * November 2026: Rome is at UTC+1.
 */
describe("LinkedIn end to end, in local mode", () => {
  let now = new Date("2026-11-23T10:00:00+01:00");
  let pipeline: LocalPipeline;
  beforeAll(async () => {
    pipeline = await startLocalPipeline({
      ...testPipelineOptions(),
      clock: { now: () => now },
      deployments: localDeployments.map((deployment) =>
        deployment.entityId === "provincia-monza-brianza"
          ? { ...deployment, linkedin: { clearCut: "delete" } }
          : deployment,
      ),
    });
  });
  afterAll(() => pipeline?.stop());

  const post = "urn:li:activity:7100000000000000001";
  let sequence = 0;
  /** A member's comment on the organisation's post, written on the sandbox and notified with its text. */
  function commentOn(entityId: string, text: string): LinkedInSampleItem {
    sequence++;
    const accountId = `li-${entityId}`;
    const author = `urn:li:person:citizen-${sequence}`;
    const comment = pipeline.sandboxes.linkedin.addComment({ object: post, actor: author, text });
    return {
      action: "COMMENT",
      accountId,
      notificationId: 5500000 + sequence,
      post,
      comment,
      author,
      text,
      createdAt: now,
    };
  }
  const deliver = (item: LinkedInSampleItem, signature?: string) =>
    deliverLinkedInWebhook(
      pipeline.webhookUrls.linkedin,
      linkedInWebhook(item),
      pipeline.platformSecrets.linkedin.clientSecret,
      signature,
    );
  const decisionsAbout = (item: LinkedInSampleItem) =>
    pipeline.decisions.listByItem(
      itemKey({ platform: "linkedin", accountId: item.accountId, itemId: item.comment as string }),
    );
  /**
   * After the same notification delivered three times: a copy that meets another's action lease is parked for the
   * classifier's timeout (30 s) before it finds the work done, so the queue takes longer than drain's default to empty.
   */
  const drainDuplicates = () => pipeline.drain(classifierTimeoutSeconds * 1000 + 30_000);
  const duplicates = classifierTimeoutSeconds * 1000 + 60_000;
  /** The review alerts written to the local outbox for an entity, as staff read them. */
  async function reviewAlertsOf(entityId: string): Promise<string[]> {
    const files = (await readdir(pipeline.outboxDir)).filter((file) => file.includes(`-${entityId}-review-`));
    return Promise.all(files.map((file) => readFile(join(pipeline.outboxDir, file), "utf8")));
  }
  const callsOn = (item: LinkedInSampleItem, kind: string) =>
    pipeline.sandboxes.linkedin.calls.filter((call) => call.kind === kind && call.objectId === item.comment);

  it("answers the validation challenge with the hex HMAC of the code", async () => {
    const response = await fetch(`${pipeline.webhookUrls.linkedin}?challengeCode=890e4665-4dfe-4ab1-b689-ed553bceeed0`);
    expect(response.status).toBe(200);
    const body = (await response.json()) as { challengeCode: string; challengeResponse: string };
    expect(body.challengeCode).toBe("890e4665-4dfe-4ab1-b689-ed553bceeed0");
    expect(body.challengeResponse).toMatch(/^[0-9a-f]{64}$/);
  });

  it(
    "sends a clear-cut comment to review once when LinkedIn delivers it three times: no hide, nothing deleted",
    async () => {
      const comment = commentOn("comune-cento", "Scrivetemi a mario.rossi@gmail.com o chiamate il 333 1234567");
      const responses = await Promise.all([deliver(comment), deliver(comment)]);
      responses.push(await deliver(comment));
      expect(responses.map((r) => r.status)).toEqual([200, 200, 200]);
      await drainDuplicates();

      const decisions = await decisionsAbout(comment);
      expect(decisions).toHaveLength(1);
      expect(decisions[0]?.clearCutHandling).toBe("review");
      expect(decisions[0]?.actions).toContain("review");
      expect(decisions[0]?.actions).not.toContain("hide");
      expect(pipeline.sandboxes.linkedin.isDeleted(comment.comment as string)).toBe(false);
      expect(callsOn(comment, "delete")).toEqual([]);
      // What the author and staff read says what happened: still visible, with a moderator, nothing hidden.
      expect(decisions[0]?.explanation).toMatch(/^Il contenuto resta visibile ed è stato inviato alla verifica/);
      expect(decisions[0]?.explanation).not.toMatch(/nascosto|eliminato/);
      const alerts = await reviewAlertsOf("comune-cento");
      expect(
        alerts.some((alert) => alert.includes("Piattaforma: LinkedIn") && alert.includes("Già fatto: nulla")),
      ).toBe(true);
    },
    duplicates,
  );

  it(
    "deletes a clear-cut comment once where the deployment opted into deleting, delivered three times",
    async () => {
      const comment = commentOn(
        "provincia-monza-brianza",
        "Scrivetemi a mario.rossi@gmail.com o chiamate il 333 1234567",
      );
      for (let i = 0; i < 3; i++) expect((await deliver(comment)).status).toBe(200);
      await drainDuplicates();
      const decisions = await decisionsAbout(comment);
      expect(decisions).toHaveLength(1);
      expect(decisions[0]?.clearCutHandling).toBe("delete");
      expect(decisions[0]?.actionsTaken).toContainEqual(expect.objectContaining({ action: "delete", status: "done" }));
      expect(callsOn(comment, "delete")).toHaveLength(1);
      expect(callsOn(comment, "delete")[0]?.accountId).toBe("li-provincia-monza-brianza");
      const [decision] = decisions;
      if (!decision) throw new Error("no decision");
      expect(decision.explanation).toMatch(/^Il contenuto è stato eliminato perché/);
      const statement = statementText(statementOfReasons(decision, getPolicy(decision.entityId), { issuedAt: now }));
      expect(statement).toContain("Il commento su LinkedIn è stato eliminato.");
      expect(statement).not.toContain("nascosto");
    },
    duplicates,
  );

  it("reads the comment through the API when the notification carries no text, and decides on it", async () => {
    const comment = {
      ...commentOn("provincia-monza-brianza", "Chiamatemi al 333 1234567, sono Mario Rossi"),
      text: undefined,
    };
    expect((await deliver(comment)).status).toBe(200);
    await pipeline.drain();
    const [decision] = await decisionsAbout(comment);
    expect(decision?.fullText).toBe("Chiamatemi al 333 1234567, sono Mario Rossi");
    expect(decision?.categories.length).toBeGreaterThan(0);
  });

  it("refuses a delivery with a bad signature and queues nothing", async () => {
    const comment = commentOn("comune-cento", "Scrivetemi al 333 1234567");
    expect((await deliver(comment, "0".repeat(64))).status).toBe(401);
    await pipeline.drain();
    expect(await decisionsAbout(comment)).toEqual([]);
  });

  it(
    "answers a question left on Friday at 17:55 at Monza with one holding reply, delivered three times",
    async () => {
      now = new Date("2026-11-27T17:55:00+01:00");
      const question = commentOn(
        "provincia-monza-brianza",
        "Buonasera, sapete se lunedì gli uffici della Provincia sono aperti al pubblico?",
      );
      for (let i = 0; i < 3; i++) expect((await deliver(question)).status).toBe(200);
      await drainDuplicates();
      expect(await decisionsAbout(question)).toHaveLength(1);

      for (const at of ["2026-11-27T18:00:00+01:00", "2026-11-27T18:05:00+01:00", "2026-11-30T09:00:00+01:00"]) {
        now = new Date(at);
        await pipeline.tickScheduler();
      }
      const replies = callsOn(question, "reply");
      expect(replies).toHaveLength(1);
      expect(replies[0]?.accountId).toBe("li-provincia-monza-brianza");
      expect(replies[0]?.text).toMatch(/\S/);
    },
    duplicates,
  );

  it("sends no holding reply when staff answer the question as the organisation (ADMIN_COMMENT)", async () => {
    now = new Date("2026-11-27T17:55:00+01:00");
    const question = commentOn(
      "provincia-monza-brianza",
      "Scusate, a chi devo chiedere per il rinnovo del permesso di transito sulla provinciale?",
    );
    await deliver(question);
    await pipeline.drain();
    const answer = pipeline.sandboxes.linkedin.addComment({
      object: post,
      actor: "urn:li:organization:li-provincia-monza-brianza",
      text: "Buonasera, all'ufficio concessioni: trova i contatti sul sito.",
      parentComment: question.comment,
    });
    const staffAnswer: LinkedInSampleItem = {
      ...question,
      action: "ADMIN_COMMENT",
      notificationId: `${question.notificationId}-staff`,
      comment: answer,
      parentComment: question.comment,
      text: "Buonasera, all'ufficio concessioni: trova i contatti sul sito.",
    };
    expect((await deliver(staffAnswer)).status).toBe(200);
    await pipeline.drain();
    now = new Date("2026-11-27T18:00:00+01:00");
    await pipeline.tickScheduler();
    expect(callsOn(question, "reply")).toEqual([]);
  });
});
