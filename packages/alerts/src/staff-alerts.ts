import type { Clock, StaffAlert, StaffAlerts } from "@sentinella/core";
import type { AlertChannel } from "./channel";
import { type AlertMessage, alertsOf, isUrgent, pickAlert } from "./message";
import type { AlertRoute, AlertRoutes } from "./routes";
import type { AlertStore, PendingAlert } from "./store";

/** The slice of a logger this module uses; Powertools' Logger fits. */
export interface AlertLogger {
  warn(message: string, attributes: Record<string, unknown>): void;
  error(message: string, attributes: Record<string, unknown>): void;
}

export interface StaffAlertsDeps {
  channels: readonly AlertChannel[];
  store: AlertStore;
  /**
   * Per entity: who is told, on which channel. Entities missing here get no alert (logged as an error).
   * A function when part of it is loaded (Slack URLs from Secrets Manager): called at each notify and flush,
   * so it should cache.
   */
  recipients: AlertRoutes | (() => Promise<AlertRoutes>);
  /** The entity's office calendar (packages/replies), passed in by the wiring. */
  isOpen(entityId: string, at: Date): boolean;
  clock: Clock;
  logger: AlertLogger;
  /** The staff console's base URL (".../console"): alerts link to their item there, digests to the queue. */
  consoleUrl?: string;
  /** How long a sender owns an alert before the next scheduler tick may retry it. Default 120 s. */
  leaseSeconds?: number;
}

export interface FlushReport {
  /** Messages (single alerts and digests) delivered on at least one channel. */
  delivered: number;
  /** Messages no channel delivered: they stay pending for the next tick. */
  failed: number;
}

export interface StaffAlertService extends StaffAlerts {
  /**
   * Called by the scheduler every 5 minutes: sends one digest per entity that is open at `now` with what
   * was gathered while it was closed, and retries the at-once alerts that no channel delivered.
   */
  flushDigests(now?: Date): Promise<FlushReport>;
}

function describe(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
}

/**
 * Routes staff alerts. Urgent reasons go at once, any hour; the others go at once in office hours and
 * into the entity's next digest otherwise. Every alert is first recorded in the store: a digest's with its outbox
 * entry, one sent at once as a claim (the pair is taken for the lease's length) with an outbox entry only if no
 * channel delivered it. A dead channel leaves it pending and the next flush delivers it; a crash leaves a claim that
 * lapses, and the caller's retry (the item's redelivery, the scheduler's next tick) sends it.
 * See packages/aws/README.md, "Staff alerts", for the write units each path costs.
 * A channel that fails (after its own retries) is reported once per entity, channel and UTC day
 * (reason channel_down) through the other channels.
 */
