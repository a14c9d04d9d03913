import { DeleteTableCommand, DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { SendMessageCommand } from "@aws-sdk/client-sqs";
import { clientConfig, createTable, decisionTable, SqsDeadLetters, sqsClient } from "@sentinella/aws";
import { itemKey } from "@sentinella/core";
import {
  deliverWebhook,
  type LocalPipeline,
  metaWebhook,
  type SampleItem,
  startLocalPipeline,
} from "@sentinella/local";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type DlqDeps, listDeadLetters, redriveDeadLetters, showDeadLetter } from "../../packages/cli/src/dlq";
import { testPipelineOptions } from "../support/dynamodb";

/**
 * `sentinella dlq` on the real local queues: a deploy that lost the decision table sends every item to the
 * dead-letter queue (a missing table is no outage: nothing parks it); once the table is back, a redrive gets exactly
 * one decision, one hide and one record of it per item. A body that is not an item stays where it is.
 */
describe("sentinella dlq list | show | redrive", () => {
  let pipeline: LocalPipeline;
  let dynamo: DynamoDBClient;
  let sqs: ReturnType<typeof sqsClient>;
  let deps: DlqDeps & { output(): string };
  beforeAll(async () => {
    pipeline = await startLocalPipeline({
      ...testPipelineOptions(),
      visibilityTimeoutSeconds: 1,
    });
    dynamo = new DynamoDBClient(clientConfig(pipeline.dynamoDbEndpoint));
    sqs = sqsClient(pipeline.sqsEndpoint);
    let out = "";
    deps = {
      deadLetters: new SqsDeadLetters(sqs, {
        itemQueueUrl: pipeline.queueUrl,
        deadLetterQueueUrl: pipeline.deadLetterQueueUrl,
      }),
      clock: { now: () => new Date() },
      write: (text) => {
        out += text;
      },
      output: () => {
        const text = out;
        out = "";
        return text;
      },
    };
  });
  afterAll(async () => {
    sqs?.destroy();
    dynamo?.destroy();
    await pipeline?.stop();
  });

  const comments: SampleItem[] = [1, 2, 3].map((n) => ({
    platform: "facebook",
    kind: "comment",
    accountId: "fb-comune-cento",
    id: `700_${n}`,
    postId: "fb-comune-cento_700",
    author: { id: `citizen-dlq-${n}`, name: "Lucia Bianchi" },
    text: `Per lavoretti scrivete a lucia.bianchi${n}@gmail.com o al 347 765432${n}`,
    createdAt: new Date(),
  }));
  const decisionsAbout = (comment: SampleItem) =>
    pipeline.decisions.listByItem(itemKey({ platform: "facebook", accountId: comment.accountId, itemId: comment.id }));
  const hidesOf = (comment: SampleItem) =>
    pipeline.graph.calls.filter((call) => call.kind === "hide" && call.objectId === comment.id);

  it("lists poison messages without their text, shows one whole, and redrives them once the cause is fixed", async () => {
    await dynamo.send(new DeleteTableCommand({ TableName: pipeline.decisionTableName }));
    for (const comment of comments) {
      const response = await deliverWebhook(pipeline.ingressUrl, metaWebhook(comment), pipeline.secrets.appSecret);
      expect(response.status).toBe(200);
    }
    await sqs.send(new SendMessageCommand({ QueueUrl: pipeline.queueUrl, MessageBody: '{"schemaVersion":0}' }));
    // Five receives a second apart, then the queue's redrive policy moves each to the DLQ.
    await pipeline.drain(60_000);

    await listDeadLetters(deps, { json: true });
    const listed = JSON.parse(deps.output()) as {
      messageId: string;
      itemVersionKey?: string;
      problem?: string;
      failure?: { error: string; message: string; attempts: number };
    }[];
    expect(listed).toHaveLength(4);
    const items = listed.filter((letter) => letter.itemVersionKey);
    expect(items.map((letter) => letter.itemVersionKey).sort()).toEqual(
      comments.map((c) => `facebook#fb-comune-cento#${c.id}#created#0`),
    );
    // Each says why the classifier gave up on its last receive: the error as it was, not the comment.
    for (const letter of items) {
      expect(letter.problem).toBeUndefined();
      expect(letter.failure).toMatchObject({ error: "ResourceNotFoundException", attempts: 5 });
    }
    expect(listed.find((letter) => !letter.itemVersionKey)?.problem).toMatch(/^non è un Item valido/);

    await listDeadLetters(deps, {});
    const table = deps.output();
    expect(table).toContain("4 messaggi nella DLQ");
    expect(table).toContain("comune-cento");
    expect(table).toContain("ResourceNotFoundException");
    for (const personal of ["lucia.bianchi", "347 765432", "Lucia Bianchi"]) expect(table).not.toContain(personal);

    await showDeadLetter(deps, items[0]?.messageId as string, {});
    const shown = deps.output();
    expect(shown).toContain("può contenere dati personali");
    expect(shown).toMatch(/lucia\.bianchi\d@gmail\.com/);

    // The cause is fixed: the table is back (empty, as a redeploy of the stateful stack would leave it).
    await createTable(dynamo, decisionTable, pipeline.decisionTableName, { timeToLive: false });
    await redriveDeadLetters(deps, [], { all: true });
    const redriven = deps.output();
    expect(redriven).toContain("Rimessi nella coda degli elementi 3 messaggi");
    expect(redriven).toContain("Lasciati nella DLQ");
    await pipeline.drain(60_000);

    for (const comment of comments) {
      const decisions = await decisionsAbout(comment);
      expect(decisions).toHaveLength(1);
      expect(decisions[0]?.actions).toContain("hide");
      expect(decisions[0]?.actionsTaken.filter((taken) => taken.action === "hide")).toEqual([
        expect.objectContaining({ status: "done" }),
      ]);
      expect(hidesOf(comment)).toHaveLength(1);
    }
    await listDeadLetters(deps, { json: true });
    expect(JSON.parse(deps.output())).toHaveLength(1);
  }, 180_000);

  it("refuses to redrive an id that is not in the DLQ, and needs ids or --all", async () => {
    await expect(redriveDeadLetters(deps, ["no-such-message"], {})).rejects.toThrow(/Non trovati nella DLQ/);
    await expect(redriveDeadLetters(deps, [], {})).rejects.toThrow(/oppure --all/);
  });
});
