import { type AlertReason, consolePaths, type Platform, type StaffAlert } from "@sentinella/core";
import { type AlertMessage, alertsOf } from "./message";

export const reasonLabels: Record<AlertReason, string> = {
  emergency: "Segnalazione di emergenza",
  threat: "Minaccia",
  review: "Da verificare",
  deadline_near: "Risposta in scadenza",
  deadline_passed: "Termine di risposta superato",
  token_expired: "Accesso alla piattaforma scaduto",
  token_expiring: "Accesso alla piattaforma in scadenza",
  webhook_stale: "La piattaforma non verifica più il webhook",
  channel_down: "Canale di avviso non raggiungibile",
};

export const platformLabels: Record<Platform, string> = {
  facebook: "Facebook",
  instagram: "Instagram",
  x: "X",
  youtube: "YouTube",
  linkedin: "LinkedIn",
};

const romeTime = new Intl.DateTimeFormat("it-IT", {
  timeZone: "Europe/Rome",
  dateStyle: "full",
  timeStyle: "short",
});

/** "lunedì 30 novembre 2026 alle ore 10:00" style, in Italian time; an unparsable value is shown as given. */
export function formatDeadline(deadline: string): string {
  const at = new Date(deadline);
  return Number.isNaN(at.getTime()) ? deadline : romeTime.format(at);
}

/** Reasons about one item, which the console shows; the others are about a channel or an account. */
const itemReasons: ReadonlySet<AlertReason> = new Set([
  "emergency",
  "threat",
  "review",
  "deadline_near",
  "deadline_passed",
]);

/** The alert's item in the console, where staff see its history and act on it. */
export function consoleItemUrl(alert: StaffAlert, consoleUrl: string | undefined): string | undefined {
  return consoleUrl && itemReasons.has(alert.reason) ? `${consoleUrl}${consolePaths.item(alert.itemKey)}` : undefined;
}

/** A digest links to its entity's queue of open items in the console. */
export function queueUrlOf(message: AlertMessage): string | undefined {
  return message.kind === "digest" && message.consoleUrl
    ? `${message.consoleUrl}${consolePaths.openQueue(message.entityId)}`
    : undefined;
}

export const linkLabels = {
  platform: "Apri sulla piattaforma",
  console: "Apri nella console",
  queue: "Apri la coda di revisione",
};

export interface AlertField {
  label: string;
  value: string;
  /** A link: channels that can show one show its label instead of the address. */
  link?: string;
}

/** The labelled facts of one alert, in the order staff read them. */
export function alertFields(alert: StaffAlert, consoleUrl?: string): AlertField[] {
  const inConsole = consoleItemUrl(alert, consoleUrl);
  return [
    { label: "Motivo", value: reasonLabels[alert.reason] },
    { label: "Piattaforma", value: platformLabels[alert.platform] },
    { label: "Categorie", value: alert.categories.join(", ") || "nessuna" },
    ...(alert.deadline ? [{ label: "Scadenza", value: formatDeadline(alert.deadline) }] : []),
    { label: "Già fatto", value: alert.done.join("; ") || "nulla" },
    ...(inConsole ? [{ label: "Console", value: inConsole, link: linkLabels.console }] : []),
    ...(alert.link ? [{ label: "Link", value: alert.link, link: linkLabels.platform }] : []),
  ];
}

export function subjectOf(message: AlertMessage): string {
  if (message.kind === "digest") {
    const count = message.alerts.length;
    return `[Sentinella] ${message.entityId}: riepilogo di ${count} ${count === 1 ? "avviso" : "avvisi"}`;
  }
  const { alert } = message;
  const urgency = message.urgent ? "URGENTE – " : "";
  return `[Sentinella] ${urgency}${reasonLabels[alert.reason]} su ${platformLabels[alert.platform]} (${message.entityId})`;
}

const intro = {
  urgent: "Avviso urgente: serve un intervento del personale.",
  normal: "Nuovo avviso da verificare.",
  digest: "Avvisi raccolti fuori dall'orario di servizio.",
};

function introOf(message: AlertMessage): string {
  if (message.kind === "digest") return intro.digest;
  return message.urgent ? intro.urgent : intro.normal;
}

const footer = "Il testo è oscurato: i dati personali restano solo nel registro di Sentinella.";

export function plainTextOf(message: AlertMessage): string {
  const blocks = alertsOf(message).map((alert, index, all) => {
    const heading = all.length > 1 ? [`${index + 1}. ${reasonLabels[alert.reason]}`] : [];
    const fields = alertFields(alert, message.consoleUrl).map(({ label, value }) => `${label}: ${value}`);
    return [...heading, ...fields, "Testo (oscurato):", quote(alert.redactedText)].join("\n");
  });
  const queue = queueUrlOf(message);
  return [introOf(message), ...(queue ? [`${linkLabels.queue}: ${queue}`] : []), ...blocks, footer].join("\n\n");
}

function quote(text: string): string {
  return text
    .split("\n")
    .map((line) => `> ${line}`)
    .join("\n");
}

/** Escapes the five HTML metacharacters; a template library would be heavier than these few lines of markup. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

export function htmlOf(message: AlertMessage): string {
  const sections = alertsOf(message).map((alert) => {
    const rows = alertFields(alert, message.consoleUrl)
      .map(({ label, value, link }) => {
        const shown = link ? `<a href="${escapeHtml(value)}">${escapeHtml(link)}</a>` : escapeHtml(value);
        return `<tr><th align="left">${escapeHtml(label)}</th><td>${shown}</td></tr>`;
      })
      .join("");
    return `<h3>${escapeHtml(reasonLabels[alert.reason])}</h3><table>${rows}</table><blockquote>${escapeHtml(alert.redactedText)}</blockquote>`;
  });
  const queue = queueUrlOf(message);
  const queueLink = queue ? `<p><a href="${escapeHtml(queue)}">${escapeHtml(linkLabels.queue)}</a></p>` : "";
  return `<!doctype html><html lang="it"><body><p><strong>${escapeHtml(introOf(message))}</strong></p>${queueLink}${sections.join("<hr>")}<p><small>${escapeHtml(footer)}</small></p></body></html>`;
}
