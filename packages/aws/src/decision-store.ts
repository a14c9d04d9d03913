import { TransactionCanceledException } from "@aws-sdk/client-dynamodb";
import {
  type DynamoDBDocumentClient,
  GetCommand,
  paginateQuery,
  QueryCommand,
  type QueryCommandInput,
  TransactWriteCommand,
  UpdateCommand,
} from "@aws-sdk/lib-dynamodb";
import {
  type Action,
  type ActionTaken,
  Category,
  type Clock,
  type DecisionKey,
  DecisionRecord,
  type DecisionStore,
  systemClock,
} from "@sentinella/core";
import type { z } from "zod";
import { decisionTable } from "./resources";

/** What a facet row carries: enough for an auditor's list, never the unredacted text. */
export const DecisionSummary = DecisionRecord.pick({
  itemKey: true,
  itemVersionKey: true,
  entityId: true,
  platform: true,
  accountId: true,
  itemId: true,
  kind: true,
  event: true,
  postId: true,
  authorId: true,
  mode: true,
  actions: true,
  redactedText: true,
  policyVersion: true,
  decidedAt: true,
}).extend({ categories: Category.array() });
export type DecisionSummary = z.infer<typeof DecisionSummary>;

/** The sort key of a record: "<event>#<version>", i.e. the item version key without the item key. */
function recordSortKey(key: DecisionKey): string {
  return key.itemVersionKey.slice(key.itemKey.length + 1);
}

/** The byFacet partition keys one decision is listed under (see `decisionTable` in resources.ts). */
function decisionFacets(record: Pick<DecisionRecord, "entityId" | "actions" | "categories" | "authorId">) {
  const entity = record.entityId;
  return [
    entity,
    ...new Set(record.actions.map((action) => `${entity}#action#${action}`)),
    ...new Set(record.categories.map((finding) => `${entity}#category#${finding.category}`)),
    ...(record.authorId ? [`${entity}#author#${record.authorId}`] : []),
  ];
}

/**
 * The decision table (append-only audit log). Per decision, in one transaction:
 * - the decision row (pk itemKey, sk "<event>#<version>"), written only if absent: the idempotency guard;
 * - a full-text row (sk "…#fulltext") with the unredacted text and the TTL attribute, so DynamoDB's TTL deletes
 *   the personal data after the retention period and never the decision itself;
 * - one facet row per auditor access pattern (sk "…#facet#<facet>"), indexed by the sparse byFacet GSI.
 */
export class DynamoDecisionStore implements DecisionStore {
  private readonly document: DynamoDBDocumentClient;
  private readonly tableName: string;
  private readonly clock: Clock;

  constructor(options: { document: DynamoDBDocumentClient; tableName: string; clock?: Clock }) {
    this.document = options.document;
    this.tableName = options.tableName;
    this.clock = options.clock ?? systemClock;
  }

  async put(record: DecisionRecord): Promise<"written" | "exists"> {
    const { fullText, expiresAt, ...decision } = DecisionRecord.parse(record);
    const pk = decision.itemKey;
    const sk = recordSortKey(decision);
    const summary = DecisionSummary.parse({
      ...decision,
      categories: [...new Set(decision.categories.map((finding) => finding.category))],
    });
    const rows = [
      { pk, sk, rowType: "decision", ...decision },
      ...(fullText === undefined ? [] : [{ pk, sk: `${sk}#fulltext`, rowType: "fulltext", fullText, expiresAt }]),
      ...decisionFacets(decision).map((facet) => ({
        pk,
        sk: `${sk}#facet#${facet}`,
        rowType: "facet",
        facet,
        ...summary,
      })),
    ];
    try {
      await this.document.send(
        new TransactWriteCommand({
          TransactItems: rows.map((row, index) => ({
            Put: {
              TableName: this.tableName,
              Item: row,
              ...(index === 0 ? { ConditionExpression: "attribute_not_exists(pk)" } : {}),
            },
          })),
        }),
      );
      return "written";
    } catch (error) {
      if (
        error instanceof TransactionCanceledException &&
        error.CancellationReasons?.[0]?.Code === "ConditionalCheckFailed"
      ) {
        return "exists";
      }
      throw error;
    }
  }

