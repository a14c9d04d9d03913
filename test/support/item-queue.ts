import { itemMessageBody, itemQueue } from "@sentinella/aws";
import type { Item, ItemQueue } from "@sentinella/core";

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
