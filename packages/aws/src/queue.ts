import { setTimeout as sleep } from "node:timers/promises";
import {
  type BatchResultErrorEntry,
  SendMessageBatchCommand,
  type SendMessageBatchRequestEntry,
  SendMessageCommand,
  type SQSClient,
} from "@aws-sdk/client-sqs";
import type { DeadLetterQueue, DeliveryFailure, DeliveryParking, Item, ItemQueue, Parking } from "@sentinella/core";
import { itemQueue } from "./resources";

/** SendMessageBatch takes at most 10 entries per call. */
const maxBatchEntries = 10;

/**
 * Characters SQS refuses in a message (it accepts #x9 #xA #xD #x20–#xD7FF #xE000–#xFFFD #x10000–#x10FFFF).
 * Without the `u` flag the pattern sees UTF-16 units, so a lone surrogate matches and a pair does not.
 */
const refusedBySqs =
  /[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\uD800-\uDFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/**
 * The message body of an item: its JSON, with every character SQS refuses written as a JSON `\u` escape.
 * Such characters (U+FFFE, U+FFFF; lone surrogates and controls JSON.stringify escapes already) can only occur
 * inside JSON strings, where the escape is the same character: the classifier parses exactly the item sent.
 */
export function itemMessageBody(item: Item): string {
  return JSON.stringify(item).replace(refusedBySqs, (char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, "0")}`);
}

export interface QueueRetry {
  /** Calls per batch, the first included, before the still-failing entries are reported. */
  attempts: number;
  /** Wait before the first retry; doubled before each further one. */
  firstDelayMs: number;
}

/**
 * The item queue on SQS: one message per item, body = the Item as JSON (`itemMessageBody`).
 * SendMessageBatch can succeed for some entries and fail for others, so failed entries are retried on their own;
 * `enqueue` resolves only when every item is queued, and throws otherwise so ingress answers 5xx and the platform
 * redelivers (the classifier's idempotency absorbs the items that did get through).
 */
export class SqsItemQueue implements ItemQueue {
  constructor(
    private readonly client: SQSClient,
    private readonly queueUrl: string,
    private readonly retry: QueueRetry = { attempts: 4, firstDelayMs: 50 },
    private readonly maxMessageBytes: number = itemQueue.maxMessageBytes,
  ) {}

  accepts(item: Item): boolean {
    return Buffer.byteLength(itemMessageBody(item)) <= this.maxMessageBytes;
  }

  async enqueue(items: readonly Item[]): Promise<void> {
    await Promise.all(this.batches(items).map((batch) => this.sendBatch(batch)));
  }

  /** Batches of at most 10 messages whose bodies add up to no more than one message's limit (SQS's batch limit). */
  private batches(items: readonly Item[]): SendMessageBatchRequestEntry[][] {
    const batches: SendMessageBatchRequestEntry[][] = [];
    let batch: SendMessageBatchRequestEntry[] = [];
    let bytes = 0;
    for (const item of items) {
      const body = itemMessageBody(item);
      const size = Buffer.byteLength(body);
      if (batch.length === maxBatchEntries || (batch.length > 0 && bytes + size > this.maxMessageBytes)) {
        batches.push(batch);
        batch = [];
        bytes = 0;
      }
      batch.push({ Id: String(batch.length), MessageBody: body });
      bytes += size;
    }
    if (batch.length > 0) batches.push(batch);
    return batches;
  }

  private async sendBatch(entries: SendMessageBatchRequestEntry[]): Promise<void> {
    let pending = entries;
    for (let attempt = 1; ; attempt++) {
      const { Failed = [] } = await this.client.send(
        new SendMessageBatchCommand({ QueueUrl: this.queueUrl, Entries: pending }),
      );
      if (Failed.length === 0) return;
      // A sender fault (message too large, invalid body) fails the same way every time: no point retrying it.
      if (attempt >= this.retry.attempts || Failed.some((entry) => entry.SenderFault)) {
        throw new Error(`SQS did not queue ${Failed.length} item(s) after ${attempt} attempt(s): ${summary(Failed)}`);
      }
      const failedIds = new Set(Failed.map((entry) => entry.Id));
      pending = pending.filter((entry) => failedIds.has(entry.Id));
      await sleep(this.retry.firstDelayMs * 2 ** (attempt - 1));
    }
  }
}

function summary(failed: readonly BatchResultErrorEntry[]): string {
  return failed.map((entry) => `${entry.Code}${entry.Message ? ` (${entry.Message})` : ""}`).join(", ");
}

/** Message attributes a parked delivery carries (`Parking`); Lambda hands them to the classifier with the record. */
export const parkingAttributes = { times: "parkedTimes", since: "parkedSince" } as const;

/** Message attributes as Lambda's SQS record gives them (and `SqsDeadLetters` maps ReceiveMessage's to). */
type RecordAttributes = Record<string, { stringValue?: string } | undefined>;

const parkingMessageAttributes = (parking: Parking) => ({
  [parkingAttributes.times]: { DataType: "Number", StringValue: String(parking.times) },
  [parkingAttributes.since]: { DataType: "String", StringValue: parking.since },
});

/** The parking a message's attributes describe, as Lambda's SQS record gives them; undefined if never parked. */
export function parkingOf(attributes: RecordAttributes): Parking | undefined {
  const times = Number(attributes[parkingAttributes.times]?.stringValue);
  const since = attributes[parkingAttributes.since]?.stringValue;
  return Number.isInteger(times) && times > 0 && since && !Number.isNaN(Date.parse(since))
    ? { times, since }
    : undefined;
}

/**
 * Parks a delivery on the item queue itself: the same body sent again with a delay (at most SQS's 15 minutes) and
 * the parking in its attributes. The caller then reports the original as handled. A crash between the two leaves
 * two copies, which the classifier's idempotency absorbs; a failed send throws, and the original fails as before.
 */
export class SqsDeliveryParking implements DeliveryParking {
  constructor(
    private readonly client: SQSClient,
    private readonly queueUrl: string,
    private readonly maxDelaySeconds: number = itemQueue.maxParkDelaySeconds,
  ) {}

  async park(body: string, delaySeconds: number, parking: Parking): Promise<void> {
    await this.client.send(
      new SendMessageCommand({
        QueueUrl: this.queueUrl,
        MessageBody: body,
        DelaySeconds: Math.min(this.maxDelaySeconds, Math.max(0, Math.ceil(delaySeconds))),
        MessageAttributes: parkingMessageAttributes(parking),
      }),
    );
  }
}

/** Message attributes of a dead letter the classifier moved itself (`DeliveryFailure`). */
export const failureAttributes = {
  error: "failedError",
  message: "failedMessage",
  attempts: "failedAttempts",
  at: "failedAt",
} as const;

/** The failure a dead letter's attributes describe; undefined when the queue's redrive policy moved it. */
export function failureOf(attributes: RecordAttributes): DeliveryFailure | undefined {
  const [error, message, attempts, at] = (["error", "message", "attempts", "at"] as const).map(
    (key) => attributes[failureAttributes[key]]?.stringValue,
  );
  return error && message && at ? { error, message, attempts: Number(attempts) || 0, at } : undefined;
}

/**
 * The item queue's dead-letter queue on SQS, for the classifier: the body as it was, the failure (and the parking,
 * if any) in its attributes.
 */
export class SqsDeadLetterQueue implements DeadLetterQueue {
  constructor(
    private readonly client: SQSClient,
    private readonly queueUrl: string,
  ) {}

  async send(body: string, failure: DeliveryFailure, parking?: Parking): Promise<void> {
    await this.client.send(
      new SendMessageCommand({
        QueueUrl: this.queueUrl,
        MessageBody: body,
        MessageAttributes: {
          ...(parking && parkingMessageAttributes(parking)),
          [failureAttributes.error]: { DataType: "String", StringValue: failure.error },
          [failureAttributes.message]: { DataType: "String", StringValue: failure.message },
          [failureAttributes.attempts]: { DataType: "Number", StringValue: String(failure.attempts) },
          [failureAttributes.at]: { DataType: "String", StringValue: failure.at },
        },
      }),
    );
  }
}