  async get(key: DecisionKey): Promise<DecisionRecord | undefined> {
    const sk = recordSortKey(key);
    const [decision, fullText] = await Promise.all(
      [sk, `${sk}#fulltext`].map((rowKey) =>
        this.document.send(
          new GetCommand({ TableName: this.tableName, Key: { pk: key.itemKey, sk: rowKey }, ConsistentRead: true }),
        ),
      ),
    );
    if (!decision?.Item) return undefined;
    return this.toRecord(decision.Item, fullText?.Item);
  }

  async listByItem(itemKey: string): Promise<DecisionRecord[]> {
    const rows = await this.query({
      KeyConditionExpression: "pk = :pk",
      ExpressionAttributeValues: { ":pk": itemKey },
    });
    const fullTexts = new Map(rows.filter((row) => row.rowType === "fulltext").map((row) => [row.sk, row]));
    return rows
      .filter((row) => row.rowType === "decision")
      .map((row) => this.toRecord(row, fullTexts.get(`${row.sk}#fulltext`)))
      .sort((a, b) => a.decidedAt.localeCompare(b.decidedAt));
  }

  async appendActions(key: DecisionKey, actions: readonly ActionTaken[]): Promise<void> {
    await this.document.send(
      new UpdateCommand({
        TableName: this.tableName,
        Key: { pk: key.itemKey, sk: recordSortKey(key) },
        UpdateExpression: "SET actionsTaken = list_append(if_not_exists(actionsTaken, :none), :actions)",
        ConditionExpression: "attribute_exists(pk)",
        ExpressionAttributeValues: { ":none": [], ":actions": actions },
      }),
    );
  }

  /** Every decision of an entity, oldest first; `from` and `to` are inclusive ISO timestamps. */
  byEntity(entityId: string, from?: string, to?: string): Promise<DecisionSummary[]> {
    return this.byFacet(entityId, from, to);
  }

  byAction(entityId: string, action: Action, from?: string, to?: string): Promise<DecisionSummary[]> {
    return this.byFacet(`${entityId}#action#${action}`, from, to);
  }

  byCategory(entityId: string, category: Category, from?: string, to?: string): Promise<DecisionSummary[]> {
    return this.byFacet(`${entityId}#category#${category}`, from, to);
  }

  byAuthor(entityId: string, authorId: string, from?: string, to?: string): Promise<DecisionSummary[]> {
    return this.byFacet(`${entityId}#author#${authorId}`, from, to);
  }

  async recentByAuthor(entityId: string, authorId: string, limit: number): Promise<DecisionSummary[]> {
    const { Items = [] } = await this.document.send(
      new QueryCommand({
        TableName: this.tableName,
        IndexName: decisionTable.globalIndexes[0].indexName,
        KeyConditionExpression: "facet = :facet",
        ExpressionAttributeValues: { ":facet": `${entityId}#author#${authorId}` },
        ScanIndexForward: false,
        Limit: limit,
      }),
    );
    return Items.map((row) => DecisionSummary.parse(row));
  }

  private async byFacet(facet: string, from?: string, to?: string): Promise<DecisionSummary[]> {
    const range =
      from && to
        ? " AND decidedAt BETWEEN :from AND :to"
        : from
          ? " AND decidedAt >= :from"
          : to
            ? " AND decidedAt <= :to"
            : "";
    const rows = await this.query({
      IndexName: decisionTable.globalIndexes[0].indexName,
      KeyConditionExpression: `facet = :facet${range}`,
      ExpressionAttributeValues: { ":facet": facet, ...(from ? { ":from": from } : {}), ...(to ? { ":to": to } : {}) },
    });
    return rows.map((row) => DecisionSummary.parse(row));
  }

  private async query(input: Omit<QueryCommandInput, "TableName">): Promise<Record<string, unknown>[]> {
    const rows: Record<string, unknown>[] = [];
    for await (const page of paginateQuery({ client: this.document }, { TableName: this.tableName, ...input })) {
      rows.push(...(page.Items ?? []));
    }
    return rows;
  }

  /** DynamoDB's TTL deletes within days, not at once: text past its expiry is treated as already gone. */
  private toRecord(decision: Record<string, unknown>, fullText?: Record<string, unknown>): DecisionRecord {
    const expiresAt = fullText?.expiresAt as number | undefined;
    const kept = fullText && (expiresAt === undefined || expiresAt * 1000 > this.clock.now().getTime());
    return DecisionRecord.parse(kept ? { ...decision, fullText: fullText.fullText, expiresAt } : decision);
  }
}
