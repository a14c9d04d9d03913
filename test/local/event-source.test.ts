import { setTimeout as sleep } from "node:timers/promises";
import {
  GetQueueAttributesCommand,
  ReceiveMessageCommand,
  SendMessageBatchCommand,
  type SQSClient,
} from "@aws-sdk/client-sqs";
import { createQueue, itemQueue, sqsClient } from "@sentinella/aws";
import { type LocalSqs, type SqsHandler, startSqs, startSqsEventSource } from "@sentinella/local";
import type { SQSRecord } from "aws-lambda";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

describe.concurrent("SQS event source (as Lambda's event source mapping)", () => {
  let sqs: LocalSqs;
  let client: SQSClient;
  beforeAll(async () => {
    sqs = await startSqs();
    client = sqsClient(sqs.endpoint);
  });
  afterAll(async () => {
    client?.destroy();
    await sqs?.stop();
  });

  /** A fresh queue (redrive after `maxReceiveCount` receives), some messages on it, and a poller running `handler`. */
  async function run(
    name: string,
    bodies: string[],
    handler: SqsHandler,
    { maxReceiveCount = 5, timeoutSeconds = 30 } = {},
  ) {
    const queue = await createQueue(client, { ...itemQueue, maxReceiveCount }, name);
    const { Attributes } = await client.send(
      new GetQueueAttributesCommand({ QueueUrl: queue.queueUrl, AttributeNames: ["QueueArn"] }),
    );
    for (let start = 0; start < bodies.length; start += 10) {
      await client.send(
        new SendMessageBatchCommand({
          QueueUrl: queue.queueUrl,
          Entries: bodies.slice(start, start + 10).map((body, index) => ({ Id: String(index), MessageBody: body })),
        }),
      );
    }
    const source = startSqsEventSource({
      client,
      queueUrl: queue.queueUrl,
      queueArn: Attributes?.QueueArn as string,
      spec: itemQueue,
      handler,
      functionName: "classifier",
      timeoutSeconds,
      visibilityTimeoutSeconds: 2,
      onError: () => undefined,
    });
    try {
      await source.drain();
    } finally {
      await source.stop();
    }
    return queue;
  }

  it("hands the messages over as SQS records in batches, and deletes them once handled", async () => {
    const seen: SQSRecord[] = [];
    const batchSizes: number[] = [];
    const bodies = Array.from({ length: 12 }, (_, i) => `messaggio ${i}`);
    await run("batches", bodies, async (event) => {
      batchSizes.push(event.Records.length);
      seen.push(...event.Records);
    });
    expect(seen.map((record) => record.body).sort()).toEqual([...bodies].sort());
    expect(Math.max(...batchSizes)).toBeLessThanOrEqual(itemQueue.batchSize);
    const record = seen[0] as SQSRecord;
    expect(record).toMatchObject({ eventSource: "aws:sqs", awsRegion: "eu-south-1" });
    expect(record.eventSourceARN).toMatch(/^arn:aws:sqs:[^:]+:\d+:batches$/);
    expect(record.attributes.ApproximateReceiveCount).toBe("1");
    expect(record.receiptHandle).not.toBe("");
  });

  it("redelivers only the messages reported in batchItemFailures, after the visibility timeout", async () => {
    const receives: Record<string, string[]> = {};
    await run("partial", ["ok", "fails-once"], async (event) => {
      for (const record of event.Records) {
        receives[record.body] = [...(receives[record.body] ?? []), record.attributes.ApproximateReceiveCount];
      }
      const failing = event.Records.filter(
        (record) => record.body === "fails-once" && record.attributes.ApproximateReceiveCount === "1",
      );
      return { batchItemFailures: failing.map((record) => ({ itemIdentifier: record.messageId })) };
    });
    expect(receives).toEqual({ ok: ["1"], "fails-once": ["1", "2"] });
  });

  it("redelivers the whole batch when the handler throws", async () => {
    const receives: string[] = [];
    await run("throws", ["a"], async (event) => {
      receives.push(...event.Records.map((record) => record.attributes.ApproximateReceiveCount));
      if (receives.length === 1) throw new Error("classifier crashed");
    });
    expect(receives).toEqual(["1", "2"]);
  });

  it("moves a message that keeps failing to the dead-letter queue after maxReceiveCount receives", async () => {
    let attempts = 0;
    const queue = await run(
      "poison",
      ["non si riesce a elaborare"],
      async (event) => {
        attempts += event.Records.length;
        return { batchItemFailures: event.Records.map((record) => ({ itemIdentifier: record.messageId })) };
      },
      { maxReceiveCount: 2 },
    );
    expect(attempts).toBe(2);
    const { Messages } = await client.send(new ReceiveMessageCommand({ QueueUrl: queue.deadLetterQueueUrl }));
    expect(Messages?.map((message) => message.Body)).toEqual(["non si riesce a elaborare"]);
  });

  it("fails the batch of a handler that outlives its timeout, as Lambda stops it", async () => {
    const receives: string[] = [];
    await run(
      "slow",
      ["lento"],
      async (event) => {
        receives.push(...event.Records.map((record) => record.attributes.ApproximateReceiveCount));
        if (receives.length === 1) await sleep(1500);
      },
      { timeoutSeconds: 1 },
    );
    expect(receives).toEqual(["1", "2"]);
  });
});
