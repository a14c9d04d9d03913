import { setTimeout as sleep } from "node:timers/promises";
import {
  DeleteMessageBatchCommand,
  GetQueueAttributesCommand,
  type Message,
  ReceiveMessageCommand,
  type SQSClient,
} from "@aws-sdk/client-sqs";
import type { QueueSpec } from "@sentinella/aws";
import type { Context, SQSBatchResponse, SQSEvent, SQSRecord } from "aws-lambda";
import { lambdaContext } from "./lambda-context";

// biome-ignore lint/suspicious/noConfusingVoidType: an SQS Lambda handler may return nothing (the SQSHandler type)
export type SqsHandler = (event: SQSEvent, context: Context) => Promise<SQSBatchResponse | void>;

export interface SqsEventSourceOptions {
  client: SQSClient;
  queueUrl: string;
  queueArn: string;
  /** Batch size and batching window, as the event source mapping in CDK has them. */
  spec: Pick<QueueSpec, "batchSize" | "maxBatchingWindowSeconds">;
  handler: SqsHandler;
  functionName: string;
  /** The function's timeout: the deadline `context.getRemainingTimeInMillis()` counts down to. */
  timeoutSeconds: number;
  /**
   * Visibility timeout for received messages, instead of the queue's (ReceiveMessage's own parameter):
   * local mode retries failures after seconds rather than the minutes the cloud queue waits.
   */
  visibilityTimeoutSeconds?: number;
  /** Concurrent pollers; Lambda starts an SQS event source with five. */
  pollers?: number;
  onError?: (error: unknown) => void;
}

export interface SqsEventSource {
  /** Resolves when the queue holds nothing (visible, in flight or delayed) and no batch is being handled. */
  drain(timeoutMs?: number): Promise<void>;
  /** Stops polling; batches being handled finish first. */
  stop(): Promise<void>;
}

/** Long-poll wait while the queue is empty (SQS's maximum, as the event source mapping uses). */
const longPollSeconds = 20;
/** Pause after a failed receive (queue server down), so a dead endpoint is not hammered. */
const receiveErrorBackoffMs = 1000;

/**
 * Drives an SQS Lambda handler the way Lambda's event source mapping does: long-polls the queue, gathers up
 * to `batchSize` messages within the batching window, invokes the handler with a real SQSEvent, deletes the
 * messages that succeeded and leaves the rest (reported in `batchItemFailures`, or the whole batch when the
 * handler throws) to reappear after the visibility timeout. After `maxReceiveCount` receives the queue's
 * own redrive policy moves a message to the dead-letter queue, as in AWS.
 */
