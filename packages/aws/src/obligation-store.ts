import { ConditionalCheckFailedException } from "@aws-sdk/client-dynamodb";
import {
  type DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  paginateQuery,
  UpdateCommand,
  type UpdateCommandInput,
} from "@aws-sdk/lib-dynamodb";
import { type Clock, type Decision, type Entity, type Item, itemKey, systemClock } from "@sentinella/core";
import {
  type ClosedBy,
  createObligation,
  type HoldingReply,
  type HoldingReplyClaim,
  type HoldingReplyOutcome,
  holdingReplyText,
  type Obligation,
  type ObligationAlert,
  type ObligationOutcome,
  type ObligationStore,
  planObligation,
  threadKey,
  threadKeysAnsweredBy,
} from "@sentinella/replies";
import { batchGet } from "./batch-get";
import { closedObligationRetentionDays, idleWakeAt, obligationTable } from "./resources";

const openMarker = "open";
const [openByWake] = obligationTable.globalIndexes;

/** When a holding reply may be claimed (or recorded as shadow): open, and no reply settled or leased to a live run. */
const replyClaimable =
  "#status = :open AND (attribute_not_exists(replyState) OR replyState = :released OR " +
  "(replyState = :intended AND replyLeaseUntil <= :now))";

/** The order alerts are listed in (the row keeps them as a string set, which has none). */
const alertOrder: readonly ObligationAlert[] = ["deadline_near", "deadline_passed"];

/**
 * The holding reply is kept as top-level attributes so one conditional update can test and bump them; `alerted` is
 * a string set, so that recording an alert is an idempotent ADD that can share a write with the rest.
 */
interface ObligationRow extends Omit<Obligation, "holdingReply" | "alerted" | "itemKey"> {
  /** The item key (rebuilt as `itemKey` on read, not stored twice). */
  pk: string;
  alerted?: Set<ObligationAlert>;
  open?: string;
  openThread?: string;
  wakeAt?: string;
  expiresAt?: number;
  replyState?: HoldingReply["state"];
  replyAttempts?: number;
  replyLeaseOwner?: string;
  replyLeaseUntil?: string;
  replyId?: string;
  replySentAt?: string;
  replyRecordedAt?: string;
  replyError?: HoldingReply["error"];
}

/**
 * The obligation a row holds. The holding reply's text is not stored (it would take a row past 1 KB, 2 WRU a write):
 * it is the entity's text for the obligation's kind (`holdingReplyText`), what the scheduler sent, and its channel
 * the obligation's.
 */
function toObligation(row: ObligationRow, entityFor: (entityId: string) => Entity): Obligation {
  const {
    pk,
    open: _open,
    openThread: _openThread,
    wakeAt: _wakeAt,
    expiresAt: _expiresAt,
    replyState,
    replyAttempts,
    replyLeaseOwner,
    replyLeaseUntil,
    replyId,
    replySentAt,
    replyRecordedAt,
    replyError,
    alerted,
    ...obligation
  } = row;
  const holdingReply: HoldingReply | undefined = replyState
    ? {
        state: replyState,
        text: holdingReplyText(obligation.kind, entityFor(obligation.entityId)),
        channel: obligation.channel,
        attempts: replyAttempts ?? 0,
        leaseOwner: replyLeaseOwner,
        leaseUntil: replyLeaseUntil,
        replyId,
        sentAt: replySentAt,
        recordedAt: replyRecordedAt,
        error: replyError,
      }
    : undefined;
  return { ...obligation, itemKey: pk, alerted: alertOrder.filter((alert) => alerted?.has(alert)), holdingReply };
}

/**
 * Our own holding reply comes back through the webhook as a staff item: it confirms the reply, it answers nothing.
 * A shadow reply was never posted, so staff posting the same text are answering.
 */
function isOwnHoldingReply(obligation: Obligation, item: Item): boolean {
  const normalise = (text: string) => text.replace(/\s+/g, " ").trim();
  const reply = obligation.holdingReply;
  return Boolean(
    reply &&
      reply.state !== "shadow" &&
      (reply.replyId === item.itemId || normalise(reply.text) === normalise(item.text)),
  );
}

/**
 * Reply obligations in DynamoDB (table spec `obligationTable`): the classifier opens and closes them, the
 * scheduler finds what needs attention through the sparse openByWake index (its one index) and sends each holding
 * reply at most once under a conditional lease.
 */
