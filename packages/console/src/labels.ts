import type { ActionTaken, Category, Platform, StaffActionKind, StaffActionResult } from "@sentinella/core";
import type { NextStep } from "./offenders";
import type { QueueState } from "./queue";

/** The console's words, in Italian: staff-facing text is data kept in one place. */
export const stateLabels: Record<QueueState, string> = {
  to_review: "Da rivedere",
  hide_failed: "Nascondimento non riuscito",
  hide_pending: "Nascondimento in attesa della piattaforma",
  auto_hidden: "Nascosti da Sentinella",
  hidden: "Nascosti dallo staff",
  visible: "Lasciati visibili",
};

export const categoryLabels: Record<Category, string> = {
  pii: "dati personali",
  minors: "minori",
  spam: "spam",
  insult: "insulti",
  threat: "minacce",
  discrimination: "discriminazione",
  political: "propaganda politica",
  illegal: "attività illecite",
  off_topic: "fuori tema",
  trolling: "disturbo",
  emergency: "emergenza",
  personal_request: "richiesta personale",
  question: "domanda",
};

/** The same platform names as the alerts staff receive. */
export { platformLabels } from "@sentinella/alerts";

export const actionLabels: Record<StaffActionKind, string> = {
  hide: "Nascondi",
  allow: "Lascia visibile",
  unhide: "Rendi di nuovo visibile",
  confirm: "Conferma il nascondimento",
  reply: "Rispondi",
  warn: "Avvisa l'autore",
  propose_ban: "Proponi il blocco",
  approve_ban: "Approva il blocco",
  reject_ban: "Respingi il blocco",
  riesame: "Registra una richiesta di riesame",
};

/** What Sentinella decided, in the history. */
export const automaticActionLabels: Record<string, string> = {
  allow: "lasciato visibile",
  hide: "da nascondere",
  review: "da rivedere",
  reply: "risposta dovuta",
  escalate: "segnalato con urgenza",
  unhide: "reso visibile",
  private_reply: "risposta privata",
};

/** What Sentinella did on the platform, in the history, and how it went. */
export const platformActionLabels: Record<ActionTaken["action"], string> = {
  hide: "commento nascosto",
  unhide: "commento di nuovo visibile",
  delete: "commento eliminato",
  reply: "risposta pubblicata",
  private_reply: "risposta privata inviata",
};
export const platformStatusLabels: Record<ActionTaken["status"], string> = {
  done: "eseguito",
  failed: "non riuscito",
  shadow: "solo registrato (modalità prova)",
  skipped: "non possibile su questo tipo di contenuto",
};

export const resultLabels: Record<StaffActionResult["status"], string> = {
  done: "eseguito sulla piattaforma",
  failed: "non riuscito sulla piattaforma",
  shadow: "solo registrato (modalità prova)",
  task: "da fare a mano",
  none: "registrato",
};

export const nextStepLabels: Record<NextStep, string> = {
  none: "nessun provvedimento",
  warn: "avviso dovuto",
  propose_ban: "blocco proposto da Sentinella, da approvare",
  ban_pending: "blocco proposto, da approvare",
  banned: "bloccato",
};

export const roleLabels = { moderator: "moderatore", auditor: "revisore", admin: "amministratore" } as const;

const dateFormat = new Intl.DateTimeFormat("it-IT", {
  timeZone: "Europe/Rome",
  day: "2-digit",
  month: "2-digit",
  year: "numeric",
  hour: "2-digit",
  minute: "2-digit",
});

/** A time as staff read it: Italian format, Rome time. */
export function formatTime(iso: string): string {
  return dateFormat.format(new Date(iso));
}

/** Where the item can be opened on its platform; Instagram ids give no public address, so none there. */
export function platformLink(record: { platform: Platform; itemId: string; postId?: string }): string | undefined {
  const id = encodeURIComponent(record.itemId);
  switch (record.platform) {
    case "facebook":
      return `https://www.facebook.com/${encodeURIComponent(record.postId ?? record.itemId)}?comment_id=${id}`;
    case "x":
      return `https://x.com/i/web/status/${id}`;
    case "youtube":
      return record.postId
        ? `https://www.youtube.com/watch?v=${encodeURIComponent(record.postId)}&lc=${id}`
        : undefined;
    case "linkedin":
      return record.postId ? `https://www.linkedin.com/feed/update/${encodeURIComponent(record.postId)}` : undefined;
    default:
      return undefined;
  }
}
