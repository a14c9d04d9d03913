import { BatchProcessor, EventType, processPartialResponse } from "@aws-lambda-powertools/batch";
import type { Logger } from "@aws-lambda-powertools/logger";
import { type Metrics, MetricUnit } from "@aws-lambda-powertools/metrics";
import { classifierTimeoutSeconds, isServiceUnavailable, itemQueue, parkingOf } from "@sentinella/aws";
import {
  type ActionTaken,
  type ActionTarget,
  type AlertReason,
  type Clock,
  type DeadLetterQueue,
  type DecisionRecord,
  type DecisionStore,
  type DeliveryFailure,
  type DeliveryParking,
  type EntityDeployment,
  type ErasureTombstones,
  expiryAfter,
  findDeployment,
  type Item,
  isHiddenNow,
  itemKey,
  itemVersionKey,
  type Mode,
  type OffenderLedger,
  type Parking,
  type PlatformActions,
  PlatformError,
  type ReplyObligations,
  readItemBody,
  removalFor,
  type StaffAlert,
  type StaffAlerts,
  type StaffRecord,
  type StaffRecordStore,
} from "@sentinella/core";
import { classify, type Policy } from "@sentinella/policy";
import type { Context, SQSBatchResponse, SQSEvent, SQSRecord } from "aws-lambda";

export interface ClassifierDeps {
  store: DecisionStore;
  platforms: PlatformActions;
  deployments: readonly EntityDeployment[];
  policyFor(entityId: string): Policy;
  obligations: ReplyObligations;
  alerts: StaffAlerts;
  /**
   * The repeat-offender ledger, for hides and unhides done natively on the platform. Sentinella's own hides are
   * not appended: the ledger reads them from the decisions' recorded actions (`withSentinellaHides`).
   */
  offenders: OffenderLedger;
  /** Where hides and unhides done natively on the platform are recorded, as staff decisions. */
  staff: StaffRecordStore;
  /** Where a delivery waits out a throttle or an outage without spending the queue's receives. */
  parking: DeliveryParking;
  /** Authors whose data was erased: what was received before is recorded without their personal data. */
  erasures: ErasureTombstones;
  /** Where a delivery goes, with why it failed, once its last receive fails (or its body is no Item at all). */
  deadLetters: DeadLetterQueue;
  clock: Clock;
  logger: Logger;
  metrics: Metrics;
}

type PlatformAction = ActionTaken["action"];

/** How many of an author's latest decisions the engine sees to recognise the same text posted again and again. */
const recentHistory = 20;

/** How long an account Graph throttled is left alone when Graph does not say (its usage header usually does). */
const defaultThrottlePauseSeconds = 60;

/** First wait of a delivery parked for an outage (a table, the platform's 5xx), doubled at each further parking. */
const firstOutageWaitSeconds = 30;

/** A delivery that finds another one acting on the same decision: it comes back once that one is done. */
export class ActionsInProgressError extends Error {
  constructor(itemVersionKey: string) {
    super(`another delivery is acting on ${itemVersionKey}`);
    this.name = "ActionsInProgressError";
  }
}

/** Moderation actions the classifier performs itself; replies belong to the scheduler (the 48-hour rule). */
function platformActionsFor(record: DecisionRecord, history: readonly DecisionRecord[]): PlatformAction[] {
  if (record.actions.includes("hide")) return [record.clearCutHandling === "delete" ? "delete" : "hide"];
  // A clean edit of a comment we hid earlier brings it back; a comment staff hid by hand is not ours to show.
  const ours = history
    .filter((earlier) => earlier.itemVersionKey !== record.itemVersionKey && earlier.decidedAt <= record.decidedAt)
    .flatMap((earlier) => earlier.actionsTaken)
    .filter((taken) => taken.status === "done" && (taken.action === "hide" || taken.action === "unhide"))
    .sort((a, b) => a.at.localeCompare(b.at))
    .at(-1);
  return record.event === "edited" && ours?.action === "hide" ? ["unhide"] : [];
}

/**
 * Why staff hear about a decision. Emergencies and threats are urgent; the alerts service routes by reason. A hide
 * the platform refused for good (an X reply outside the account's conversations, say) leaves the item visible:
 * staff review it.
 */
