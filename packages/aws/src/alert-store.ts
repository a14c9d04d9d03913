import { ConditionalCheckFailedException } from "@aws-sdk/client-dynamodb";
import {
  DeleteCommand,
  type DynamoDBDocumentClient,
  PutCommand,
  paginateQuery,
  TransactWriteCommand,
  UpdateCommand,
} from "@aws-sdk/lib-dynamodb";
import type { AlertStore, PendingAlert } from "@sentinella/alerts";

/** An undelivered alert older than this is dropped by TTL (it was retried at every tick for two weeks). */
const pendingRetentionDays = 14;

/**
 * The key of an alert waiting to be delivered: under its delivery ("now#…", "digest#…"), so a tick while the entity
 * is closed reads only the alerts to retry at once, not the digest waiting for the opening.
 */
export const pendingKey = (entry: PendingAlert) => ({
  pk: `pending#${entry.alert.entityId}`,
  sk: `${entry.delivery}#${entry.queuedAt}#${entry.alert.itemKey}#${entry.alert.reason}`,
});

/** How long a digest's recorder holds its pair: past it, the caller's retry takes the pair over and finishes. */
const recordClaimSeconds = 120;

const ignoringConditionFailure = (error: unknown) => {
  if (!(error instanceof ConditionalCheckFailedException)) throw error;
};

const pendingExpiry = (entry: PendingAlert) =>
  Math.floor(Date.parse(entry.queuedAt) / 1000) + pendingRetentionDays * 86_400;

/** The row that says an item's alert for a reason was sent (or is queued): one per pair, kept forever. */
const dedupeKey = (entry: PendingAlert) => ({ pk: `dedupe#${entry.alert.itemKey}`, sk: entry.alert.reason });
const dedupeRow = (entry: PendingAlert) => ({
  ...dedupeKey(entry),
  entityId: entry.alert.entityId,
  recordedAt: entry.queuedAt,
});

/**
 * AlertStore on the alert table (`alertTable` in resources.ts):
 * dedupe rows ("dedupe#<itemKey>", reason) kept forever, pending rows ("pending#<entityId>", "<delivery>#<queuedAt>#…")
 * read per entity with a Query and deleted once delivered.
 */
