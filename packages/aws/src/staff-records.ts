import { type DynamoDBDocumentClient, PutCommand, paginateQuery, type QueryCommandInput } from "@aws-sdk/lib-dynamodb";
import { type DecisionReader, StaffRecord, type StaffRecordStore } from "@sentinella/core";
import type { DynamoDecisionStore } from "./decision-store";
import { decisionTable } from "./resources";

/** The decision table as the console reads it: an entity's period from the byFacet index, items by key. */
export function decisionReader(store: DynamoDecisionStore): DecisionReader {
  return {
    listByItem: (itemKey) => store.listByItem(itemKey),
    get: (key) => store.get(key),
    recentByAuthor: (entityId, authorId, limit) => store.recentByAuthor(entityId, authorId, limit),
    listByEntity: (entityId, from, to) => store.byEntity(entityId, from, to),
  };
}

/** The byFacet partition an entity's staff records are listed under. */
const staffFacet = (entityId: string) => `${entityId}#staff`;

/**
 * Staff records in the decision table, next to the automatic decisions of the same item: pk itemKey, sk
 * "staff#<recordId>". Each row carries its own byFacet keys (facet "<entityId>#staff", decidedAt = its time), so
 * an entity's human decisions are one Query. Written with a conditional put: a record is never overwritten, and
 * the console's role may only put.
 */
export class DynamoStaffRecords implements StaffRecordStore {
  constructor(
    private readonly document: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async append(record: StaffRecord): Promise<void> {
    const parsed = StaffRecord.parse(record);
    await this.document.send(
      new PutCommand({
        TableName: this.tableName,
        Item: {
          pk: parsed.itemKey,
          sk: `staff#${parsed.recordId}`,
          rowType: "staff",
          facet: staffFacet(parsed.entityId),
          decidedAt: parsed.at,
          ...parsed,
        },
        ConditionExpression: "attribute_not_exists(pk)",
      }),
    );
  }

  listByItem(itemKey: string): Promise<StaffRecord[]> {
    return this.query({
      KeyConditionExpression: "pk = :pk AND begins_with(sk, :staff)",
      ExpressionAttributeValues: { ":pk": itemKey, ":staff": "staff#" },
    });
  }

  async listByEntity(entityId: string, from: string, to: string): Promise<StaffRecord[]> {
    const records = await this.query({
      IndexName: decisionTable.globalIndexes[0].indexName,
      KeyConditionExpression: "facet = :facet AND decidedAt BETWEEN :from AND :to",
      ExpressionAttributeValues: { ":facet": staffFacet(entityId), ":from": from, ":to": to },
    });
    return records.sort((a, b) => a.recordId.localeCompare(b.recordId));
  }

  private async query(input: Omit<QueryCommandInput, "TableName">): Promise<StaffRecord[]> {
    const records: StaffRecord[] = [];
    for await (const page of paginateQuery({ client: this.document }, { TableName: this.tableName, ...input })) {
      for (const row of page.Items ?? []) records.push(StaffRecord.parse(row));
    }
    return records;
  }
}
