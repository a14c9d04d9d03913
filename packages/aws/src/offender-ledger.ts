import { ConditionalCheckFailedException } from "@aws-sdk/client-dynamodb";
import { type DynamoDBDocumentClient, PutCommand, paginateQuery, type QueryCommandInput } from "@aws-sdk/lib-dynamodb";
import { expiryAfter, OffenderEvent, type OffenderLedger } from "@sentinella/core";
import { offenderTable } from "./resources";

/** One author's events within one entity: the ledger's partition. */
export const offenderPartition = (entityId: string, authorId: string) => `${entityId}#${authorId}`;

/**
 * The repeat-offender ledger (`offenderTable` in resources.ts): one row per event, pk "<entityId>#<authorId>",
 * sk the event id ("<at>#<random>", so time order); the byEntity index lists an entity's events by time.
 * Append-only, like the decision table: a conditional put, never an update. An event already recorded (the same
 * event id, as a redelivered hide carries) stays as it was. With `retentionMonths` (the entity's
 * retention.staffRecordsMonths) an event expires that long after it (`expiresAt`, TTL).
 */
export class DynamoOffenderLedger implements OffenderLedger {
  constructor(
    private readonly document: DynamoDBDocumentClient,
    private readonly tableName: string,
    private readonly retentionMonths?: (entityId: string) => number,
  ) {}

  async append(event: OffenderEvent): Promise<void> {
    const parsed = OffenderEvent.parse(event);
    try {
      await this.document.send(
        new PutCommand({
          TableName: this.tableName,
          Item: {
            pk: offenderPartition(parsed.entityId, parsed.authorId),
            sk: parsed.eventId,
            ...parsed,
            ...(this.retentionMonths
              ? { expiresAt: expiryAfter(parsed.at, { months: this.retentionMonths(parsed.entityId) }) }
              : {}),
          },
          ConditionExpression: "attribute_not_exists(pk)",
        }),
      );
    } catch (error) {
      if (!(error instanceof ConditionalCheckFailedException)) throw error;
    }
  }

  listByAuthor(entityId: string, authorId: string): Promise<OffenderEvent[]> {
    return this.query({
      KeyConditionExpression: "pk = :pk",
      ExpressionAttributeValues: { ":pk": offenderPartition(entityId, authorId) },
    });
  }

  listByEntity(entityId: string, from: string): Promise<OffenderEvent[]> {
    return this.query({
      IndexName: offenderTable.globalIndexes[0].indexName,
      KeyConditionExpression: "entityId = :entity AND eventId >= :from",
      ExpressionAttributeValues: { ":entity": entityId, ":from": from },
    });
  }

  private async query(input: Omit<QueryCommandInput, "TableName">): Promise<OffenderEvent[]> {
    const events: OffenderEvent[] = [];
    for await (const page of paginateQuery({ client: this.document }, { TableName: this.tableName, ...input })) {
      for (const row of page.Items ?? []) events.push(OffenderEvent.parse(row));
    }
    return events;
  }
}
