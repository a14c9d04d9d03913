import type { Action, Category, DecisionRecord, ItemKind, Mode, Platform } from "@sentinella/core";

/** How auditors read the decision table's codes, in Italian: exports, reports and statements share these. */
export const actionLabel: Record<Action, string> = {
  allow: "nessun intervento",
  hide: "nascosto",
  review: "verifica di un moderatore",
  reply: "risposta dovuta",
  escalate: "allerta al personale",
};

export const categoryLabel: Record<Category, string> = {
  pii: "dati personali",
  minors: "tutela dei minori",
  spam: "pubblicità e spam",
  insult: "linguaggio offensivo",
  threat: "minacce",
  discrimination: "discriminazione",
  political: "propaganda politica",
  illegal: "attività illecite",
  off_topic: "fuori tema",
  trolling: "disturbo della discussione",
  emergency: "emergenza",
  personal_request: "richiesta personale",
  question: "domanda",
};

export const platformLabel: Record<Platform, string> = {
  facebook: "Facebook",
  instagram: "Instagram",
  x: "X",
  youtube: "YouTube",
  linkedin: "LinkedIn",
};

export const kindLabel: Record<ItemKind, string> = {
  comment: "commento",
  reply: "risposta",
  message: "messaggio privato",
  mention: "menzione",
};

export const eventLabel: Record<DecisionRecord["event"], string> = {
  created: "nuovo",
  edited: "modificato",
  deleted: "eliminato",
};

export const modeLabel: Record<Mode, string> = {
  enforce: "applicata",
  shadow: "prova (nessuna azione)",
};

/** Staff actions (packages/core StaffActionKind), by their codes: the report and exports read them as strings. */
export const staffActionLabel: Record<string, string> = {
  hide: "nascosto",
  allow: "lasciato visibile",
  unhide: "reso di nuovo visibile",
  confirm: "nascondimento confermato",
  reply: "risposta",
  warn: "avvertimento",
  propose_ban: "proposta di blocco",
  approve_ban: "blocco approvato",
  reject_ban: "blocco respinto",
  riesame: "richiesta di riesame",
};