export class DynamoAlertStore implements AlertStore {
  constructor(
    private readonly document: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  /**
   * Claim, then put, then end the claim: three single-row writes, 3 WRU, where a transaction of the dedupe and
   * outbox rows costs 4 (each row billed twice). Exactly once per item and reason:
   * - the claim is the dedupe row, taken only if absent or if an earlier recorder's claim lapsed (it died before
   *   ending it); it keeps the first recorder's `recordedAt`, so a retry puts the outbox row under the same key;
   * - the outbox row is put only if absent: a retry that finds it (queued, or leased by a flush) adds nothing;
   * - ending the claim (`REMOVE sendingUntil`) makes the pair "recorded" for good: no later call claims it again.
   * A recorder that dies before the end leaves a claim that lapses after `recordClaimSeconds`; the caller's own
   * retry (the classifier's redelivery after the queue's visibility timeout, the scheduler's next tick) takes it
   * again and finishes. Left: a duplicate digest line if a flush delivered and deleted the outbox row between a
   * recorder's death after its put and that retry (both within a few minutes).
   */
  async record(entry: PendingAlert): Promise<"recorded" | "exists"> {
    const until = new Date(Date.parse(entry.queuedAt) + recordClaimSeconds * 1000).toISOString();
    let recordedAt: string;
    try {
      const { Attributes } = await this.document.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: dedupeKey(entry),
          UpdateExpression:
            "SET entityId = :entity, recordedAt = if_not_exists(recordedAt, :at), sendingUntil = :until",
          ConditionExpression: "attribute_not_exists(pk) OR sendingUntil < :at",
          ExpressionAttributeValues: { ":entity": entry.alert.entityId, ":at": entry.queuedAt, ":until": until },
          ReturnValues: "ALL_NEW",
        }),
      );
      recordedAt = Attributes?.recordedAt as string;
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) return "exists";
      throw error;
    }
    const queued = { ...entry, queuedAt: recordedAt };
    await this.document
      .send(
        new PutCommand({
          TableName: this.tableName,
          Item: { ...pendingKey(queued), ...queued, expiresAt: pendingExpiry(queued) },
          ConditionExpression: "attribute_not_exists(pk)",
        }),
      )
      .catch(ignoringConditionFailure);
    await this.endClaim(entry, until);
    return "recorded";
  }

  /**
   * Eventually consistent, half the read units of a strong read, at every tick: an entry recorded a moment ago and
   * missed is read at the next tick, and one delivered a moment ago and still listed fails its lease's condition.
   */
  /**
   * The dedupe row alone, with `sendingUntil` while the claim lasts: 1 WRU where `record`'s transaction of two rows
   * costs 4, and no outbox row to delete after the send.
   */
  async claim(entry: PendingAlert): Promise<"claimed" | "exists"> {
    try {
      await this.document.send(
        new PutCommand({
          TableName: this.tableName,
          Item: { ...dedupeRow(entry), sendingUntil: entry.leaseUntil },
          ConditionExpression: "attribute_not_exists(pk) OR sendingUntil < :now",
          ExpressionAttributeValues: { ":now": entry.queuedAt },
        }),
      );
      return "claimed";
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) return "exists";
      throw error;
    }
  }

  async sent(entry: PendingAlert): Promise<void> {
    await this.endClaim(entry, entry.leaseUntil);
  }

  /** Only our own claim: one that lapsed and was taken again belongs to its new holder. */
  private async endClaim(entry: PendingAlert, until: string | undefined): Promise<void> {
    await this.document
      .send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: dedupeKey(entry),
          UpdateExpression: "REMOVE sendingUntil",
          ConditionExpression: "sendingUntil = :until",
          ExpressionAttributeValues: { ":until": until },
        }),
      )
      .catch(ignoringConditionFailure);
  }

  async queue(entry: PendingAlert, error: string): Promise<void> {
    const { leaseUntil: _claim, ...queued } = entry;
    await this.document.send(
      new TransactWriteCommand({
        TransactItems: [
          {
            Put: {
              TableName: this.tableName,
              Item: {
                ...pendingKey(entry),
                ...queued,
                attempts: entry.attempts + 1,
                lastError: error.slice(0, 1000),
                expiresAt: pendingExpiry(entry),
              },
            },
          },
          {
            Update: {
              TableName: this.tableName,
              Key: dedupeKey(entry),
              UpdateExpression: "REMOVE sendingUntil",
            },
          },
        ],
      }),
    );
  }

  async pending(entityId: string, options: { digests?: boolean } = {}): Promise<PendingAlert[]> {
    const digests = options.digests ?? true;
    const entries: PendingAlert[] = [];
    const pages = paginateQuery(
      { client: this.document },
      {
        TableName: this.tableName,
        KeyConditionExpression: digests ? "pk = :pk" : "pk = :pk AND begins_with(sk, :now)",
        ExpressionAttributeValues: { ":pk": `pending#${entityId}`, ...(digests ? {} : { ":now": "now#" }) },
      },
    );
    for await (const page of pages) {
      for (const { pk: _pk, sk: _sk, expiresAt: _expiresAt, ...entry } of page.Items ?? []) {
        entries.push(entry as PendingAlert);
      }
    }
    return entries.sort((a, b) => a.queuedAt.localeCompare(b.queuedAt));
  }

  async lease(entries: readonly PendingAlert[], now: Date, until: Date): Promise<PendingAlert[]> {
    const taken = await Promise.all(
      entries.map(async (entry) => {
        try {
          await this.document.send(
            new UpdateCommand({
              TableName: this.tableName,
              Key: pendingKey(entry),
              UpdateExpression: "SET leaseUntil = :until",
              ConditionExpression: "attribute_exists(pk) AND (attribute_not_exists(leaseUntil) OR leaseUntil < :now)",
              ExpressionAttributeValues: { ":until": until.toISOString(), ":now": now.toISOString() },
            }),
          );
          return { ...entry, leaseUntil: until.toISOString() };
        } catch (error) {
          if (error instanceof ConditionalCheckFailedException) return undefined; // delivered or taken by another run
          throw error;
        }
      }),
    );
    return taken.filter((entry) => entry !== undefined);
  }

  async delivered(entries: readonly PendingAlert[]): Promise<void> {
    await Promise.all(
      entries.map((entry) =>
        this.document.send(new DeleteCommand({ TableName: this.tableName, Key: pendingKey(entry) })),
      ),
    );
  }

  async failed(entries: readonly PendingAlert[], error: string): Promise<void> {
    await Promise.all(
      entries.map((entry) =>
        this.document.send(
          new UpdateCommand({
            TableName: this.tableName,
            Key: pendingKey(entry),
            UpdateExpression: "SET attempts = attempts + :one, lastError = :error REMOVE leaseUntil",
            ConditionExpression: "attribute_exists(pk)",
            ExpressionAttributeValues: { ":one": 1, ":error": error.slice(0, 1000) },
          }),
        ),
      ),
    );
  }
}
