import { randomUUID } from "node:crypto";
import type { Item } from "@sentinella/core";
import type { SQSEvent, SQSRecord } from "aws-lambda";
import { sqsRecordOf } from "../../support/sqs-record";

/** Clear-cut spam under the Comune di Cento policy: the classifier hides it. */
export const spam = "Guadagna 3000 euro al mese lavorando da casa, scrivimi su whatsapp http://bit.ly/soldi-facili";

export function comment(overrides: Partial<Item> = {}): Item {
  const itemId = overrides.itemId ?? `post-1_${randomUUID()}`;
  return {
    schemaVersion: 1,
    entityId: "comune-cento",
    platform: "facebook",
    accountId: "fb-comune-cento",
    itemId,
    kind: "comment",
    event: "created",
    version: "0",
    postId: "post-1",
    threadId: itemId,
    author: { id: `citizen-${randomUUID()}`, name: "Mario Rossi" },
    byStaff: false,
    text: spam,
    attachments: [],
    createdAt: "2026-11-25T10:00:00.000Z",
    receivedAt: "2026-11-25T10:00:01.000Z",
    raw: { field: "feed" },
    ...overrides,
  };
}

/** An SQS record as Lambda's event source mapping delivers it. */
export function sqsRecord(item: Item): SQSRecord {
  return sqsRecordOf(JSON.stringify(item));
}

export const batch = (...records: SQSRecord[]): SQSEvent => ({ Records: records });
