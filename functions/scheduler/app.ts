import { randomUUID } from "node:crypto";
import type { Logger } from "@aws-lambda-powertools/logger";
import {
  type Clock,
  type Entity,
  type EntityDeployment,
  findDeployment,
  noAnswerErrorCode,
  type PlatformActions,
  PlatformError,
  type StaffAlert,
  type StaffAlerts,
} from "@sentinella/core";
import {
  defaultPlanSettings,
  type HoldingReply,
  type HoldingReplyOutcome,
  type HoldingReplyState,
  holdingReplyText,
  type Obligation,
  type ObligationAlert,
  type ObligationStore,
  type PlanSettings,
  planObligation,
  replyTarget,
} from "@sentinella/replies";

export interface SchedulerSettings {
  /** The obligation store plans the first wake time with the default plan: other settings may only wake later. */
  plan: PlanSettings;
  /** How long a run may hold a holding reply: longer than the Lambda's timeout, so it expires only for a dead run. */
  leaseMs: number;
  /** Obligations one run looks at; the rest wait for the next tick (their wake time has passed, so they come first). */
  batchLimit: number;
  /** Obligations handled at once (platform calls are the slow part). */
  concurrency: number;
}

export const defaultSchedulerSettings: SchedulerSettings = {
  plan: defaultPlanSettings,
  leaseMs: 5 * 60_000,
  batchLimit: 1000,
  concurrency: 16,
};

export interface SchedulerDeps {
  obligations: ObligationStore;
  platforms: PlatformActions;
  /** Which entity runs each account and in which mode: shadow mode records holding replies, never posts them. */
  deployments: readonly EntityDeployment[];
  policyFor(entityId: string): Entity;
  alerts: StaffAlerts;
  clock: Clock;
  logger: Pick<Logger, "info" | "warn" | "error">;
  /** Sends the staff-alert digests due at `now` (packages/alerts). */
  flushDigests?: (now: Date) => Promise<void>;
  /** Renews the platform tokens due (`renewDueTokens`), before anything else in the run. */
  renewTokens?: (now: Date) => Promise<{ renewed: string[]; failed: { account: string; code: string }[] }>;
  /**
   * Alerts about the platform accounts: tokens that lapse soon or have lapsed (`tokenAlerts`), webhooks a platform
   * stopped verifying (`handshakeAlerts`); each is sent once.
   */
  accountAlerts?: (now: Date) => Promise<StaffAlert[]>;
  settings?: Partial<SchedulerSettings>;
}

export interface SchedulerReport {
  examined: number;
  holdingReplies: number;
  /** Holding replies recorded, not sent, for deployments in shadow mode. */
  shadowReplies: number;
  alerts: number;
  failures: number;
}

type Outcome = Pick<SchedulerReport, "holdingReplies" | "shadowReplies" | "alerts">;

/** What staff alerts say about the holding reply, by its state. */
const holdingReplyDone: Partial<Record<HoldingReplyState, string>> = {
  confirmed: "risposta di cortesia inviata",
  failed: "risposta di cortesia non inviata",
  shadow: "modalità prova: risposta di cortesia non inviata",
};

/**
 * One scheduler tick (EventBridge, every 5 minutes): every open obligation whose wake time has come is planned
 * (packages/replies `planObligation`) and its steps carried out — a holding reply at most once, under a lease
 * recorded before the platform call — then given its next wake time. Alert digests are flushed last.
 */
