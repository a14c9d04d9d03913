import { createHash, randomUUID } from "node:crypto";
import type { SQSRecord } from "aws-lambda";

/** A message of the item queue as Lambda's event source mapping delivers it, on its first receive. */
export function sqsRecordOf(body: string, messageAttributes: SQSRecord["messageAttributes"] = {}): SQSRecord {
  return {
    messageId: randomUUID(),
    receiptHandle: randomUUID(),
    body,
    attributes: {
      ApproximateReceiveCount: "1",
      SentTimestamp: "1795600000000",
      SenderId: "000000000000",
      ApproximateFirstReceiveTimestamp: "1795600000000",
    },
    messageAttributes,
    md5OfBody: createHash("md5").update(body).digest("hex"),
    eventSource: "aws:sqs",
    eventSourceARN: "arn:aws:sqs:eu-south-1:000000000000:items",
    awsRegion: "eu-south-1",
  };
}
