import {
  ReceiveMessageCommand,
  SendMessageBatchCommand,
  type SendMessageBatchCommandOutput,
} from "@aws-sdk/client-sqs";
import { createQueue, itemMessageBody, itemQueue, SqsItemQueue, sqsClient } from "@sentinella/aws";
import { type Item, itemVersionKey } from "@sentinella/core";
import { type LocalSqs, startSqs } from "@sentinella/local";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const item = (n: number): Item => ({
  schemaVersion: 1,
  entityId: "comune-esempio",
  platform: "facebook",
  accountId: "fb-comune-esempio",
  itemId: `post_${n}`,
  kind: "comment",
  event: "created",
  version: "0",
  author: { id: `user-${n}` },
  byStaff: false,
  text: `Commento numero ${n}: è tutto fermo`,
  attachments: [],
  createdAt: "2026-01-01T00:00:00.000Z",
  receivedAt: "2026-01-01T00:00:01.000Z",
  raw: { n },
});

describe("itemMessageBody", () => {
  it("escapes what SQS refuses and parses back to the same item", () => {
    const odd = { ...item(0), text: "a\ufffe b\uffff c\ud800 d\u0001 e😀 è" };
    const body = itemMessageBody(odd);
    expect(body).not.toMatch(/[\ufffe\uffff]/);
    expect(body).toContain("😀");
    expect(JSON.parse(body)).toEqual(odd);
  });
});

describe("SqsItemQueue against an SQS server", () => {
  let sqs: LocalSqs;
  beforeAll(async () => {
    sqs = await startSqs();
  });
  afterAll(async () => {
    await sqs?.stop();
  });

  it("queues every item of a large batch as one message each, body = the item", async () => {
    const client = sqsClient(sqs.endpoint);
    const { queueUrl } = await createQueue(client, itemQueue, "queue-test");
    const items = Array.from({ length: 23 }, (_, n) => item(n));
    await new SqsItemQueue(client, queueUrl).enqueue(items);

    const received: Item[] = [];
    for (let round = 0; round < 10 && received.length < items.length; round++) {
      const { Messages = [] } = await client.send(
        new ReceiveMessageCommand({ QueueUrl: queueUrl, MaxNumberOfMessages: 10, WaitTimeSeconds: 1 }),
      );
      received.push(...Messages.map((m) => JSON.parse(m.Body ?? "") as Item));
    }
    expect(received.map(itemVersionKey).sort()).toEqual(items.map(itemVersionKey).sort());
    expect(received.find((r) => r.itemId === "post_7")).toEqual(item(7));
  });
});

/** An SQS client whose SendMessageBatch answers are scripted per call, and which records what it was sent. */
function scriptedSqs(answer: (entryIds: string[], call: number) => Partial<SendMessageBatchCommandOutput>) {
  const client = sqsClient("http://127.0.0.1:9");
  const calls: string[][] = [];
  client.middlewareStack.add(
    (_next, context) => async (args) => {
      if (context.commandName !== SendMessageBatchCommand.name) throw new Error(`unexpected ${context.commandName}`);
      const ids = (args.input as SendMessageBatchCommand["input"]).Entries?.map((e) => e.Id ?? "") ?? [];
      calls.push(ids);
      return { output: { $metadata: {}, Successful: [], ...answer(ids, calls.length) }, response: {} };
    },
    { step: "initialize" },
  );
  return { client, calls };
}

const fast = { attempts: 3, firstDelayMs: 1 };

describe("SqsItemQueue retries", () => {
  it("sends at most 10 entries per call", async () => {
    const { client, calls } = scriptedSqs(() => ({ Failed: [] }));
    await new SqsItemQueue(client, "q", fast).enqueue(Array.from({ length: 21 }, (_, n) => item(n)));
    expect(calls.map((ids) => ids.length)).toEqual([10, 10, 1]);
  });

  it("keeps each call's bodies within the queue's message size limit", async () => {
    const { client, calls } = scriptedSqs(() => ({ Failed: [] }));
    const large = (n: number) => ({ ...item(n), text: "a".repeat(100_000) });
    await new SqsItemQueue(client, "q", fast).enqueue([large(0), large(1), large(2), item(3), large(4)]);
    expect(calls.map((ids) => ids.length)).toEqual([2, 3]);
  });

  it("accepts an item only when its message fits the queue", () => {
    const queue = new SqsItemQueue(sqsClient("http://127.0.0.1:9"), "q");
    expect(queue.accepts({ ...item(0), text: "a".repeat(itemQueue.maxMessageBytes - 1000) })).toBe(true);
    expect(queue.accepts({ ...item(0), text: "a".repeat(itemQueue.maxMessageBytes) })).toBe(false);
  });

  it("sends only the failed entries again and succeeds when they get through", async () => {
    const { client, calls } = scriptedSqs((_ids, call) => ({
      Failed: call === 1 ? [{ Id: "3", Code: "InternalError", SenderFault: false }] : [],
    }));
    await new SqsItemQueue(client, "q", fast).enqueue([item(0), item(1), item(2), item(3)]);
    expect(calls).toEqual([["0", "1", "2", "3"], ["3"]]);
  });

  it("throws when entries still fail after the last attempt", async () => {
    const { client, calls } = scriptedSqs((ids) => ({
      Failed: ids.map((Id) => ({ Id, Code: "ServiceUnavailable", SenderFault: false })),
    }));
    await expect(new SqsItemQueue(client, "q", fast).enqueue([item(0)])).rejects.toThrow(/ServiceUnavailable/);
    expect(calls).toHaveLength(3);
  });

  it("does not retry an entry SQS refuses for good", async () => {
    const { client, calls } = scriptedSqs(() => ({
      Failed: [{ Id: "0", Code: "InvalidParameterValue", SenderFault: true }],
    }));
    await expect(new SqsItemQueue(client, "q", fast).enqueue([item(0)])).rejects.toThrow(/InvalidParameterValue/);
    expect(calls).toHaveLength(1);
  });
});
