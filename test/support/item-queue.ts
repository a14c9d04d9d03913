import { itemMessageBody, itemQueue, parkingAttributes } from "@sentinella/aws";
import type { DeadLetterQueue, DeliveryFailure, DeliveryParking, Item, ItemQueue, Parking } from "@sentinella/core";
import type { SQSRecord } from "aws-lambda";
import { sqsRecordOf } from "./sqs-record";

/** What SQS refuses in a message body; the twin refuses it too, so a test sees what Lambda would. */
const refusedBySqs = /[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/u;

/**
 * The in-memory twin of the SQS item queue: the same message bodies, the same size limit and character rules, and
 * a switch to fail like a queue that is down.
 */
export class InMemoryItemQueue implements ItemQueue {
  readonly messages: string[] = [];
  down = false;

  accepts(item: Item): boolean {
    return Buffer.byteLength(itemMessageBody(item)) <= itemQueue.maxMessageBytes;
  }

  async enqueue(items: readonly Item[]): Promise<void> {
    if (this.down) throw new Error("queue unavailable");
    const bodies = items.map(itemMessageBody);
    for (const body of bodies) {
      if (refusedBySqs.test(body)) throw new Error("InvalidMessageContents");
      if (Buffer.byteLength(body) > itemQueue.maxMessageBytes) throw new Error("message too long");
    }
    this.messages.push(...bodies);
  }

  items(): Item[] {
    return this.messages.map((body) => JSON.parse(body) as Item);
  }
}

/** The in-memory twin of the SQS parking: what was parked, and the records its messages come back as. */
export class InMemoryParking implements DeliveryParking {
  readonly parked: { body: string; delaySeconds: number; parking: Parking }[] = [];

  async park(body: string, delaySeconds: number, parking: Parking): Promise<void> {
    this.parked.push({ body, delaySeconds, parking });
  }

  /** The parked messages as the queue hands them back once their delay is over (and forgets them). */
  takeRecords(): SQSRecord[] {
    return this.parked.splice(0).map(({ body, parking }) =>
      sqsRecordOf(body, {
        [parkingAttributes.times]: { dataType: "Number", stringValue: String(parking.times) },
        [parkingAttributes.since]: { dataType: "String", stringValue: parking.since },
      }),
    );
  }
}

/** The in-memory twin of the dead-letter queue as the classifier reaches it; `down` fails like an unreachable one. */
export class InMemoryDeadLetters implements DeadLetterQueue {
  readonly letters: { body: string; failure: DeliveryFailure; parking?: Parking }[] = [];
  down = false;

  async send(body: string, failure: DeliveryFailure, parking?: Parking): Promise<void> {
    if (this.down) throw new Error("queue unavailable");
    this.letters.push({ body, failure, ...(parking && { parking }) });
  }
}