function alertReasons(record: DecisionRecord, taken: readonly ActionTaken[]): AlertReason[] {
  const refused = taken.some((t) => t.status === "failed" && (t.action === "hide" || t.action === "delete"));
  const categories = new Set(record.categories.map((finding) => finding.category));
  const reasons: AlertReason[] = [];
  if (categories.has("emergency")) reasons.push("emergency");
  if (categories.has("threat")) reasons.push("threat");
  if (reasons.length === 0 && (refused || record.actions.includes("review") || record.actions.includes("escalate"))) {
    reasons.push("review");
  }
  return reasons;
}

const doneInItalian: Record<PlatformAction, string> = {
  hide: "commento nascosto",
  unhide: "commento di nuovo visibile",
  delete: "commento eliminato",
  reply: "risposta pubblicata",
  private_reply: "risposta privata inviata",
};

/** Who a native hide or unhide is recorded as: the platform does not say which of the account's people did it. */
const nativeActor: Record<Item["platform"], string> = {
  facebook: "staff su Facebook",
  instagram: "staff su Instagram",
  x: "staff su X",
  youtube: "staff su YouTube",
  linkedin: "staff su LinkedIn",
};

/** The account can hide comments and replies under its own posts, not a private message. */
const hideableKinds: ReadonlySet<Item["kind"]> = new Set(["comment", "reply"]);

/** Instagram notifies a mention without its text, LinkedIn may notify a comment without it: read before deciding. */
function needsText(item: Item): boolean {
  if (item.text !== "") return false;
  return (item.kind === "mention" && item.platform === "instagram") || item.platform === "linkedin";
}

function alertAbout(record: DecisionRecord, reason: AlertReason, done: string[]): StaffAlert {
  return {
    entityId: record.entityId,
    reason,
    itemKey: record.itemKey,
    platform: record.platform,
    categories: record.categories.map((finding) => finding.category),
    redactedText: record.redactedText,
    done,
  };
}

/** A decision recorded for an author whose data was erased: the anonymous skeleton, no author and no text. */
function withoutPersonalData(record: DecisionRecord): DecisionRecord {
  const { authorId: _author, fullText: _text, personalDataExpiresAt: _expiry, ...skeleton } = record;
  return { ...skeleton, redactedText: "" };
}

function targetOf(item: Item): ActionTarget {
  return {
    platform: item.platform,
    accountId: item.accountId,
    itemId: item.itemId,
    kind: item.kind,
    threadId: item.threadId,
    parentId: item.parentId,
    authorId: item.author.id,
    postId: item.postId,
  };
}

/**
 * How long to park a delivery that failed with `error` before it comes back, or undefined when waiting would not
 * help (a poison message, a bug): what the platform asks for a throttle, a doubling wait from a second (up to a
 * lease's length) for a copy that met another delivery acting, a doubling wait from 30 s for an outage.
 */
function waitBeforeRetry(error: unknown, timesParked: number): number | undefined {
  if (error instanceof PlatformError && error.kind === "throttled") {
    return error.retryAfterSeconds ?? defaultThrottlePauseSeconds;
  }
  // Usually the other delivery is done within a second; one that died holds its lease for at most a timeout.
  if (error instanceof ActionsInProgressError) return Math.min(classifierTimeoutSeconds, 2 ** timesParked);
  if ((error instanceof PlatformError && error.kind === "transient") || isServiceUnavailable(error)) {
    return Math.min(itemQueue.maxParkDelaySeconds, firstOutageWaitSeconds * 2 ** timesParked);
  }
  return undefined;
}

/** Longest error message kept with a dead letter: room for an SDK's or a platform's message, not for a body. */
const maxFailureMessageLength = 300;

/** An error as the dead-letter queue keeps it: class and message, the item's text cut out, shortened. */
function describeError(error: unknown, item: Item): Pick<DeliveryFailure, "error" | "message"> {
  const name = error instanceof Error ? error.name : typeof error;
  let message = error instanceof Error ? error.message : String(error);
  // A text of a few letters would cut words out of any message; such a text tells nothing of its author either.
  if (item.text.length >= 4) message = message.replaceAll(item.text, "[text]");
  if (message.length > maxFailureMessageLength) message = `${message.slice(0, maxFailureMessageLength - 1)}…`;
  return { error: name || "Error", message: message || "(no message)" };
}

