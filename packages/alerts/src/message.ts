import type { AlertReason, StaffAlert } from "@sentinella/core";

/** Reasons that reach on-call at once, at any hour; the others wait for office hours. */
export const urgentReasons: ReadonlySet<AlertReason> = new Set([
  "emergency",
  "threat",
  "deadline_passed",
  "token_expired",
  "webhook_stale",
  "channel_down",
]);

export function isUrgent(reason: AlertReason): boolean {
  return urgentReasons.has(reason);
}

/** What a channel delivers: one alert now, or the digest of an entity's alerts gathered outside office hours. */
export type AlertMessage = (
  | { kind: "alert"; entityId: string; urgent: boolean; alert: StaffAlert }
  | { kind: "digest"; entityId: string; urgent: false; alerts: StaffAlert[] }
) & {
  /** The staff console's base URL (".../console"), when there is one: the message links into it. */
  consoleUrl?: string;
};

/**
 * Copies only the fields of StaffAlert. Callers may hand over a wider object (an Item spread into an alert);
 * whatever is stored or sent is built from this copy, so an author's name or the unredacted text never leaks.
 */
export function pickAlert(alert: StaffAlert): StaffAlert {
  const { entityId, reason, itemKey, platform, categories, redactedText, link, deadline, done } = alert;
  return {
    entityId,
    reason,
    itemKey,
    platform,
    categories: [...categories],
    redactedText,
    ...(link === undefined ? {} : { link }),
    ...(deadline === undefined ? {} : { deadline }),
    done: [...done],
  };
}

export function alertsOf(message: AlertMessage): StaffAlert[] {
  return message.kind === "alert" ? [message.alert] : message.alerts;
}
