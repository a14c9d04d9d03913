import { deflateRawSync, inflateRawSync } from "node:zlib";
import { ConditionalCheckFailedException } from "@aws-sdk/client-dynamodb";
import {
  type DynamoDBDocumentClient,
  PutCommand,
  paginateQuery,
  QueryCommand,
  type QueryCommandInput,
  UpdateCommand,
} from "@aws-sdk/lib-dynamodb";
import {
  type Action,
  type ActionTaken,
  Category,
  type CategoryFinding,
  type Clock,
  type DecisionKey,
  DecisionRecord,
  type DecisionStore,
  type HideRecords,
  systemClock,
} from "@sentinella/core";
import * as z from "zod";
import { batchGetRows, type Row } from "./batch-get";
import { decisionTable, decisionLeaseAttribute as lease, decisionRecordTypes as types } from "./resources";

/** What an auditor's list shows of a decision: never the unredacted text. */
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

const [byEntityIndex, byAuthorIndex] = decisionTable.globalIndexes;

/** The version part of a key, "<event>#<version>": the item version key without the item key. */
function versionOf(key: DecisionKey): string {
  return key.itemVersionKey.slice(key.itemKey.length + 1);
}

/** The sort key of a row of one record type about one item version (see `decisionTable` in resources.ts). */
function sortKey(type: string, key: DecisionKey): string {
  return `${type}#${versionOf(key)}`;
}

/** The byAuthor partition: one author within one entity. */
export function authorKey(entityId: string, authorId: string): string {
  return `${entityId}#${authorId}`;
}

/**
 * A decision's reasons as its row stores them: `reasons`, one binary attribute, the raw DEFLATE of
 * `[explanation, findings]`, each finding `[category, confidence, clearCut, ruleIds, clause, evidence]` and each
 * evidence `[start, end, ruleId]` (the rule as its index in ruleIds when it is there). Stored as they were, a list of
 * maps repeating its attribute names per finding and per evidence, and a statement of reasons repeating the clauses,
 * made up two thirds of a row and took one in six past 1 KB (2 WRU); packed, every row of the sample corpus is
 * under 900 bytes. Read back, the record has its documented fields again: exports and auditors see no difference,
 * and rows written before packing are read as they are. node:zlib is Node's own, nothing added to the bundle.
 */
function packReasons(explanation: string, categories: readonly CategoryFinding[]): Uint8Array {
  const findings = categories.map((f) => [
    f.category,
    f.confidence,
    f.clearCut,
    f.ruleIds,
    f.clause,
    f.evidence.map((e) => {
      const rule = f.ruleIds.indexOf(e.ruleId);
      return [e.start, e.end, rule >= 0 ? rule : e.ruleId];
    }),
  ]);
  return deflateRawSync(JSON.stringify([explanation, findings]));
}

const PackedReasons = z.tuple([
  z.string(),
  z.array(
    z.tuple([
      z.string(),
      z.number(),
      z.boolean(),
      z.array(z.string()),
      z.string(),
      z.array(z.tuple([z.number(), z.number(), z.union([z.number(), z.string()])])),
    ]),
  ),
]);

/** The explanation and findings of a row: from `reasons` (`packReasons`), or as they are on older rows. */
function unpackReasons(row: Row): { explanation: unknown; categories: unknown } {
  if (!(row.reasons instanceof Uint8Array)) return { explanation: row.explanation, categories: row.categories };
  const [explanation, findings] = PackedReasons.parse(JSON.parse(inflateRawSync(row.reasons).toString("utf8")));
  const categories = findings.map(([category, confidence, clearCut, ruleIds, clause, evidence]) => ({
    category,
    confidence,
    clearCut,
    ruleIds,
    clause,
    evidence: evidence.map(([start, end, rule]) => ({
      start,
      end,
      ruleId: typeof rule === "number" ? ruleIds[rule] : rule,
    })),
  }));
  return { explanation, categories };
}

const ignoringConditionFailure = (error: unknown) => {
  if (!(error instanceof ConditionalCheckFailedException)) throw error;
};

/**
 * The decision table (append-only audit log), written with plain conditional puts, no transaction: every key is
 * deterministic, so a rerun after a crash finds what the first run wrote.
 * - the full-text row (sk "fulltext#…", TTL) first, only when the redaction changed the text, so the decision
 *   never exists without it;
 * - the decision row (sk "decision#…"), written only if absent: the idempotency guard, listed by the sparse
 *   byEntity and byAuthor indexes;
 * - one actions row (sk "actions#…") per delivery that acted on the platform.
 */
