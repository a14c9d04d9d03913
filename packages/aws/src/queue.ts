import { setTimeout as sleep } from "node:timers/promises";
import {
  type BatchResultErrorEntry,
  SendMessageBatchCommand,
  type SendMessageBatchRequestEntry,
  type SQSClient,
} from "@aws-sdk/client-sqs";
import type { Item, ItemQueue } from "@sentinella/core";

/** SendMessageBatch takes at most 10 entries per call. */
const maxBatchEntries = 10;

export interface QueueRetry {
  /** Calls per batch, the first included, before the still-failing entries are reported. */
  attempts: number;
  /** Wait before the first retry; doubled before each further one. */
  firstDelayMs: number;
}

/**
 * The item queue on SQS: one message per item, body = the Item as JSON.
 * SendMessageBatch can succeed for some entries and fail for others, so failed entries are retried on their own;
 * `enqueue` resolves only when every item is queued, and throws otherwise so ingress answers 5xx and Meta
 * redelivers (the classifier's idempotency absorbs the items that did get through).
 */
export class SqsItemQueue implements ItemQueue {
  constructor(
    private readonly client: SQSClient,
    private readonly queueUrl: string,
    private readonly retry: QueueRetry = { attempts: 4, firstDelayMs: 50 },
  ) {}

  async enqueue(items: readonly Item[]): Promise<void> {
    const batches: (readonly Item[])[] = [];
    for (let start = 0; start < items.length; start += maxBatchEntries) {
      batches.push(items.slice(start, start + maxBatchEntries));
    }
    await Promise.all(batches.map((batch) => this.sendBatch(batch)));
  }

  private async sendBatch(items: readonly Item[]): Promise<void> {
    let pending: SendMessageBatchRequestEntry[] = items.map((item, index) => ({
      Id: String(index),
      MessageBody: JSON.stringify(item),
    }));
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