export class DynamoObligationStore implements ObligationStore {
  private readonly document: DynamoDBDocumentClient;
  private readonly tableName: string;
  private readonly entityFor: (entityId: string) => Entity;
  private readonly clock: Clock;

  constructor(options: {
    document: DynamoDBDocumentClient;
    tableName: string;
    entityFor: (entityId: string) => Entity;
    clock?: Clock;
  }) {
    this.document = options.document;
    this.tableName = options.tableName;
    this.entityFor = options.entityFor;
    this.clock = options.clock ?? systemClock;
  }

  /**
   * Idempotent: a redelivered or edited item keeps the first obligation and its due time. Its first wake time is
   * planned here (the scheduler's plan, at the item's creation): at once when something is due then (an emergency's
   * reply, a Friday-evening question), else when the first step is, which spares a reschedule on the next tick.
   */
  async open(item: Item, decision: Decision): Promise<void> {
    const entity = this.entityFor(item.entityId);
    const fresh = createObligation(item, decision, entity);
    const { holdingReply: _none, alerted: _nothingYet, itemKey: pk, ...obligation } = fresh;
    const createdAt = new Date(obligation.createdAt);
    const plan = planObligation(fresh, entity, createdAt);
    const row: ObligationRow = {
      ...obligation,
      pk,
      open: openMarker,
      openThread: threadKey(obligation.platform, obligation.accountId, obligation.threadId),
      wakeAt: (plan.steps.length > 0 ? createdAt : plan.wakeAt)?.toISOString() ?? idleWakeAt,
    };
    await this.ignoringConditionFailure(
      this.document.send(
        new PutCommand({ TableName: this.tableName, Item: row, ConditionExpression: "attribute_not_exists(pk)" }),
      ),
    );
  }

  /**
   * A deleted item owes nothing; a staff item answers the open obligations on its thread that it does not
   * predate, except when it is one of our own holding replies coming back through the webhook: that confirms
   * the reply and answers nobody (another author's question on the same thread stays open).
   */
  async closeFor(item: Item): Promise<void> {
    const now = this.clock.now();
    if (item.event === "deleted") await this.close(itemKey(item), "deleted", now);
    if (!item.byStaff || item.event === "deleted") return;
    const threads = threadKeysAnsweredBy(item);
    if (threads.length === 0) return;
    const onThread = await this.query({
      filter: `openThread IN (${threads.map((_, i) => `:thread${i}`).join(", ")})`,
      values: Object.fromEntries(threads.map((thread, i) => [`:thread${i}`, thread])),
    });
    const echoed = onThread.filter((obligation) => isOwnHoldingReply(obligation, item));
    if (echoed.length > 0) {
      for (const obligation of echoed) await this.confirmByEcho(obligation.itemKey, item.itemId, now);
      return;
    }
    for (const obligation of onThread) {
      if (Date.parse(item.createdAt) >= Date.parse(obligation.createdAt)) {
        await this.close(obligation.itemKey, "staff_reply", now);
      }
    }
  }

  async get(key: string): Promise<Obligation | undefined> {
    const { Item: row } = await this.document.send(
      new GetCommand({ TableName: this.tableName, Key: { pk: key }, ConsistentRead: true }),
    );
    return row ? this.toObligation(row as ObligationRow) : undefined;
  }

  /** The whole open partition, sorted once read: a public body has a few hundred open questions at most. */
  async listOpen(limit?: number): Promise<Obligation[]> {
    const open = await this.query({});
    return open.sort((a, b) => a.dueAt.localeCompare(b.dueAt)).slice(0, limit);
  }

  needingAttention(until: Date, limit?: number): Promise<Obligation[]> {
    return this.query({ wokenBy: until.toISOString(), limit });
  }

  close(key: string, closedBy: ClosedBy, at: Date): Promise<boolean> {
    const expiresAt = Math.floor(at.getTime() / 1000) + closedObligationRetentionDays * 24 * 3600;
    return this.update(key, {
      UpdateExpression:
        "SET #status = :closed, closedBy = :closedBy, closedAt = :at, expiresAt = :expiresAt " +
        "REMOVE #open, openThread, wakeAt",
      ConditionExpression: "#status = :open",
      ExpressionAttributeNames: { "#status": "status", "#open": "open" },
      ExpressionAttributeValues: {
        ":open": "open",
        ":closed": "closed",
        ":closedBy": closedBy,
        ":at": at.toISOString(),
        ":expiresAt": expiresAt,
      },
    });
  }