export class DynamoDecisionStore implements DecisionStore, HideRecords {
  private readonly document: DynamoDBDocumentClient;
  private readonly tableName: string;
  private readonly clock: Clock;
  private readonly onPage: ((rowsSoFar: number) => void) | undefined;

  /** `onPage` hears of each page a Query reads (the CLI's progress on long exports). */
  constructor(options: {
    document: DynamoDBDocumentClient;
    tableName: string;
    clock?: Clock;
    onPage?: (rowsSoFar: number) => void;
  }) {
    this.document = options.document;
    this.tableName = options.tableName;
    this.clock = options.clock ?? systemClock;
    this.onPage = options.onPage;
  }

  async put(record: DecisionRecord, options: { leaseUntil?: Date } = {}): Promise<"written" | "exists"> {
    const {
      fullText,
      expiresAt,
      personalDataExpiresAt,
      actionsTaken,
      itemKey: pk,
      itemVersionKey: _fromKeys,
      authorId,
      redactedText,
      ...decision
    } = DecisionRecord.parse(record);
    const key = { itemKey: pk, itemVersionKey: record.itemVersionKey };
    const plainText = fullText !== undefined && fullText === redactedText;
    const putOnce = (Item: Row) =>
      this.document
        .send(new PutCommand({ TableName: this.tableName, Item, ConditionExpression: "attribute_not_exists(pk)" }))
        .catch(ignoringConditionFailure);
    if (fullText !== undefined && !plainText) {
      await putOnce({ pk, sk: sortKey(types.fullText, key), fullText, expiresAt });
    }
    // The author and the redacted text on their own row and TTL: the decision row below identifies nobody.
    await putOnce({
      pk,
      sk: sortKey(types.subject, key),
      decidedAt: decision.decidedAt,
      redactedText,
      ...(authorId ? { authorId, authorKey: authorKey(decision.entityId, authorId) } : {}),
      // Nothing was redacted: redactedText is the full text, and is reported as such until the retention ends.
      ...(plainText ? { plainTextUntil: expiresAt } : {}),
      ...(personalDataExpiresAt ? { expiresAt: personalDataExpiresAt } : {}),
    });
    const { explanation, categories, ...withoutReasons } = decision;
    const row: Row = {
      pk,
      sk: sortKey(types.decision, key),
      ...withoutReasons,
      reasons: packReasons(explanation, categories),
      categoryNames: [...new Set(categories.map((finding) => finding.category))],
      ...(options.leaseUntil ? { [lease]: options.leaseUntil.getTime() } : {}),
    };
    try {
      await this.document.send(
        new PutCommand({ TableName: this.tableName, Item: row, ConditionExpression: "attribute_not_exists(pk)" }),
      );
    } catch (error) {
      ignoringConditionFailure(error);
      return "exists";
    }
    await this.appendActions(key, actionsTaken);
    return "written";
  }

  async get(key: DecisionKey): Promise<DecisionRecord | undefined> {
    return (await this.listByItem(key.itemKey)).find((record) => record.itemVersionKey === key.itemVersionKey);
  }

  async listByItem(itemKey: string): Promise<DecisionRecord[]> {
    const rows = (await this.query({
      KeyConditionExpression: "pk = :pk",
      ExpressionAttributeValues: { ":pk": itemKey },
      ConsistentRead: true,
    })) as Row[];
    const ofType = (type: string) => rows.filter((row) => row.sk.startsWith(`${type}#`));
    const byVersion = (type: string) => new Map(ofType(type).map((row) => [row.sk.slice(type.length), row]));
    const fullTexts = byVersion(types.fullText);
    const subjects = byVersion(types.subject);
    const actions = ofType(types.actions);
    return ofType(types.decision)
      .map((row) => {
        const version = row.sk.slice(types.decision.length);
        const taken = actions
          .filter((actionRow) => actionRow.sk.startsWith(`${types.actions}${version}#`))
          .flatMap((actionRow) => actionRow.actionsTaken as ActionTaken[]);
        return this.toRecord({ ...row, actionsTaken: taken }, subjects.get(version), fullTexts.get(version));
      })
      .sort((a, b) => a.decidedAt.localeCompare(b.decidedAt));
  }