export function createStaffAlerts(deps: StaffAlertsDeps): StaffAlertService {
  const { store, logger } = deps;
  const leaseMs = (deps.leaseSeconds ?? 120) * 1000;
  const leaseEnd = (now: Date) => new Date(now.getTime() + leaseMs);
  const routes = async () => (typeof deps.recipients === "function" ? deps.recipients() : deps.recipients);

  async function deliver(unlinked: AlertMessage, route: AlertRoute, skipChannel?: string) {
    const message: AlertMessage = deps.consoleUrl ? { ...unlinked, consoleUrl: deps.consoleUrl } : unlinked;
    const outcomes = await Promise.all(
      deps.channels
        .filter((channel) => channel.name !== skipChannel)
        .map(async (channel) => {
          try {
            return { channel: channel.name, outcome: await channel.send(message, route) };
          } catch (error) {
            logger.warn("Alert channel failed", {
              channel: channel.name,
              entityId: message.entityId,
              error: describe(error),
            });
            return { channel: channel.name, outcome: "failed" as const, error: describe(error) };
          }
        }),
    );
    return {
      delivered: outcomes.some((o) => o.outcome === "sent"),
      failures: outcomes.filter((o) => o.outcome === "failed"),
    };
  }

  /**
   * Delivers one message built from `entries` and settles them in the store: queued entries are removed or kept,
   * a `claimed` one (sent at once, not queued) is marked sent or queued. True when someone got it.
   */
  async function send(entries: PendingAlert[], message: AlertMessage, route: AlertRoute, now: Date, claimed = false) {
    const { delivered, failures } = await deliver(message, route, entries[0]?.skipChannel);
    const [first] = entries;
    if (delivered) {
      if (claimed && first) await store.sent(first);
      else await store.delivered(entries);
    } else {
      const reason = failures.map((f) => `${f.channel}: ${f.error}`).join("; ") || "no channel has a recipient";
      logger.error("Staff alert not delivered, kept for the next tick", { entityId: message.entityId, error: reason });
      if (claimed && first) await store.queue(first, reason);
      else await store.failed(entries, reason);
    }
    // A channel_down report that fails too is not reported again: it stays pending like any other alert.
    if (!entries.some((e) => e.alert.reason === "channel_down")) {
      for (const failure of failures) await reportChannelDown(message, failure.channel, delivered, now);
    }
    return delivered;
  }

  function reportChannelDown(cause: AlertMessage, channel: string, deliveredElsewhere: boolean, now: Date) {
    const day = now.toISOString().slice(0, 10);
    const alert: StaffAlert = {
      entityId: cause.entityId,
      reason: "channel_down",
      itemKey: `channel#${cause.entityId}#${channel}#${day}`,
      // The platform of the alert that did not get through (a message always holds at least one).
      platform: alertsOf(cause)[0]?.platform ?? "facebook",
      categories: [],
      redactedText: `Il canale di avviso "${channel}" non ha consegnato un messaggio dopo ripetuti tentativi. Controllare la sua configurazione: fino ad allora gli avvisi arrivano solo dagli altri canali.`,
      done: [
        deliveredElsewhere
          ? "l'avviso che non è passato è stato consegnato sugli altri canali"
          : "l'avviso che non è passato non è arrivato su nessun canale: nuovo tentativo a ogni giro dello scheduler",
      ],
    };
    return route(alert, now, channel);
  }

  async function route(alert: StaffAlert, now: Date, skipChannel?: string) {
    const urgent = isUrgent(alert.reason);
    const delivery = urgent || deps.isOpen(alert.entityId, now) ? "now" : "digest";
    const entry: PendingAlert = {
      alert: pickAlert(alert),
      delivery,
      queuedAt: now.toISOString(),
      attempts: 0,
      ...(delivery === "now" ? { leaseUntil: leaseEnd(now).toISOString() } : {}),
      ...(skipChannel ? { skipChannel } : {}),
    };
    // An alert sent at once is only claimed: the outbox row is written only when the send fails.
    const atOnce = delivery === "now";
    if ((atOnce ? await store.claim(entry) : await store.record(entry)) === "exists") return;
    const recipients = (
      await routes().catch(async (error) => {
        // The routes (the Slack secret) cannot be read: a claimed alert is queued for the next tick's flush.
        if (atOnce) await store.queue(entry, describe(error));
        throw error;
      })
    )[alert.entityId];
    if (!recipients) {
      logger.error("No alert route for entity", { entityId: alert.entityId, reason: alert.reason });
      const error = "no alert route for the entity";
      await (atOnce ? store.queue(entry, error) : store.failed([entry], error));
      return;
    }
    if (!atOnce) return;
    const message: AlertMessage = { kind: "alert", entityId: alert.entityId, urgent, alert: entry.alert };
    await send([entry], message, recipients, now, true);
  }

  async function flushEntity(entityId: string, recipients: AlertRoute, now: Date, report: FlushReport) {
    const open = deps.isOpen(entityId, now);
    const nowIso = now.toISOString();
    // While the entity is closed its digest waits: only the alerts to retry at once are read.
    const due = (await store.pending(entityId, { digests: open })).filter(
      (e) => (e.delivery === "now" || open) && !(e.leaseUntil && e.leaseUntil > nowIso),
    );
    if (due.length === 0) return;
    const taken = await store.lease(due, now, leaseEnd(now));
    const digest = taken.filter((e) => e.delivery === "digest");
    const batches: { entries: PendingAlert[]; message: AlertMessage }[] = taken
      .filter((e) => e.delivery === "now")
      .map((e) => ({
        entries: [e],
        message: { kind: "alert", entityId, urgent: isUrgent(e.alert.reason), alert: e.alert },
      }));
    if (digest.length > 0) {
      batches.push({
        entries: digest,
        message: { kind: "digest", entityId, urgent: false, alerts: digest.map((e) => e.alert) },
      });
    }
    for (const { entries, message } of batches) {
      if (await send(entries, message, recipients, now)) report.delivered++;
      else report.failed++;
    }
  }

  return {
    async notify(alert) {
      try {
        await route(alert, deps.clock.now());
      } catch (error) {
        // Never into moderation: the classifier goes on; the error is in the logs with the item key.
        logger.error("Staff alert failed", {
          entityId: alert.entityId,
          reason: alert.reason,
          itemKey: alert.itemKey,
          error: describe(error),
        });
      }
    },

    async flushDigests(now = deps.clock.now()) {
      const report: FlushReport = { delivered: 0, failed: 0 };
      let entities: [string, AlertRoute][];
      try {
        entities = Object.entries(await routes());
      } catch (error) {
        logger.error("Alert routes not loaded, nothing flushed", { error: describe(error) });
        return { delivered: 0, failed: 1 };
      }
      for (const [entityId, recipients] of entities) {
        try {
          await flushEntity(entityId, recipients, now, report);
        } catch (error) {
          report.failed++;
          logger.error("Alert flush failed for entity", { entityId, error: describe(error) });
        }
      }
      return report;
    },
  };
}
