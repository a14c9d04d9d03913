import { ConditionalCheckFailedException } from "@aws-sdk/client-dynamodb";
import { type DynamoDBDocumentClient, PutCommand, paginateQuery, type QueryCommandInput } from "@aws-sdk/lib-dynamodb";
import { type DecisionReader, expiryAfter, StaffRecord, type StaffRecordStore } from "@sentinella/core";
import { batchGetRows } from "./batch-get";
import { authorKey, type DynamoDecisionStore } from "./decision-store";
import { decisionTable, decisionRecordTypes as types } from "./resources";

const [byEntityIndex] = decisionTable.globalIndexes;

/** The decision table as the console reads it: an entity's period from the byEntity index, items by key. */
export function decisionReader(store: DynamoDecisionStore): DecisionReader {
  return {
    listByItem: (itemKey) => store.listByItem(itemKey),
    get: (key) => store.get(key),
    recentByAuthor: (entityId, authorId, limit) => store.recentByAuthor(entityId, authorId, limit),
    listByEntity: (entityId, from, to) => store.byEntity(entityId, from, to),
  };
}

/**
 * Every top-level attribute a staff row has: the keys, the index attributes and the record's fields. The console's
 * role may put rows with these attributes only (infra), so it cannot write a decision or a full-text row.
 */
export const staffRowAttributes = [
  "pk",
  "sk",
  "decidedAt",
  "authorKey",
  "expiresAt",
  ...StaffRecord.keyof().options,
] as const;

/**
 * Staff records in the decision table, in the item's partition next to its automatic decisions (sk
 * "staff#<recordId>", see `decisionTable`). A row carries `entityId`, `decidedAt` (its time) and `authorKey` like a
 * decision row, so the byEntity and byAuthor indexes list it too. Written with a conditional put: a record is never
 * overwritten, and the console's role may only put. With `retentionMonths` (the entity's
 * retention.staffRecordsMonths) a row expires that long after the record (`expiresAt`, TTL).
 */
export class DynamoStaffRecords implements StaffRecordStore {
  constructor(
    private readonly document: DynamoDBDocumentClient,
    private readonly tableName: string,
    private readonly retentionMonths?: (entityId: string) => number,
  ) {}

  async append(record: StaffRecord): Promise<void> {
    const parsed = StaffRecord.parse(record);
    try {
      await this.document.send(
        new PutCommand({
          TableName: this.tableName,
          Item: {
            pk: parsed.itemKey,
            sk: `${types.staff}#${parsed.recordId}`,
            decidedAt: parsed.at,
            ...(parsed.authorId ? { authorKey: authorKey(parsed.entityId, parsed.authorId) } : {}),
            ...(this.retentionMonths
              ? { expiresAt: expiryAfter(parsed.at, { months: this.retentionMonths(parsed.entityId) }) }
              : {}),
            ...parsed,
          },
          ConditionExpression: "attribute_not_exists(pk)",
        }),
      );
    } catch (error) {
      // The same record id again (a platform's notification delivered twice): the first one stays.
      if (!(error instanceof ConditionalCheckFailedException)) throw error;
    }
  }

  async listByItem(itemKey: string): Promise<StaffRecord[]> {
    const rows = await this.query({
      KeyConditionExpression: "pk = :pk AND begins_with(sk, :staff)",
      ExpressionAttributeValues: { ":pk": itemKey, ":staff": `${types.staff}#` },
    });
    return rows.map((row) => StaffRecord.parse(row));
  }

  /** The index gives the keys of the entity's staff rows in the period, a batch read the rows. */
  async listByEntity(entityId: string, from: string, to: string): Promise<StaffRecord[]> {
    const keys = await this.query({
      IndexName: byEntityIndex.indexName,
      KeyConditionExpression: "entityId = :entity AND decidedAt BETWEEN :from AND :to",
      FilterExpression: "begins_with(sk, :staff)",
      ExpressionAttributeValues: { ":entity": entityId, ":from": from, ":to": to, ":staff": `${types.staff}#` },
    });
    const rows = await batchGetRows(
      this.document,
      this.tableName,
      keys.map((row) => ({ pk: row.pk as string, sk: row.sk as string })),
    );
    return rows.map((row) => StaffRecord.parse(row)).sort((a, b) => a.recordId.localeCompare(b.recordId));
  }

  private async query(input: Omit<QueryCommandInput, "TableName">): Promise<Record<string, unknown>[]> {
    const rows: Record<string, unknown>[] = [];
    for await (const page of paginateQuery({ client: this.document }, { TableName: this.tableName, ...input })) {
      rows.push(...(page.Items ?? []));
    }
    return rows;
  }
}
