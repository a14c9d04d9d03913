import {
  DeleteCommand,
  type DynamoDBDocumentClient,
  PutCommand,
  paginateQuery,
  type QueryCommandInput,
  UpdateCommand,
} from "@aws-sdk/lib-dynamodb";
import type { PendingAlert } from "@sentinella/alerts";
import type { ErasureCounts, ErasureRecord, ErasureRequest, SubjectRequests } from "@sentinella/audit";
import {
  type DecisionRecord,
  type Entity,
  type OffenderEvent,
  type OffenderLedger,
  type StaffRecord,
  withSentinellaHides,
} from "@sentinella/core";
import type { Obligation } from "@sentinella/replies";
import { pendingKey } from "./alert-store";
import type { Row } from "./batch-get";
import { authorKey, DynamoDecisionStore } from "./decision-store";
import { DynamoErasureTombstones } from "./erasure-tombstones";
import { DynamoObligationStore } from "./obligation-store";
import { DynamoOffenderLedger, offenderPartition } from "./offender-ledger";
import { decisionTable, erasurePartition, personalAttributes, decisionRecordTypes as types } from "./resources";
import { DynamoStaffRecords } from "./staff-records";

/** Everything Sentinella holds about one author within one entity (GDPR art. 15), as the stores read it. */
export interface SubjectHoldings {
  entityId: string;
  authorId: string;
  /** Every decision on the author's items, with the full text while it is kept. */
  decisions: DecisionRecord[];
  /** Staff records about the author's items. */
  staff: StaffRecord[];
  /** Reply obligations on the author's items, open or closed. */
  obligations: Obligation[];
  /** The author's repeat-offender events. */
  offenderEvents: OffenderEvent[];
  /** Staff alerts about the author's items not yet delivered (those delivered are no longer stored). */
  pendingAlerts: PendingAlert[];
}

export interface SubjectTables {
  decisions: string;
  obligations: string;
  offenders: string;
  alerts: string;
}

/** A staff row's `result` once erased: its status only (instructions and platform answers can name the author). */
const bareResult = (result: unknown) => ({ status: (result as { status?: string } | undefined)?.status ?? "none" });

/**
 * A data subject's data across the tables, found only by Query and key (never a Scan): the byAuthor index gives
 * the author's items, the ledger's partition their events; each item's partition, obligation (by key) and the
 * entity's pending alerts (one partition) follow from the items.
 *
 * Erasure empties the rows that carry personal data (`personalAttributes`), never deletes a decision-table row,
 * so the anonymous decision skeleton stays; obligations and pending alerts, operational rows about the item, are
 * deleted; ledger events move to a random pseudonym, so the report still counts warnings and bans.
 */
export class DynamoSubjectData implements SubjectRequests {
  private readonly decisionStore: DynamoDecisionStore;
  private readonly staffRecords: DynamoStaffRecords;
  private readonly obligationStore: DynamoObligationStore;
  private readonly ledger: OffenderLedger;
  private readonly tombstones: DynamoErasureTombstones;

  constructor(
    private readonly document: DynamoDBDocumentClient,
    private readonly tables: SubjectTables,
    entityFor: (entityId: string) => Entity,
  ) {
    this.decisionStore = new DynamoDecisionStore({ document, tableName: tables.decisions });
    this.staffRecords = new DynamoStaffRecords(document, tables.decisions);
    this.obligationStore = new DynamoObligationStore({ document, tableName: tables.obligations, entityFor });
    this.ledger = withSentinellaHides(new DynamoOffenderLedger(document, tables.offenders), this.decisionStore);
    this.tombstones = new DynamoErasureTombstones(document, tables.decisions);
  }

  async collect(entityId: string, authorId: string): Promise<SubjectHoldings> {
    const offenderEvents = await this.ledger.listByAuthor(entityId, authorId);
    const itemKeys = await this.itemsOf(entityId, authorId, offenderEvents);
    const perItem = await Promise.all(
      itemKeys.map(async (itemKey) => ({
        decisions: await this.decisionStore.listByItem(itemKey),
        staff: await this.staffRecords.listByItem(itemKey),
        obligation: await this.obligationStore.get(itemKey),
      })),
    );
    const items = new Set(itemKeys);
    return {
      entityId,
      authorId,
      decisions: perItem.flatMap((item) => item.decisions),
      staff: perItem.flatMap((item) => item.staff),
      obligations: perItem.flatMap((item) => (item.obligation ? [item.obligation] : [])),
      offenderEvents,
      pendingAlerts: (await this.pendingAlerts(entityId)).filter((entry) => items.has(entry.alert.itemKey)),
    };
  }