export function startSqsEventSource(options: SqsEventSourceOptions): SqsEventSource {
  const { client, queueUrl, queueArn, spec, handler } = options;
  if (
    options.visibilityTimeoutSeconds !== undefined &&
    options.visibilityTimeoutSeconds <= spec.maxBatchingWindowSeconds
  ) {
    // A message would become visible again while its batch is still being gathered.
    throw new Error("the visibility timeout must be longer than the batching window");
  }
  const region = queueArn.split(":")[3] ?? "eu-south-1";
  const onError = options.onError ?? ((error) => console.error("event source:", error));
  const abort = new AbortController();
  let batchesInHand = 0;

  const receive = async (max: number, waitSeconds: number): Promise<Message[]> => {
    const { Messages } = await client.send(
      new ReceiveMessageCommand({
        QueueUrl: queueUrl,
        MaxNumberOfMessages: Math.min(10, max),
        WaitTimeSeconds: waitSeconds,
        VisibilityTimeout: options.visibilityTimeoutSeconds,
        MessageSystemAttributeNames: ["All"],
        MessageAttributeNames: ["All"],
      }),
      { abortSignal: abort.signal },
    );
    return Messages ?? [];
  };

  /** Waits for a first message, then keeps receiving until the batch is full or the window closes. */
  const gatherBatch = async (): Promise<Message[]> => {
    const batch = await receive(spec.batchSize, longPollSeconds);
    if (batch.length === 0) return batch;
    const windowEnd = Date.now() + spec.maxBatchingWindowSeconds * 1000;
    while (batch.length < spec.batchSize && Date.now() < windowEnd && !abort.signal.aborted) {
      // Messages already received are this batch's: a failing later receive ends the window, it drops nothing.
      const more = await receive(spec.batchSize - batch.length, 0).catch((error) => {
        onError(error);
        return undefined;
      });
      if (!more) break;
      batch.push(...more);
      if (more.length === 0) await sleep(Math.max(0, Math.min(50, windowEnd - Date.now())));
    }
    return batch;
  };

  const invoke = async (messages: Message[]): Promise<void> => {
    const event: SQSEvent = { Records: messages.map((message) => toRecord(message, queueArn, region)) };
    let failed: Set<string>;
    const timer = new AbortController();
    try {
      const response = await Promise.race([
        handler(event, lambdaContext(options.functionName, options.timeoutSeconds)),
        // Lambda stops a function at its timeout and the batch counts as failed. A promise cannot be stopped,
        // so here the late handler still runs to its end; its work is idempotent per item, as in AWS.
        sleep(options.timeoutSeconds * 1000, undefined, { signal: timer.signal }).then(() => {
          throw new Error(`${options.functionName} timed out after ${options.timeoutSeconds} s`);
        }),
      ]);
      failed = failedMessageIds(response, event);
    } catch (error) {
      onError(error);
      failed = new Set(event.Records.map((record) => record.messageId));
    } finally {
      timer.abort();
    }
    const succeeded = messages.filter((message) => !failed.has(message.MessageId ?? ""));
    for (let start = 0; start < succeeded.length; start += 10) {
      await client.send(
        new DeleteMessageBatchCommand({
          QueueUrl: queueUrl,
          Entries: succeeded.slice(start, start + 10).map((message, index) => ({
            Id: String(index),
            ReceiptHandle: message.ReceiptHandle,
          })),
        }),
      );
    }
  };

  const poll = async (): Promise<void> => {
    while (!abort.signal.aborted) {
      try {
        const messages = await gatherBatch();
        if (messages.length === 0) continue;
        batchesInHand++;
        try {
          await invoke(messages);
        } finally {
          batchesInHand--;
        }
      } catch (error) {
        if (abort.signal.aborted) return;
        onError(error);
        await sleep(receiveErrorBackoffMs, undefined, { signal: abort.signal }).catch(() => undefined);
      }
    }
  };

  const pollers = Array.from({ length: options.pollers ?? 5 }, () => poll());

  const queueIsEmpty = async (): Promise<boolean> => {
    const { Attributes } = await client.send(
      new GetQueueAttributesCommand({
        QueueUrl: queueUrl,
        AttributeNames: [
          "ApproximateNumberOfMessages",
          "ApproximateNumberOfMessagesNotVisible",
          "ApproximateNumberOfMessagesDelayed",
        ],
      }),
    );
    return Object.values(Attributes ?? {}).every((count) => count === "0");
  };

  return {
    async drain(timeoutMs = 20_000) {
      const deadline = Date.now() + timeoutMs;
      while (batchesInHand > 0 || !(await queueIsEmpty())) {
        if (Date.now() > deadline) throw new Error(`queue ${queueUrl} not drained within ${timeoutMs} ms`);
        await sleep(25);
      }
    },
    async stop() {
      abort.abort();
      await Promise.all(pollers);
    },
  };
}

/**
 * The messages to leave on the queue, read as Lambda reads a partial batch response: nothing (or an empty
 * list) means all succeeded; an identifier that is empty or not in the batch fails the whole batch.
 */
function failedMessageIds(response: Awaited<ReturnType<SqsHandler>>, event: SQSEvent): Set<string> {
  const all = new Set(event.Records.map((record) => record.messageId));
  const failures = response?.batchItemFailures ?? [];
  if (failures.some((failure) => !all.has(failure.itemIdentifier))) return all;
  return new Set(failures.map((failure) => failure.itemIdentifier));
}

function toRecord(message: Message, queueArn: string, region: string): SQSRecord {
  const attributes = message.Attributes ?? {};
  return {
    messageId: message.MessageId ?? "",
    receiptHandle: message.ReceiptHandle ?? "",
    body: message.Body ?? "",
    attributes: {
      ApproximateReceiveCount: attributes.ApproximateReceiveCount ?? "1",
      SentTimestamp: attributes.SentTimestamp ?? String(Date.now()),
      SenderId: attributes.SenderId ?? "000000000000",
      ApproximateFirstReceiveTimestamp: attributes.ApproximateFirstReceiveTimestamp ?? String(Date.now()),
    },
    messageAttributes: Object.fromEntries(
      Object.entries(message.MessageAttributes ?? {}).map(([name, value]) => [
        name,
        {
          dataType: value.DataType ?? "String",
          stringValue: value.StringValue,
          binaryValue: value.BinaryValue && Buffer.from(value.BinaryValue).toString("base64"),
          stringListValues: [],
          binaryListValues: [],
        },
      ]),
    ),
    md5OfBody: message.MD5OfBody ?? "",
    md5OfMessageAttributes: message.MD5OfMessageAttributes,
    eventSource: "aws:sqs",
    eventSourceARN: queueArn,
    awsRegion: region,
  };
}