  async claimHoldingReply(key: string, claim: HoldingReplyClaim) {
    const previous = await this.updateWhileClaimable(
      key,
      "SET replyState = :intended, replyLeaseOwner = :owner, replyLeaseUntil = :until " +
        "REMOVE replyError ADD replyAttempts :one",
      {
        ":owner": claim.owner,
        ":until": claim.leaseUntil.toISOString(),
        ":now": claim.now.toISOString(),
        ":one": 1,
      },
      "ALL_OLD",
    );
    if (!previous) return undefined;
    const claimed: ObligationRow = {
      ...previous,
      replyState: "intended",
      replyLeaseOwner: claim.owner,
      replyLeaseUntil: claim.leaseUntil.toISOString(),
      replyAttempts: (previous.replyAttempts ?? 0) + 1,
      replyError: undefined,
    };
    return { obligation: this.toObligation(claimed), previousState: previous.replyState };
  }

  async recordShadowReply(key: string, at: Date): Promise<Obligation | undefined> {
    const recorded = await this.updateWhileClaimable(
      key,
      "SET replyState = :shadow, replyRecordedAt = :now REMOVE replyLeaseOwner, replyLeaseUntil, replyError",
      { ":shadow": "shadow", ":now": at.toISOString() },
      "ALL_NEW",
    );
    return recorded && this.toObligation(recorded);
  }

  private toObligation(row: ObligationRow): Obligation {
    return toObligation(row, this.entityFor);
  }

  /**
   * Updates the row only while its holding reply may still be claimed (open, not settled, no live lease held by
   * another run); undefined when another run or a settled reply got there first.
   */
  private async updateWhileClaimable(
    key: string,
    updateExpression: string,
    values: Record<string, unknown>,
    returnValues: "ALL_OLD" | "ALL_NEW",
  ): Promise<ObligationRow | undefined> {
    try {
      const { Attributes } = await this.document.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: { pk: key },
          UpdateExpression: updateExpression,
          ConditionExpression: replyClaimable,
          ExpressionAttributeNames: { "#status": "status" },
          ExpressionAttributeValues: { ":open": "open", ":intended": "intended", ":released": "released", ...values },
          ReturnValues: returnValues,
        }),
      );
      return Attributes as ObligationRow;
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) return undefined;
      throw error;
    }
  }

  /**
   * One conditional update for the whole run: the reply's outcome while this run holds the lease, the alerts (ADD to
   * a set: recording one twice is harmless) and the next wake time while the obligation is open. When the condition
   * fails, the row says why: the lease went to another run or our own echo confirmed the reply (the rest is still
   * recorded), or the obligation was closed meanwhile (only the reply's outcome is, for the record).
   */
  async settle(key: string, outcome: ObligationOutcome): Promise<{ newlyAlerted: ObligationAlert[] }> {
    const schedule = scheduleUpdate(outcome);
    const { reply } = outcome;
    const whileOpen = { ...schedule, condition: "#status = :open" };
    if (!reply) return (await this.settleWith(key, outcome, whileOpen)) ?? { newlyAlerted: [] };
    const replied = replyUpdate(reply);
    const settled = await this.settleWith(key, outcome, {
      ...merge(schedule, replied),
      condition: "#status = :open AND replyLeaseOwner = :owner",
    });
    if (settled) return settled;
    const current = await this.get(key);
    if (current?.status === "open") return (await this.settleWith(key, outcome, whileOpen)) ?? { newlyAlerted: [] };
    if (current?.holdingReply?.leaseOwner === reply.owner) {
      await this.settleWith(key, outcome, { ...replied, condition: "replyLeaseOwner = :owner" });
    }
    return { newlyAlerted: [] };
  }

  /** The update, or undefined when its condition failed; the alerts it was the first to record. */
  private async settleWith(key: string, outcome: ObligationOutcome, update: Update & { condition: string }) {
    const byStatus = update.condition.includes("#status");
    try {
      const { Attributes } = await this.document.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: { pk: key },
          UpdateExpression: expression(update),
          ConditionExpression: update.condition,
          ExpressionAttributeNames: byStatus ? { "#status": "status" } : undefined,
          ExpressionAttributeValues: { ...(byStatus && { ":open": "open" }), ...update.values },
          ReturnValues: "UPDATED_OLD",
        }),
      );
      const before = (Attributes?.alerted as Set<ObligationAlert> | undefined) ?? new Set();
      return { newlyAlerted: outcome.alerted.filter((alert) => !before.has(alert)) };
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) return undefined;
      throw error;
    }
  }

  private async confirmByEcho(key: string, replyId: string, at: Date): Promise<void> {
    await this.update(key, {
      UpdateExpression:
        "SET replyState = :confirmed, replyId = :replyId, replySentAt = if_not_exists(replySentAt, :at) " +
        "REMOVE replyLeaseOwner, replyLeaseUntil",
      ConditionExpression: "attribute_exists(replyState)",
      ExpressionAttributeValues: { ":confirmed": "confirmed", ":replyId": replyId, ":at": at.toISOString() },
    });
  }

  /** A conditional update; false when its condition did not hold. */
  private update(key: string, input: Omit<UpdateCommandInput, "TableName" | "Key">): Promise<boolean> {
    return this.ignoringConditionFailure(
      this.document.send(new UpdateCommand({ TableName: this.tableName, Key: { pk: key }, ...input })),
    );
  }

  private async ignoringConditionFailure(write: Promise<unknown>): Promise<boolean> {
    try {
      await write;
      return true;
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) return false;
      throw error;
    }
  }

  /**
   * Open obligations from openByWake: those woken by a time (`wakeAt <= wokenBy`), else the whole partition,
   * optionally filtered on the projected `openThread`.
   */
  private async query(options: {
    wokenBy?: string;
    filter?: string;
    values?: Record<string, string>;
    limit?: number;
  }): Promise<Obligation[]> {
    const { wokenBy, filter, values = {}, limit = Number.POSITIVE_INFINITY } = options;
    const obligations: Obligation[] = [];
    const pages = paginateQuery(
      { client: this.document, pageSize: Math.min(limit, 100) },
      {
        TableName: this.tableName,
        IndexName: openByWake.indexName,
        KeyConditionExpression: `#open = :open${wokenBy ? " AND wakeAt <= :until" : ""}`,
        FilterExpression: filter,
        ExpressionAttributeNames: { "#open": "open" },
        ExpressionAttributeValues: { ":open": openMarker, ...(wokenBy && { ":until": wokenBy }), ...values },
      },
    );
    // The indexes hold keys only: the rows are read back, and one closed since the index was read is left out.
    for await (const page of pages) {
      const keys = (page.Items ?? []).map((entry) => ({ pk: entry.pk as string }));
      for (const row of await batchGet(this.document, this.tableName, keys)) {
        if (row.status !== "open") continue;
        obligations.push(this.toObligation(row as unknown as ObligationRow));
        if (obligations.length >= limit) return obligations;
      }
    }
    return obligations;
  }
}