  /**
   * Removes or pseudonymises the author's personal data everywhere and, when there was any, writes the erasure
   * record. Idempotent: a second run finds nothing and writes nothing (all counts zero).
   */
  async erase(entityId: string, authorId: string, request: ErasureRequest): Promise<ErasureRecord> {
    // First: a delivery of an item received before the erasure that starts after this writes nothing of the author.
    await this.tombstones.mark(entityId, authorId, request.at);
    // Raw rows, so that an event keeps its expiry (expiresAt) under the pseudonym.
    const ledgerRows = await this.query(this.tables.offenders, {
      KeyConditionExpression: "pk = :pk",
      ExpressionAttributeValues: { ":pk": offenderPartition(entityId, authorId) },
      ConsistentRead: true,
    });
    const itemKeys = await this.itemsOf(entityId, authorId, ledgerRows as unknown as OffenderEvent[]);
    const counts: ErasureCounts = {
      decisionRows: 0,
      fullTexts: 0,
      staffRecords: 0,
      obligations: 0,
      offenderEvents: 0,
      pendingAlerts: 0,
    };
    for (const itemKey of itemKeys) {
      const rows = (await this.query(this.tables.decisions, {
        KeyConditionExpression: "pk = :pk",
        ExpressionAttributeValues: { ":pk": itemKey },
        ConsistentRead: true,
      })) as Row[];
      for (const row of rows) {
        const kind = await this.emptyRow(row);
        if (kind) counts[kind] += 1;
      }
      if (await this.obligationStore.get(itemKey)) {
        await this.document.send(new DeleteCommand({ TableName: this.tables.obligations, Key: { pk: itemKey } }));
        counts.obligations += 1;
      }
    }
    const items = new Set(itemKeys);
    for (const entry of await this.pendingAlerts(entityId)) {
      if (!items.has(entry.alert.itemKey)) continue;
      await this.document.send(
        new DeleteCommand({
          TableName: this.tables.alerts,
          Key: pendingKey(entry),
        }),
      );
      counts.pendingAlerts += 1;
    }
    // The events move, unchanged but for the author, under a pseudonym drawn for this erasure: linked to no id.
    const pseudonym = `cancellato-${request.erasureId}`;
    for (const { pk: _pk, sk, authorId: _erased, ...event } of ledgerRows) {
      await this.document.send(
        new PutCommand({
          TableName: this.tables.offenders,
          Item: { pk: offenderPartition(entityId, pseudonym), sk, ...event, authorId: pseudonym },
          ConditionExpression: "attribute_not_exists(pk)",
        }),
      );
      await this.document.send(
        new DeleteCommand({ TableName: this.tables.offenders, Key: { pk: offenderPartition(entityId, authorId), sk } }),
      );
      counts.offenderEvents += 1;
    }
    const record: ErasureRecord = {
      erasureId: request.erasureId,
      entityId,
      at: request.at,
      by: request.by,
      ...(request.reason ? { reason: request.reason } : {}),
      counts,
    };
    if (Object.values(counts).some((count) => count > 0)) {
      await this.document.send(
        new PutCommand({
          TableName: this.tables.decisions,
          Item: { pk: erasurePartition(entityId), sk: `${request.at}#${request.erasureId}`, ...record },
          ConditionExpression: "attribute_not_exists(pk)",
        }),
      );
    }
    return record;
  }

  /** The entity's erasure records, oldest first. */
  async erasures(entityId: string): Promise<ErasureRecord[]> {
    const rows = await this.query(this.tables.decisions, {
      KeyConditionExpression: "pk = :pk",
      ExpressionAttributeValues: { ":pk": erasurePartition(entityId) },
    });
    return rows.map(({ pk: _pk, sk: _sk, ...record }) => record as unknown as ErasureRecord);
  }

  /** The author's items: every row naming them on the byAuthor index, and the items of their ledger events. */
  private async itemsOf(entityId: string, authorId: string, events: readonly OffenderEvent[]): Promise<string[]> {
    const named = await this.query(this.tables.decisions, {
      IndexName: decisionTable.globalIndexes[1].indexName,
      KeyConditionExpression: "authorKey = :author",
      ExpressionAttributeValues: { ":author": authorKey(entityId, authorId) },
    });
    const fromLedger = events.flatMap((event) => (event.itemKey ? [event.itemKey] : []));
    return [...new Set([...named.map((row) => row.pk as string), ...fromLedger])];
  }

  /**
   * Removes a decision-table row's personal attributes (a staff row keeps its result's status) and says what kind
   * of row it was; undefined when it held none. Conditional on the row still being there: never creates one.
   */
  private async emptyRow(row: Row): Promise<keyof ErasureCounts | undefined> {
    const type = row.sk.slice(0, row.sk.indexOf("#"));
    const present = personalAttributes.filter((attribute) => attribute in row);
    const staffResult = type === types.staff && "result" in row;
    const removed = present.filter((attribute) => !(staffResult && attribute === "result"));
    const resultHasMore = staffResult && Object.keys(row.result as object).some((key) => key !== "status");
    if (removed.length === 0 && !resultHasMore) return undefined;
    await this.document.send(
      new UpdateCommand({
        TableName: this.tables.decisions,
        Key: { pk: row.pk, sk: row.sk },
        UpdateExpression: [
          ...(resultHasMore ? ["SET #result = :result"] : []),
          ...(removed.length > 0 ? [`REMOVE ${removed.map((attribute) => `#${attribute}`).join(", ")}`] : []),
        ].join(" "),
        ConditionExpression: "attribute_exists(pk)",
        ExpressionAttributeNames: Object.fromEntries(
          [...removed, ...(resultHasMore ? ["result"] : [])].map((attribute) => [`#${attribute}`, attribute]),
        ),
        ...(resultHasMore ? { ExpressionAttributeValues: { ":result": bareResult(row.result) } } : {}),
      }),
    );
    if (type === types.fullText) return "fullTexts";
    if (type === types.staff) return "staffRecords";
    return "decisionRows";
  }

  private async pendingAlerts(entityId: string): Promise<PendingAlert[]> {
    const rows = await this.query(this.tables.alerts, {
      KeyConditionExpression: "pk = :pk",
      ExpressionAttributeValues: { ":pk": `pending#${entityId}` },
      ConsistentRead: true,
    });
    return rows.map(({ pk: _pk, sk: _sk, expiresAt: _expiresAt, ...entry }) => entry as unknown as PendingAlert);
  }

  private async query(tableName: string, input: Omit<QueryCommandInput, "TableName">) {
    const rows: Record<string, unknown>[] = [];
    for await (const page of paginateQuery({ client: this.document }, { TableName: tableName, ...input })) {
      rows.push(...(page.Items ?? []));
    }
    return rows;
  }
}