  async lease(key: DecisionKey, until: Date): Promise<boolean> {
    try {
      await this.document.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: { pk: key.itemKey, sk: sortKey(types.decision, key) },
          UpdateExpression: `SET ${lease} = :until`,
          ConditionExpression: `attribute_exists(pk) AND (attribute_not_exists(${lease}) OR ${lease} <= :now)`,
          ExpressionAttributeValues: { ":until": until.getTime(), ":now": this.clock.now().getTime() },
        }),
      );
      return true;
    } catch (error) {
      ignoringConditionFailure(error);
      return false;
    }
  }

  async release(key: DecisionKey): Promise<void> {
    await this.document
      .send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: { pk: key.itemKey, sk: sortKey(types.decision, key) },
          UpdateExpression: `REMOVE ${lease}`,
          ConditionExpression: "attribute_exists(pk)",
        }),
      )
      .catch(ignoringConditionFailure);
  }

  /** A new row per call (never an update of the decision row), keyed by its first action's time and the actions. */
  async appendActions(key: DecisionKey, actions: readonly ActionTaken[]): Promise<void> {
    const [first] = actions;
    if (!first) return;
    const sk = `${sortKey(types.actions, key)}#${first.at}#${actions.map((taken) => taken.action).join("+")}`;
    // Never over a row already there: the same key is the same delivery's same actions.
    await this.document
      .send(
        new PutCommand({
          TableName: this.tableName,
          Item: { pk: key.itemKey, sk, actionsTaken: actions },
          ConditionExpression: "attribute_not_exists(pk)",
        }),
      )
      .catch(ignoringConditionFailure);
  }

  /** Every decision of an entity, oldest first; `from` and `to` are inclusive ISO timestamps. */
  byEntity(entityId: string, from?: string, to?: string): Promise<DecisionSummary[]> {
    return this.byIndex(byEntityIndex.indexName, "entityId", entityId, from, to);
  }

  byAction(entityId: string, action: Action, from?: string, to?: string): Promise<DecisionSummary[]> {
    return this.byIndex(byEntityIndex.indexName, "entityId", entityId, from, to, { actions: action });
  }

  byCategory(entityId: string, category: Category, from?: string, to?: string): Promise<DecisionSummary[]> {
    return this.byIndex(byEntityIndex.indexName, "entityId", entityId, from, to, { categoryNames: category });
  }

  /** An index entry outlives its row's expiry by up to a day or two: only decisions that still name the author. */
  async byAuthor(entityId: string, authorId: string, from?: string, to?: string): Promise<DecisionSummary[]> {
    const found = await this.byIndex(byAuthorIndex.indexName, "authorKey", authorKey(entityId, authorId), from, to);
    return found.filter((decision) => decision.authorId === authorId);
  }

  /** The author's items: one Query on byAuthor for its keys (subject and staff rows), no read of the rows. */
  async itemsOfAuthor(entityId: string, authorId: string): Promise<string[]> {
    const keys = await this.query({
      IndexName: byAuthorIndex.indexName,
      KeyConditionExpression: "authorKey = :author",
      ExpressionAttributeValues: { ":author": authorKey(entityId, authorId) },
    });
    return [...new Set(keys.map((row) => row.pk as string))];
  }

  /** An entity's items with a decision to hide since `from`: one Query on byEntity, filtered on its `actions`. */
  async hiddenItemsSince(entityId: string, from: string): Promise<string[]> {
    const keys = await this.query({
      IndexName: byEntityIndex.indexName,
      KeyConditionExpression: "entityId = :entity AND decidedAt >= :from",
      FilterExpression: "contains(actions, :hide)",
      ExpressionAttributeValues: { ":entity": entityId, ":from": from, ":hide": "hide" },
    });
    return [...new Set(keys.map((row) => row.pk as string))];
  }

  /** One Query on byAuthor, which carries the redacted text: no read of the decision rows. */
  async recentByAuthor(entityId: string, authorId: string, limit: number) {
    const { Items = [] } = await this.document.send(
      new QueryCommand({
        TableName: this.tableName,
        IndexName: byAuthorIndex.indexName,
        KeyConditionExpression: "authorKey = :author",
        ExpressionAttributeValues: { ":author": authorKey(entityId, authorId) },
        ScanIndexForward: false,
        Limit: limit,
      }),
    );
    return Items.filter((row) => typeof row.redactedText === "string").map((row) => ({
      itemKey: row.pk as string,
      redactedText: row.redactedText as string,
      decidedAt: row.decidedAt as string,
    }));
  }

  /**
   * Decisions under one index partition in a period, optionally those whose `contains` attribute (a list) holds a
   * value: the index gives the keys (of decision rows on byEntity, of subject rows on byAuthor, and of decision rows
   * written before subject rows existed), a batch read the decision rows and their subject rows.
   */
  private async byIndex(
    indexName: string,
    partitionAttribute: string,
    partition: string,
    from?: string,
    to?: string,
    contains?: Record<string, string>,
  ): Promise<DecisionSummary[]> {
    const range =
      from && to
        ? " AND decidedAt BETWEEN :from AND :to"
        : from
          ? " AND decidedAt >= :from"
          : to
            ? " AND decidedAt <= :to"
            : "";
    const [containsAttribute, containsValue] = Object.entries(contains ?? {})[0] ?? [];
    const keys = await this.query({
      IndexName: indexName,
      KeyConditionExpression: `${partitionAttribute} = :partition${range}`,
      FilterExpression: `(begins_with(sk, :decision) OR begins_with(sk, :subject))${containsAttribute ? ` AND contains(${containsAttribute}, :value)` : ""}`,
      ExpressionAttributeValues: {
        ":partition": partition,
        ":decision": `${types.decision}#`,
        ":subject": `${types.subject}#`,
        ...(from ? { ":from": from } : {}),
        ...(to ? { ":to": to } : {}),
        ...(containsAttribute ? { ":value": containsValue } : {}),
      },
    });
    const versions = [
      ...new Map(
        keys.map((row) => {
          const sk = row.sk as string;
          const version = sk.slice(sk.indexOf("#"));
          return [`${row.pk}${version}`, { pk: row.pk as string, version }];
        }),
      ).values(),
    ];
    const read = (type: string) =>
      batchGetRows(
        this.document,
        this.tableName,
        versions.map(({ pk, version }) => ({ pk, sk: `${type}${version}` })),
      );
    const [decisions, subjects] = await Promise.all([read(types.decision), read(types.subject)]);
    const subjectOf = new Map(subjects.map((row) => [`${row.pk}${row.sk.slice(types.subject.length)}`, row]));
    return decisions.map((row) => {
      const record = this.toRecord(row, subjectOf.get(`${row.pk}${row.sk.slice(types.decision.length)}`));
      return DecisionSummary.parse({ ...record, categories: row.categoryNames });
    });
  }

  private async query(input: Omit<QueryCommandInput, "TableName">): Promise<Record<string, unknown>[]> {
    const rows: Record<string, unknown>[] = [];
    for await (const page of paginateQuery({ client: this.document }, { TableName: this.tableName, ...input })) {
      rows.push(...(page.Items ?? []));
      this.onPage?.(rows.length);
    }
    return rows;
  }

  /**
   * A decision row with its subject and full-text rows. DynamoDB's TTL deletes within days, not at once: a row past
   * its expiry is treated as already gone. Without a subject row (expired, or erased) the record has no author and
   * an empty redacted text; a decision row from before subject rows existed carries both itself.
   */
  private toRecord(row: Row, subjectRow?: Row, fullTextRow?: Row): DecisionRecord {
    const now = this.clock.now().getTime();
    const live = (expiresAt: unknown) => typeof expiresAt !== "number" || expiresAt * 1000 > now;
    const version = row.sk.slice(types.decision.length + 1);
    const keys = { itemKey: row.pk, itemVersionKey: `${row.pk}#${version}` };
    const subject = subjectRow && live(subjectRow.expiresAt) ? subjectRow : row;
    const personal = {
      redactedText: typeof subject.redactedText === "string" ? subject.redactedText : "",
      ...(typeof subject.authorId === "string" ? { authorId: subject.authorId } : {}),
      ...(typeof subject.expiresAt === "number" && subject !== row ? { personalDataExpiresAt: subject.expiresAt } : {}),
    };
    const text = fullTextRow
      ? { fullText: fullTextRow.fullText, expiresAt: fullTextRow.expiresAt as number | undefined }
      : subject.plainTextUntil !== undefined && typeof subject.redactedText === "string"
        ? { fullText: subject.redactedText, expiresAt: subject.plainTextUntil as number }
        : {};
    const kept = text.fullText !== undefined && live(text.expiresAt);
    const {
      authorKey: _index,
      plainTextUntil: _plain,
      authorId: _legacyAuthor,
      redactedText: _legacyText,
      reasons: _packed,
      ...decision
    } = row;
    return DecisionRecord.parse({
      actionsTaken: [],
      ...decision,
      ...unpackReasons(row),
      ...keys,
      ...personal,
      ...(kept ? text : {}),
    });
  }
}
