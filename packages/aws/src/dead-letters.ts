import {
  ChangeMessageVisibilityBatchCommand,
  DeleteMessageCommand,
  type Message,
  ReceiveMessageCommand,
  SendMessageCommand,
  type SQSClient,
} from "@aws-sdk/client-sqs";
import type { DeliveryFailure, Parking } from "@sentinella/core";
import { failureOf, parkingOf } from "./queue";

/** One message in the item queue's dead-letter queue, as SQS keeps it. */
export interface DeadLetter {
  messageId: string;
  body: string;
  /** Receives SQS counted (those on the item queue, and each look at the dead-letter queue since). */
  receiveCount: number;
  /**
   * When the message was sent: SQS keeps that time when its redrive policy moves a message; a message the
   * classifier moved (or parked before) was sent anew then.
   */
  sentAt: Date;
  /** Parkings before it failed for good (throttles, outages), if any. */
  parking?: Parking;
  /** Why the classifier gave up on it, when it moved the message itself (not when the redrive policy did). */
  failure?: DeliveryFailure;
}

/** How long a message looked at stays hidden from another look while the listing goes on. */
const lookSeconds = 30;

/**
 * The item queue's dead-letter queue: look at its messages without taking them, and move them back to the item queue
 * (redrive) once the cause is fixed. A look receives every message (long polls of 1 s until one comes back empty,
 * since a short poll samples only some of SQS's servers) and makes them visible again at once; a redrive sends the
 * body to the item queue first and deletes it from the dead-letter queue after, so a crash in between leaves a
 * copy in each, which the classifier's idempotency absorbs. Manual rather than SQS's StartMessageMoveTask: it moves
 * chosen messages, and the local SQS server has no move tasks.
 */
export class SqsDeadLetters {
  constructor(
    private readonly client: SQSClient,
    private readonly queues: { itemQueueUrl: string; deadLetterQueueUrl: string },
  ) {}

  /** Every message in the dead-letter queue, oldest first; they stay there. */
  async list(): Promise<DeadLetter[]> {
    const received = await this.receiveAll();
    await this.release(received);
    return received.map(toDeadLetter).sort((a, b) => a.sentAt.getTime() - b.sentAt.getTime());
  }

  /**
   * Moves the messages `chosen` picks back to the item queue, without the parking they had: they start afresh.
   * Returns the ids moved; the others stay, visible again.
   */
  async redrive(chosen: (letter: DeadLetter) => boolean): Promise<string[]> {
    const received = await this.receiveAll();
    const picked = received.filter((m) => chosen(toDeadLetter(m)));
    const moved: string[] = [];
    try {
      for (const message of picked) {
        await this.client.send(
          new SendMessageCommand({ QueueUrl: this.queues.itemQueueUrl, MessageBody: message.Body as string }),
        );
        await this.client.send(
          new DeleteMessageCommand({
            QueueUrl: this.queues.deadLetterQueueUrl,
            ReceiptHandle: message.ReceiptHandle as string,
          }),
        );
        moved.push(message.MessageId as string);
      }
    } finally {
      await this.release(received.filter((m) => !moved.includes(m.MessageId as string)));
    }
    return moved;
  }

  private async receiveAll(): Promise<Message[]> {
    const seen = new Map<string, Message>();
    for (;;) {
      const { Messages = [] } = await this.client.send(
        new ReceiveMessageCommand({
          QueueUrl: this.queues.deadLetterQueueUrl,
          MaxNumberOfMessages: 10,
          WaitTimeSeconds: 1,
          VisibilityTimeout: lookSeconds,
          MessageSystemAttributeNames: ["All"],
          MessageAttributeNames: ["All"],
        }),
      );
      const fresh = Messages.filter((m) => m.MessageId && !seen.has(m.MessageId));
      if (fresh.length === 0) return [...seen.values()];
      for (const message of fresh) seen.set(message.MessageId as string, message);
    }
  }

  /** Makes looked-at messages visible again at once, ten per call. */
  private async release(messages: readonly Message[]): Promise<void> {
    for (let i = 0; i < messages.length; i += 10) {
      await this.client.send(
        new ChangeMessageVisibilityBatchCommand({
          QueueUrl: this.queues.deadLetterQueueUrl,
          Entries: messages.slice(i, i + 10).map((m, n) => ({
            Id: String(n),
            ReceiptHandle: m.ReceiptHandle as string,
            VisibilityTimeout: 0,
          })),
        }),
      );
    }
  }
}

function toDeadLetter(message: Message): DeadLetter {
  const attributes = message.Attributes ?? {};
  const messageAttributes = Object.fromEntries(
    Object.entries(message.MessageAttributes ?? {}).map(([name, value]) => [name, { stringValue: value.StringValue }]),
  );
  const parking = parkingOf(messageAttributes);
  const failure = failureOf(messageAttributes);
  return {
    messageId: message.MessageId as string,
    body: message.Body ?? "",
    receiveCount: Number(attributes.ApproximateReceiveCount ?? 0),
    sentAt: new Date(Number(attributes.SentTimestamp ?? 0)),
    ...(parking && { parking }),
    ...(failure && { failure }),
  };
}