export function createSchedulerHandler(deps: SchedulerDeps): () => Promise<SchedulerReport> {
  const settings = { ...defaultSchedulerSettings, ...deps.settings };
  const { obligations, platforms, alerts, logger } = deps;

  async function notify(obligation: Obligation, reason: ObligationAlert | "token_expired"): Promise<void> {
    const done = obligation.holdingReply && holdingReplyDone[obligation.holdingReply.state];
    await alerts.notify({
      entityId: obligation.entityId,
      reason,
      itemKey: obligation.itemKey,
      platform: obligation.platform,
      categories: obligation.categories,
      redactedText: obligation.redactedText,
      deadline: obligation.dueAt,
      done: done ? [done] : [],
    });
  }

  /**
   * Sends the holding reply unless another run holds it or it already landed. Returns the obligation as it is
   * after the attempt, whether this call sent a reply, and what became of the claimed reply, which `handle` records
   * with the rest of the run in one write (the claim, before the platform call, is the write that guards it).
   */
  async function sendHoldingReply(
    obligation: Obligation,
    entity: Entity,
    runId: string,
    now: Date,
  ): Promise<{ obligation: Obligation; sent: boolean; reply?: HoldingReplyOutcome; tokenExpired?: boolean }> {
    const text = holdingReplyText(obligation.kind, entity);
    const claimed = await obligations.claimHoldingReply(obligation.itemKey, {
      owner: runId,
      now,
      leaseUntil: new Date(now.getTime() + settings.leaseMs),
    });
    if (!claimed) {
      logger.info("Holding reply held by another run or settled", { itemKey: obligation.itemKey });
      return { obligation, sent: false };
    }
    const { itemKey } = obligation;
    const attempt = { text, channel: obligation.channel, attempts: 1, ...claimed.obligation.holdingReply };
    const settled = (reply: Omit<HoldingReplyOutcome, "owner" | "at">, sent = false) => {
      const { leaseOwner: _, leaseUntil: __, ...rest } = attempt;
      const holdingReply: HoldingReply = {
        ...rest,
        ...reply,
        ...(reply.state === "confirmed" && { sentAt: now.toISOString() }),
      };
      return { obligation: { ...claimed.obligation, holdingReply }, sent, reply: { ...reply, owner: runId, at: now } };
    };
    const target = replyTarget(obligation);
    // Only a public reply can be looked up on the platform: private replies and messages have no cheap read.
    const findReply = obligation.channel === "public" ? platforms.findReply?.bind(platforms) : undefined;
    /** The reply may be out there and there is no way to check: never risk a second one; staff get the alerts. */
    const giveUpUnknown = (message: string) => {
      logger.error("Holding reply outcome unknown; not sending it again", { itemKey, message });
      return settled({ state: "failed", error: { code: "outcome_unknown", message } });
    };

    try {
      if (claimed.previousState === "intended" || claimed.previousState === "released") {
        // An earlier attempt may have landed: a run died mid-call, or the connection broke after the platform acted.
        const landed = await findReply?.(target, text);
        if (landed) {
          logger.info("Holding reply found on the platform; confirmed without sending it again", { itemKey });
          return settled({ state: "confirmed", replyId: landed.id });
        }
        if (claimed.previousState === "intended" && !findReply) {
          return giveUpUnknown("a scheduler run died during the platform call");
        }
      }
      const result =
        obligation.channel === "private"
          ? await platforms.privateReply(target, text)
          : await platforms.reply(target, text);
      logger.info("Holding reply sent", { itemKey, channel: obligation.channel, replyId: result.id });
      return settled({ state: "confirmed", replyId: result.id }, true);
    } catch (cause) {
      if (cause instanceof PlatformError && cause.code === noAnswerErrorCode && !findReply) {
        return giveUpUnknown(`the platform did not answer: ${cause.message}`);
      }
      const kind = cause instanceof PlatformError ? cause.kind : "transient";
      const error = { code: cause instanceof PlatformError ? cause.code : "error", message: String(cause) };
      // A dead token may be reconnected by staff: keep retrying; only a refusal for good ends the attempts.
      const retry = kind !== "permanent";
      logger.warn("Holding reply failed", { itemKey, kind, retry, error });
      return { ...settled({ state: retry ? "released" : "failed", error }), tokenExpired: kind === "auth" };
    }
  }

  /** Shadow mode: records the reply that would have been sent, without a platform call. */
  async function recordShadowReply(obligation: Obligation, now: Date) {
    const recorded = await obligations.recordShadowReply(obligation.itemKey, now);
    if (recorded) logger.info("Holding reply recorded, not sent: shadow mode", { itemKey: obligation.itemKey });
    return recorded;
  }

  /**
   * Plans the obligation, carries out its steps, and records what they did and the next wake time in one write at
   * the end, also when a step failed half-way (a reply that landed is recorded even if the alert after it failed).
   */
  async function handle(obligation: Obligation, runId: string, now: Date): Promise<Outcome> {
    const outcome: Outcome = { holdingReplies: 0, shadowReplies: 0, alerts: 0 };
    const deployment = findDeployment(deps.deployments, obligation.platform, obligation.accountId);
    if (!deployment) {
      // The account left the deployments: its items are no longer read, so no staff reply would ever close this.
      logger.warn("Obligation of an account in no deployment: no reply, not looked at again", {
        itemKey: obligation.itemKey,
      });
      await obligations.settle(obligation.itemKey, { alerted: [], wakeAt: undefined });
      return outcome;
    }
    const entity = deps.policyFor(obligation.entityId);
    let current = obligation;
    let reply: HoldingReplyOutcome | undefined;
    const alerted: ObligationAlert[] = [];
    try {
      for (const step of planObligation(current, entity, now, settings.plan).steps) {
        if (step.type === "holding_reply" && deployment.mode === "shadow") {
          const recorded = await recordShadowReply(current, now);
          if (recorded) outcome.shadowReplies += 1;
          current = recorded ?? current;
        } else if (step.type === "holding_reply") {
          const attempt = await sendHoldingReply(current, entity, runId, now);
          current = attempt.obligation;
          reply = attempt.reply;
          if (attempt.sent) outcome.holdingReplies += 1;
          if (attempt.tokenExpired) await notify(current, "token_expired");
        } else {
          // Told first, recorded after: a failed notify is retried next tick, and StaffAlerts keeps one alert per
          // item and reason, so an overlapping run telling staff too is harmless.
          await notify(current, step.reason);
          alerted.push(step.reason);
          current = { ...current, alerted: [...current.alerted, step.reason] };
        }
      }
    } finally {
      const next = planObligation(current, entity, now, settings.plan);
      // Anything still to do now (a reply to retry, a lease held by another run, an alert that failed) is looked
      // at again next tick.
      const { newlyAlerted } = await obligations.settle(current.itemKey, {
        reply,
        alerted,
        wakeAt: next.steps.length ? now : next.wakeAt,
      });
      outcome.alerts += newlyAlerted.length;
    }
    return outcome;
  }

  return async () => {
    const now = deps.clock.now();
    const runId = randomUUID();
    const report: SchedulerReport = { examined: 0, holdingReplies: 0, shadowReplies: 0, alerts: 0, failures: 0 };
    if (deps.renewTokens) {
      try {
        const renewal = await deps.renewTokens(now);
        if (renewal.renewed.length || renewal.failed.length) logger.info("Platform tokens renewed", { ...renewal });
        report.failures += renewal.failed.length;
      } catch (error) {
        logger.error("Platform tokens not renewed", { error });
        report.failures += 1;
      }
    }
    const pending = await obligations.needingAttention(now, settings.batchLimit);
    report.examined = pending.length;
    const worker = async () => {
      for (let obligation = pending.shift(); obligation; obligation = pending.shift()) {
        try {
          const outcome = await handle(obligation, runId, now);
          report.holdingReplies += outcome.holdingReplies;
          report.shadowReplies += outcome.shadowReplies;
          report.alerts += outcome.alerts;
        } catch (error) {
          report.failures += 1;
          logger.error("Obligation not processed", { itemKey: obligation.itemKey, error });
        }
      }
    };
    await Promise.all(Array.from({ length: settings.concurrency }, worker));
    if (deps.accountAlerts) {
      // Before the digests: an expiring token told in the evening goes out with the next morning's digest.
      try {
        for (const alert of await deps.accountAlerts(now)) await deps.alerts.notify(alert);
      } catch (error) {
        logger.error("Account alerts not sent", { error });
        report.failures += 1;
      }
    }
    if (deps.flushDigests) {
      try {
        await deps.flushDigests(now);
      } catch (error) {
        logger.error("Alert digests not flushed", { error });
        report.failures += 1;
      }
    }
    logger.info("Scheduler run done", { ...report });
    return report;
  };
}