/** The parts of an UpdateExpression, and their values. */
interface Update {
  set: string[];
  remove: string[];
  add: string[];
  values: Record<string, unknown>;
}

const expression = ({ set, remove, add }: Update) =>
  [
    set.length ? `SET ${set.join(", ")}` : "",
    remove.length ? `REMOVE ${remove.join(", ")}` : "",
    add.length ? `ADD ${add.join(", ")}` : "",
  ]
    .filter(Boolean)
    .join(" ");

const merge = (a: Update, b: Update): Update => ({
  set: [...a.set, ...b.set],
  remove: [...a.remove, ...b.remove],
  add: [...a.add, ...b.add],
  values: { ...a.values, ...b.values },
});

/** The next wake time (none: `idleWakeAt`, still in openByWake for the list and the thread) and the alerts told. */
function scheduleUpdate({ wakeAt, alerted }: ObligationOutcome): Update {
  return {
    set: ["wakeAt = :wakeAt"],
    remove: [],
    add: alerted.length ? ["alerted :alerted"] : [],
    values: {
      ":wakeAt": wakeAt?.toISOString() ?? idleWakeAt,
      ...(alerted.length && { ":alerted": new Set(alerted) }),
    },
  };
}

/** The claimed reply landed or failed: its state, and the lease given back. */
function replyUpdate(reply: HoldingReplyOutcome): Update {
  const confirmed = reply.state === "confirmed";
  return {
    set: [
      "replyState = :replyState",
      ...(confirmed ? ["replySentAt = :sentAt"] : ["replyError = :replyError"]),
      ...(reply.replyId ? ["replyId = :replyId"] : []),
    ],
    remove: ["replyLeaseOwner", "replyLeaseUntil"],
    add: [],
    values: {
      ":replyState": reply.state,
      ":owner": reply.owner,
      ...(confirmed ? { ":sentAt": reply.at.toISOString() } : { ":replyError": reply.error }),
      ...(reply.replyId && { ":replyId": reply.replyId }),
    },
  };
}