/**
 * The classifier Lambda: one SQS batch of items in, partial batch failures out.
 * Per item version, exactly once, with one guard: the decision row's conditional put (see packages/aws/README.md).
 * The delivery that writes it also holds its action lease; a redelivery finds the decision written, takes the
 * lease and completes only the platform actions not yet recorded (a copy that meets a live lease is parked until the
 * lease ends). Opening the obligation and alerting staff are idempotent per item, so a rerun repeats nothing. The one
 * window left, a crash between a hide and its record, repeats a hide: Graph only sets a flag. A throttle or an
 * outage parks the delivery (`DeliveryParking`) instead of failing it, so it never reaches the DLQ for waiting.
 */
export function createClassifierHandler(deps: ClassifierDeps) {
  const { store, platforms, obligations, alerts, clock, logger, metrics } = deps;
  /**
   * Accounts Graph throttled, until when (epoch ms). Meta: "stop making API calls. Continuing to make calls will
   * continue to increase your call count": their items wait for a later delivery without calling.
   */
  const pausedUntil = new Map<string, number>();
  const accountOf = (item: Item) => `${item.platform}#${item.accountId}`;

  /** The error to leave an item to a later delivery with, while its account is throttled. */
  function pausedError(item: Item): PlatformError | undefined {
    const leftMs = (pausedUntil.get(accountOf(item)) ?? 0) - clock.now().getTime();
    if (leftMs <= 0) return undefined;
    return new PlatformError("throttled", "paused", `${accountOf(item)} is throttled by the platform`, leftMs / 1000);
  }

  function pauseIfThrottled(item: Item, error: PlatformError) {
    if (error.kind !== "throttled") return;
    const pauseSeconds = error.retryAfterSeconds ?? defaultThrottlePauseSeconds;
    pausedUntil.set(accountOf(item), clock.now().getTime() + pauseSeconds * 1000);
  }

  /**
   * The item with its mention's text read from the platform. A throttled or transient failure leaves the item to
   * a later delivery; a refusal (or no way to read) leaves it as notified, with a warning: staff see the record.
   */
  async function withMentionText(item: Item): Promise<Item> {
    if (!needsText(item)) return item;
    const key = itemVersionKey(item);
    if (!platforms.fetchMentionText) {
      logger.warn("mention decided without its text: the platform adapter cannot read it", { itemVersionKey: key });
      return item;
    }
    const paused = pausedError(item);
    if (paused) throw paused;
    try {
      return { ...item, text: await platforms.fetchMentionText(targetOf(item)) };
    } catch (error) {
      if (!(error instanceof PlatformError)) throw error;
      metrics.addMetric("PlatformErrors", MetricUnit.Count, 1);
      pauseIfThrottled(item, error);
      if (error.kind === "throttled" || error.kind === "transient") throw error;
      logger.warn("mention decided without its text: the platform refused to read it", {
        itemVersionKey: key,
        kind: error.kind,
        code: error.code,
      });
      return item;
    }
  }

  function perform(action: PlatformAction, target: ActionTarget) {
    if (action === "hide") return platforms.hide(target);
    if (action === "unhide") return platforms.unhide(target);
    if (action === "delete" && platforms.remove) return platforms.remove(target);
    throw new PlatformError("permanent", "unsupported_action", `${action} is not a moderation action here`);
  }

  /** Performs what the record still owes the platform; returns what it did and a retryable error, if any. */
  async function act(item: Item, record: DecisionRecord, mode: Mode, owed: PlatformAction[]) {
    const taken: ActionTaken[] = [];
    let retryLater: PlatformError | undefined;
    let tokenExpired: PlatformError | undefined;
    for (const action of owed) {
      const at = clock.now().toISOString();
      if (mode === "shadow") {
        taken.push({ action, status: "shadow", at });
        continue;
      }
      if (!hideableKinds.has(item.kind)) {
        taken.push({ action, status: "skipped", at, platformResult: { reason: `a ${item.kind} cannot be hidden` } });
        continue;
      }
      retryLater = pausedError(item);
      if (retryLater) break;
      try {
        const result = await perform(action, targetOf(item));
        taken.push({ action, status: "done", at, platformResult: result.response });
        metrics.addMetric("PlatformActionsDone", MetricUnit.Count, 1);
      } catch (error) {
        if (!(error instanceof PlatformError)) throw error;
        metrics.addMetric("PlatformErrors", MetricUnit.Count, 1);
        pauseIfThrottled(item, error);
        if (error.kind === "throttled" || error.kind === "transient") {
          retryLater = error;
          break;
        }
        logger.warn("platform action failed", {
          itemVersionKey: record.itemVersionKey,
          action,
          kind: error.kind,
          code: error.code,
        });
        taken.push({ action, status: "failed", at, error: { code: error.code, message: error.message } });
        if (error.kind === "auth") tokenExpired = error;
      }
    }
    return { taken, retryLater, tokenExpired };
  }

  /**
   * A hide or unhide done on the platform by someone with access to the account: a staff record with source
   * "platform", and for the ledger a violation or its withdrawal. The platform also notifies the hides and unhides
   * Sentinella and the console make: an event that leaves the item as Sentinella already knows it is that echo (or a
   * redelivery) and records nothing; the record's id comes from the notification, so two copies at once add one.
   */
  /**
   * Whether the item reached Sentinella before its author's data was erased: a redelivery, or a delivery parked or
   * redriven since. The erasure covered it, so nothing of the author may be written again.
   */
  async function receivedBeforeErasure(item: Item, entityId: string): Promise<boolean> {
    if (!item.author.id) return false;
    const erasedAt = await deps.erasures.erasedAt(entityId, item.author.id);
    return erasedAt !== undefined && item.receivedAt <= erasedAt;
  }

  async function recordNativeModeration(item: Item, entityId: string, forgotten: boolean): Promise<void> {
    const key = itemKey(item);
    const [decisions, staffRecords] = await Promise.all([store.listByItem(key), deps.staff.listByItem(key)]);
    const hidden = item.event === "hidden";
    const latest = decisions.at(-1);
    // Sentinella decided a hide it has not recorded yet (in progress, or parked by a throttle): this may be its
    // echo, arriving first. It comes back once the hide is recorded, and is told apart then.
    const hideOwed =
      latest?.actions.includes("hide") &&
      !latest.actionsTaken.some((t) => t.action === "hide" || t.action === "delete");
    if (hidden && latest && hideOwed) throw new ActionsInProgressError(latest.itemVersionKey);
    if (isHiddenNow(decisions, staffRecords) === hidden) return;
    // The notification's time (the version of a hide or unhide event): the same in every copy of it.
    const at = item.version;
    const record: StaffRecord = {
      schemaVersion: 1,
      recordType: "staff",
      recordId: `${at}#platform-${item.event}`,
      itemKey: key,
      entityId,
      platform: item.platform,
      accountId: item.accountId,
      itemId: item.itemId,
      ...(forgotten ? {} : { authorId: item.author.id }),
      action: hidden ? "hide" : "unhide",
      source: "platform",
      by: { userId: `platform:${item.platform}`, name: nativeActor[item.platform] },
      at,
      clause: latest?.categories[0]?.clause,
      overrides: latest?.itemVersionKey,
      result: { status: "none" },
    };
    // The ledger first: its append is idempotent, and a delivery that fails after it finds the item unchanged.
    if (item.author.id && !forgotten) {
      await deps.offenders.append({
        entityId,
        authorId: item.author.id,
        platform: item.platform,
        accountId: item.accountId,
        kind: hidden ? "violation" : "withdrawn",
        at,
        eventId: record.recordId,
        itemKey: key,
        by: record.by.name,
        clause: record.clause,
        status: "none",
      });
    }
    await deps.staff.append(record);
  }

  async function decide(notified: Item, context?: Context): Promise<void> {
    const key = itemVersionKey(notified);
    const deployment = findDeployment(deps.deployments, notified.platform, notified.accountId);
    if (!deployment) {
      // Ingress queues only items of deployed accounts: this one was removed from the deployment since.
      logger.warn("item of an account in no deployment, dropped", { itemVersionKey: key });
      return;
    }
    const event = notified.event;
    const forgotten = await receivedBeforeErasure(notified, deployment.entityId);
    if (event === "hidden" || event === "unhidden") {
      await recordNativeModeration(notified, deployment.entityId, forgotten);
      return;
    }
    if (notified.byStaff || event === "deleted") {
      // Staff answers and deletions are not moderated (and leave no decision row: nothing was decided);
      // they only settle the reply the thread was owed.
      await obligations.closeFor(notified);
      return;
    }
    const item = await withMentionText(notified);

    const now = clock.now();
    const recent = item.author.id ? await store.recentByAuthor(deployment.entityId, item.author.id, recentHistory) : [];
    const removal = removalFor(item, deployment);
    const policy = deps.policyFor(deployment.entityId);
    const decision = classify(item, policy, {
      at: new Date(item.createdAt),
      // Earlier versions of this same item are not repetitions of it.
      recentTextsByAuthor: recent.filter((earlier) => earlier.itemKey !== itemKey(item)).map((r) => r.redactedText),
      removal,
    });
    const decided: DecisionRecord = {
      ...decision,
      // LinkedIn has no hide: the decision records what the deployment does instead (review or delete).
      ...(item.platform === "linkedin" && removal !== "hide" && { clearCutHandling: removal }),
      schemaVersion: 1,
      itemKey: itemKey(item),
      itemVersionKey: key,
      entityId: deployment.entityId,
      platform: item.platform,
      accountId: item.accountId,
      itemId: item.itemId,
      kind: item.kind,
      event,
      postId: item.postId,
      threadId: item.threadId,
      authorId: item.author.id,
      mode: deployment.mode,
      actionsTaken: [],
      itemCreatedAt: item.createdAt,
      decidedAt: now.toISOString(),
      fullText: item.text,
      expiresAt: expiryAfter(now, { days: policy.retention.fullTextDays }),
      personalDataExpiresAt: expiryAfter(now, { months: policy.retention.personalDataMonths }),
    };
    const fresh = forgotten ? withoutPersonalData(decided) : decided;
    // The lease lasts as long as this invocation can: a crash frees it for the redelivery.
    const leaseUntil = new Date(
      now.getTime() + (context?.getRemainingTimeInMillis() ?? classifierTimeoutSeconds * 1000),
    );
    const history = item.event === "edited" ? await store.listByItem(fresh.itemKey) : [];
    const freshOwed = platformActionsFor(fresh, history);
    const written = (await store.put(fresh, freshOwed.length > 0 ? { leaseUntil } : {})) === "written";
    // An existing record means an earlier delivery decided and may have stopped halfway: finish its work.
    const record = written ? fresh : await store.get(fresh);
    if (!record) throw new Error(`decision ${key} reported as existing but not found`);
    if (written) metrics.addMetric("Decisions", MetricUnit.Count, 1);

    // Before any hide: Instagram refuses replies to hidden comments, and the scheduler replies later.
    // An obligation holds the author and the question: none is opened again for an erased author.
    if (record.actions.includes("reply") && !forgotten) await obligations.open(item, record);

    const recorded = new Set(record.actionsTaken.map((taken) => taken.action));
    const owed = written ? freshOwed : platformActionsFor(record, history).filter((action) => !recorded.has(action));
    if (owed.length > 0 && !written && !(await store.lease(record, leaseUntil))) {
      throw new ActionsInProgressError(key);
    }
    let acted: Awaited<ReturnType<typeof act>>;
    try {
      acted = await act(item, record, record.mode, owed);
      if (acted.taken.length > 0) await store.appendActions(record, acted.taken);
    } catch (error) {
      // As if this delivery had never taken the lease: the redelivery need not wait for it to expire.
      if (owed.length > 0) await store.release(record);
      throw error;
    }
    const { taken, retryLater, tokenExpired } = acted;

    const allTaken = [...record.actionsTaken, ...taken];
    // Staff hear about emergencies even while the platform throttles us: alerts go out before any retry.
    const done = allTaken.filter((t) => t.status === "done").map((t) => doneInItalian[t.action]);
    for (const reason of alertReasons(record, allTaken)) await alerts.notify(alertAbout(record, reason, done));
    if (tokenExpired) {
      // One alert per account and day: every item of the account fails the same way until staff reconnect it.
      const day = now.toISOString().slice(0, 10);
      const itemKeyOfAccount = `token#${record.platform}#${record.accountId}#${day}`;
      await alerts.notify({ ...alertAbout(record, "token_expired", done), itemKey: itemKeyOfAccount });
    }
    if (retryLater) throw retryLater;
  }

  /**
   * The body is parsed here with the Item schema rather than by Powertools' batch parser: that parser imports zod
   * as `{ z }`, which keeps all of zod's locales (about 350 KB) in the bundle. A body that is not an Item goes to
   * the dead-letter queue at once; a delivery that fails on its last receive goes there too, with its error.
   */
  async function processRecord(record: SQSRecord, context?: Context): Promise<void> {
    const read = readItemBody(record.body);
    if (!("item" in read)) {
      // It can never become an Item: straight to the dead-letter queue, without waiting out the receives.
      const unreadable = read.notJson
        ? { error: "SyntaxError", message: "the message body is not JSON" }
        : { error: "ZodError", message: `not an Item: ${read.failingPaths.slice(0, 8).join(", ")}` };
      if (await deadLettered(record, unreadable)) return;
      throw new Error(`message ${record.messageId} is no Item: ${unreadable.message}`);
    }
    const { item } = read;
    try {
      await decide(item, context);
    } catch (error) {
      const key = itemVersionKey(item);
      if (await parked(record, error, key)) return;
      logger.warn("item left to a later delivery", { itemVersionKey: key, messageId: record.messageId, error });
      const lastReceive = receivesOf(record) >= itemQueue.maxReceiveCount;
      if (lastReceive && (await deadLettered(record, describeError(error, item), key))) return;
      throw error;
    }
  }

  const receivesOf = (record: SQSRecord) => Number(record.attributes.ApproximateReceiveCount) || 1;

  /**
   * Moves a delivery to the dead-letter queue with why it failed, and says whether it did. When the move fails, the
   * delivery fails as before and the queue's redrive policy moves it after its last receive, without the failure.
   */
  async function deadLettered(
    record: SQSRecord,
    failure: Pick<DeliveryFailure, "error" | "message">,
    itemVersionKey?: string,
  ): Promise<boolean> {
    const full: DeliveryFailure = { ...failure, attempts: receivesOf(record), at: clock.now().toISOString() };
    try {
      await deps.deadLetters.send(record.body, full, parkingOf(record.messageAttributes));
    } catch (sendError) {
      logger.warn("item could not be sent to the dead-letter queue", {
        itemVersionKey,
        messageId: record.messageId,
        error: sendError,
      });
      return false;
    }
    metrics.addMetric("ItemsDeadLettered", MetricUnit.Count, 1);
    logger.error("item sent to the dead-letter queue", { itemVersionKey, messageId: record.messageId, ...full });
    return true;
  }

  /**
   * Parks a delivery that failed for a reason that passes with time, and says whether it did. The DLQ is for
   * poison messages: a throttle or an outage must not spend the receives that lead there. Past
   * `itemQueue.maxParkedSeconds` of parking, or when parking itself fails, the delivery fails as any other.
   */
  async function parked(record: SQSRecord, error: unknown, key: string): Promise<boolean> {
    const earlier = parkingOf(record.messageAttributes);
    const delaySeconds = waitBeforeRetry(error, earlier?.times ?? 0);
    if (delaySeconds === undefined) return false;
    const now = clock.now();
    const parking: Parking = { times: (earlier?.times ?? 0) + 1, since: earlier?.since ?? now.toISOString() };
    if (now.getTime() - Date.parse(parking.since) > itemQueue.maxParkedSeconds * 1000) return false;
    try {
      await deps.parking.park(record.body, delaySeconds, parking);
    } catch (parkError) {
      logger.warn("item could not be parked", { itemVersionKey: key, messageId: record.messageId, error: parkError });
      return false;
    }
    metrics.addMetric("ItemsParked", MetricUnit.Count, 1);
    const reason = error instanceof Error ? error.message : String(error);
    logger.info("item parked", { itemVersionKey: key, messageId: record.messageId, delaySeconds, ...parking, reason });
    return true;
  }

  return async (event: SQSEvent, context?: Context): Promise<SQSBatchResponse> => {
    const processor = new BatchProcessor(EventType.SQS, { logger });
    return processPartialResponse(event, processRecord, processor, {
      context,
      // Report every failed record, even when all failed: the queue redelivers exactly those.
      throwOnFullBatchFailure: false,
    });
  };
}
