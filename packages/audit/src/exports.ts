import type { DecisionListing, StaffRecord } from "@sentinella/core";
import type { Column } from "./csv";
import {
  actionLabel,
  categoryLabel,
  eventLabel,
  kindLabel,
  modeLabel,
  platformLabel,
  staffActionLabel,
} from "./labels";

/** The columns of `sentinella audit … --csv` for automatic decisions (documented in packages/audit/README.md). */
export const decisionColumns: readonly Column<DecisionListing>[] = [
  { name: "riferimento", value: (d) => d.itemVersionKey },
  { name: "decisa_il", value: (d) => ({ time: d.decidedAt }) },
  { name: "ente", value: (d) => d.entityId },
  { name: "piattaforma", value: (d) => platformLabel[d.platform] },
  { name: "account", value: (d) => d.accountId },
  { name: "elemento", value: (d) => d.itemId },
  { name: "tipo", value: (d) => kindLabel[d.kind] },
  { name: "evento", value: (d) => eventLabel[d.event] },
  { name: "post", value: (d) => d.postId },
  { name: "autore", value: (d) => d.authorId },
  { name: "decisione", value: () => "automatica" },
  { name: "modalita", value: (d) => modeLabel[d.mode] },
  { name: "azioni", value: (d) => d.actions.map((a) => actionLabel[a]) },
  { name: "categorie", value: (d) => d.categories.map((c) => categoryLabel[c]) },
  { name: "testo_oscurato", value: (d) => d.redactedText },
  { name: "versione_policy", value: (d) => d.policyVersion },
];

/** What an audit export reads of a staff record (a human decision). */
export type AuditStaffRecord = Pick<
  StaffRecord,
  "recordId" | "itemKey" | "entityId" | "platform" | "accountId" | "itemId" | "authorId" | "action" | "source" | "at"
> & { by: { name: string }; note?: string; clause?: string };

/** The columns of `sentinella audit staff --csv` (documented in packages/audit/README.md). */
export const staffColumns: readonly Column<AuditStaffRecord>[] = [
  { name: "riferimento", value: (s) => `${s.itemKey}#staff#${s.recordId}` },
  { name: "decisa_il", value: (s) => ({ time: s.at }) },
  { name: "ente", value: (s) => s.entityId },
  { name: "piattaforma", value: (s) => platformLabel[s.platform] },
  { name: "account", value: (s) => s.accountId },
  { name: "elemento", value: (s) => s.itemId },
  { name: "autore", value: (s) => s.authorId },
  { name: "decisione", value: (s) => (s.source === "console" ? "personale (console)" : "personale (piattaforma)") },
  { name: "azione", value: (s) => staffActionLabel[s.action] ?? s.action },
  { name: "operatore", value: (s) => s.by.name },
  { name: "clausola", value: (s) => s.clause },
  { name: "nota", value: (s) => s.note },
];
