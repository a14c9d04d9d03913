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
  type Obligation,
  type ObligationAlert,
  type ObligationStore,
  threadKey,
  threadKeysAnsweredBy,
} from "@sentinella/replies";
import { closedObligationRetentionDays, type obligationTable } from "./resources";

const openMarker = "open";

/** When a holding reply may be claimed (or recorded as shadow): open, and no reply settled or leased to a live run. */
const replyClaimable =
  "#status = :open AND (attribute_not_exists(replyState) OR replyState = :released OR " +
  "(replyState = :intended AND replyLeaseUntil <= :now))";

/** The holding reply is kept as top-level attributes so one conditional update can test and bump them. */
interface ObligationRow extends Omit<Obligation, "holdingReply"> {
  pk: string;
  open?: string;
  openThread?: string;
  wakeAt?: string;
  expiresAt?: number;
  replyState?: HoldingReply["state"];
  replyText?: string;
  replyChannel?: HoldingReply["channel"];
  replyAttempts?: number;
  replyLeaseOwner?: string;
  replyLeaseUntil?: string;
  replyId?: string;
  replySentAt?: string;
  replyRecordedAt?: string;
  replyError?: HoldingReply["error"];
}

function toObligation(row: ObligationRow): Obligation {
  const {
    pk: _pk,
    open: _open,
    openThread: _openThread,
    wakeAt: _wakeAt,
    expiresAt: _expiresAt,
    replyState,
    replyText,
    replyChannel,
    replyAttempts,
    replyLeaseOwner,
    replyLeaseUntil,
    replyId,
    replySentAt,
    replyRecordedAt,
    replyError,
    ...obligation
  } = row;
  const holdingReply: HoldingReply | undefined =
    replyState && replyText !== undefined && replyChannel
      ? {
          state: replyState,
          text: replyText,
          channel: replyChannel,
          attempts: replyAttempts ?? 0,
          leaseOwner: replyLeaseOwner,
          leaseUntil: replyLeaseUntil,
          replyId,
          sentAt: replySentAt,
          recordedAt: replyRecordedAt,
          error: replyError,
        }
      : undefined;
  return { ...obligation, alerted: obligation.alerted ?? [], holdingReply };
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
 * scheduler finds what needs attention through the sparse openByWake index and sends each holding reply at
 * most once under a conditional lease.
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

  /** Idempotent: a redelivered or edited item keeps the first obligation and its due time. */
  async open(item: Item, decision: Decision): Promise<void> {
    const { holdingReply: _none, ...obligation } = createObligation(item, decision, this.entityFor(item.entityId));
    const row: ObligationRow = {
      ...obligation,
      pk: obligation.itemKey,
      open: openMarker,
      openThread: threadKey(obligation.platform, obligation.accountId, obligation.threadId),
      // Due for a first look at once: an emergency's reply or a Friday-evening question cannot wait.
      wakeAt: obligation.createdAt,
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
    const onThread = (
      await Promise.all(
        threadKeysAnsweredBy(item).map((thread) =>
          this.query("openByThread", "openThread = :thread", { ":thread": thread }),
        ),
      )
    ).flat();
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
    return row ? toObligation(row as ObligationRow) : undefined;
  }

  listOpen(limit?: number): Promise<Obligation[]> {
    return this.query("openByDue", "#open = :open", { ":open": openMarker }, limit);
  }

  needingAttention(until: Date, limit?: number): Promise<Obligation[]> {
    return this.query(
      "openByWake",
      "#open = :open AND wakeAt <= :until",
      { ":open": openMarker, ":until": until.toISOString() },
      limit,
    );
  }

  async reschedule(key: string, wakeAt: Date | undefined): Promise<void> {
    await this.update(key, {
      UpdateExpression: wakeAt ? "SET wakeAt = :wakeAt" : "REMOVE wakeAt",
      ConditionExpression: "#status = :open",
      ExpressionAttributeNames: { "#status": "status" },
      ExpressionAttributeValues: { ":open": "open", ...(wakeAt && { ":wakeAt": wakeAt.toISOString() }) },
    });
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
      "SET replyState = :intended, replyText = :text, replyChannel = :channel, replyLeaseOwner = :owner, " +
        "replyLeaseUntil = :until REMOVE replyError ADD replyAttempts :one",
      {
        ":text": claim.text,
        ":channel": claim.channel,
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
      replyText: claim.text,
      replyChannel: claim.channel,
      replyLeaseOwner: claim.owner,
      replyLeaseUntil: claim.leaseUntil.toISOString(),
      replyAttempts: (previous.replyAttempts ?? 0) + 1,
      replyError: undefined,
    };
    return { obligation: toObligation(claimed), previousState: previous.replyState };
  }

  async recordShadowReply(
    key: string,
    reply: { text: string; channel: HoldingReply["channel"]; at: Date },
  ): Promise<Obligation | undefined> {
    const recorded = await this.updateWhileClaimable(
      key,
      "SET replyState = :shadow, replyText = :text, replyChannel = :channel, replyRecordedAt = :now " +
        "REMOVE replyLeaseOwner, replyLeaseUntil, replyError",
      { ":shadow": "shadow", ":text": reply.text, ":channel": reply.channel, ":now": reply.at.toISOString() },
      "ALL_NEW",
    );
    return recorded && toObligation(recorded);
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

  async confirmHoldingReply(key: string, owner: string, replyId: string | undefined, at: Date): Promise<void> {
    // The condition fails harmlessly when our own echo already confirmed the reply.
    await this.update(key, {
      UpdateExpression: `SET replyState = :confirmed, replySentAt = :at${replyId ? ", replyId = :replyId" : ""} REMOVE replyLeaseOwner, replyLeaseUntil`,
      ConditionExpression: "replyLeaseOwner = :owner",
      ExpressionAttributeValues: {
        ":confirmed": "confirmed",
        ":at": at.toISOString(),
        ":owner": owner,
        ...(replyId && { ":replyId": replyId }),
      },
    });
  }

  async releaseHoldingReply(
    key: string,
    owner: string,
    error: { code: string; message: string },
    retry: boolean,
  ): Promise<void> {
    await this.update(key, {
      UpdateExpression: "SET replyState = :state, replyError = :error REMOVE replyLeaseOwner, replyLeaseUntil",
      ConditionExpression: "replyLeaseOwner = :owner",
      ExpressionAttributeValues: { ":state": retry ? "released" : "failed", ":error": error, ":owner": owner },
    });
  }

  markAlerted(key: string, reason: ObligationAlert): Promise<boolean> {
    return this.update(key, {
      UpdateExpression: "SET alerted = list_append(if_not_exists(alerted, :none), :reason)",
      ConditionExpression: "attribute_exists(pk) AND NOT contains(alerted, :reasonName)",
      ExpressionAttributeValues: { ":none": [], ":reason": [reason], ":reasonName": reason },
    });
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

  private async query(
    indexName: (typeof obligationTable.globalIndexes)[number]["indexName"],
    keyCondition: string,
    values: Record<string, string>,
    limit = Number.POSITIVE_INFINITY,
  ): Promise<Obligation[]> {
    const obligations: Obligation[] = [];
    const pages = paginateQuery(
      { client: this.document, pageSize: Math.min(limit, 100) },
      {
        TableName: this.tableName,
        IndexName: indexName,
        KeyConditionExpression: keyCondition,
        ExpressionAttributeNames: keyCondition.includes("#open") ? { "#open": "open" } : undefined,
        ExpressionAttributeValues: values,
      },
    );
    for await (const page of pages) {
      for (const row of page.Items ?? []) {
        obligations.push(toObligation(row as ObligationRow));
        if (obligations.length >= limit) return obligations;
      }
    }
    return obligations;
  }
}
