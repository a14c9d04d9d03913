import { createHash } from "node:crypto";
import { type DynamoDBDocumentClient, PutCommand, QueryCommand } from "@aws-sdk/lib-dynamodb";
import type { ErasureTombstones } from "@sentinella/core";
import { tombstonePrefix, tombstoneSeconds } from "./resources";

/** A tombstone's partition: a digest of entity and author, so the row names nobody readable. */
const tombstoneKey = (entityId: string, authorId: string) =>
  `${tombstonePrefix}${createHash("sha256").update(`${entityId}#${authorId}`).digest("hex")}`;
const sk = "tombstone";

/** The erasure tombstones in the decision table (see `decisionTable` in resources.ts). */
export class DynamoErasureTombstones implements ErasureTombstones {
  constructor(
    private readonly document: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  /** Records (or moves forward) the author's erasure time; kept while a delivery from before it may return. */
  async mark(entityId: string, authorId: string, at: string): Promise<void> {
    const expiresAt = Math.ceil(Date.parse(at) / 1000) + tombstoneSeconds;
    await this.document.send(
      new PutCommand({
        TableName: this.tableName,
        Item: { pk: tombstoneKey(entityId, authorId), sk, erasedAt: at, expiresAt },
      }),
    );
  }

  /** A Query on the one key, not a GetItem: the classifier's role reads the decision table by Query only. */
  async erasedAt(entityId: string, authorId: string): Promise<string | undefined> {
    const { Items } = await this.document.send(
      new QueryCommand({
        TableName: this.tableName,
        KeyConditionExpression: "pk = :pk AND sk = :sk",
        ExpressionAttributeValues: { ":pk": tombstoneKey(entityId, authorId), ":sk": sk },
        ConsistentRead: true,
      }),
    );
    return Items?.[0]?.erasedAt as string | undefined;
  }
}
