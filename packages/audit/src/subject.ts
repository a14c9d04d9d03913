import type { DecisionRecord, OffenderEvent, Platform, StaffRecord } from "@sentinella/core";
import type { Column } from "./csv";
import { romeDateTime } from "./format";
import { actionLabel, categoryLabel, platformLabel, staffActionLabel } from "./labels";

/** What an access export reads of a reply obligation and of an alert waiting for staff (structural: no import). */
export interface SubjectObligation {
  itemKey: string;
  platform: Platform;
  itemId: string;
  authorId?: string;
  kind: string;
  status: string;
  redactedText: string;
  createdAt: string;
  dueAt: string;
  closedAt?: string;
}
export interface SubjectAlert {
  alert: { itemKey: string; reason: string; platform: Platform; redactedText: string };
  queuedAt: string;
}

/** Everything held about one author within one entity (GDPR art. 15), as the stores read it. */
export interface SubjectData {
  entityId: string;
  authorId: string;
  decisions: readonly DecisionRecord[];
  staff: readonly StaffRecord[];
  obligations: readonly SubjectObligation[];
  offenderEvents: readonly OffenderEvent[];
  pendingAlerts: readonly SubjectAlert[];
}

/** One line of the access export's CSV: every kind of record under one header, so it opens as one table. */
export interface SubjectEntry {
  type: string;
  reference: string;
  at: string;
  platform: Platform;
  item: string;
  author?: string;
  detail: string;
  clause?: string;
  redactedText?: string;
  fullText?: string;
  note?: string;
  keptUntil?: string;
}

const offenderKindLabel: Record<OffenderEvent["kind"], string> = {
  violation: "violazione",
  withdrawn: "violazione ritirata",
  warning: "avvertimento",
  ban_proposed: "blocco proposto",
  ban_approved: "blocco approvato",
  ban_rejected: "blocco respinto",
};

const epochIso = (seconds?: number) => (seconds === undefined ? undefined : new Date(seconds * 1000).toISOString());

/** The records of an access export as one list, oldest first. */
export function subjectEntries(data: SubjectData): SubjectEntry[] {
  const entries: SubjectEntry[] = [
    ...data.decisions.map((d) => ({
      type: "decisione automatica",
      reference: d.itemVersionKey,
      at: d.decidedAt,
      platform: d.platform,
      item: d.itemId,
      author: d.authorId,
      detail: [
        d.actions.map((a) => actionLabel[a]).join(", "),
        d.categories.map((c) => categoryLabel[c.category]).join(", "),
      ]
        .filter(Boolean)
        .join(": "),
      clause: [...new Set(d.categories.map((c) => c.clause))].join(" | ") || undefined,
      redactedText: d.redactedText,
      fullText: d.fullText,
      keptUntil: epochIso(d.personalDataExpiresAt),
    })),
    ...data.staff.map((s) => ({
      type: "decisione del personale",
      reference: `${s.itemKey}#staff#${s.recordId}`,
      at: s.at,
      platform: s.platform,
      item: s.itemId,
      author: s.authorId,
      detail: `${staffActionLabel[s.action] ?? s.action} (${s.by.name})`,
      clause: s.clause,
      note:
        [s.note, s.text === undefined ? undefined : `testo inviato: ${s.text}`].filter(Boolean).join(" | ") ||
        undefined,
    })),
    ...data.obligations.map((o) => ({
      type: "obbligo di risposta",
      reference: o.itemKey,
      at: o.createdAt,
      platform: o.platform,
      item: o.itemId,
      author: o.authorId,
      detail: `${o.status === "open" ? "aperto" : "chiuso"}, risposta dovuta entro ${romeDateTime(o.dueAt, "it")}`,
      redactedText: o.redactedText,
    })),
    ...data.offenderEvents.map((e) => ({
      type: "registro recidiva",
      reference: e.eventId,
      at: e.at,
      platform: e.platform,
      item: e.itemKey ?? "",
      author: e.authorId,
      detail: `${offenderKindLabel[e.kind]} (${e.by})`,
      clause: e.clause,
    })),
    ...data.pendingAlerts.map((a) => ({
      type: "avviso al personale",
      reference: `${a.alert.itemKey}#${a.alert.reason}`,
      at: a.queuedAt,
      platform: a.alert.platform,
      item: a.alert.itemKey,
      detail: a.alert.reason,
      redactedText: a.alert.redactedText,
    })),
  ];
  return entries.sort((a, b) => a.at.localeCompare(b.at));
}

/** The columns of `sentinella subject export --csv` (documented in packages/audit/README.md). */
export const subjectColumns: readonly Column<SubjectEntry>[] = [
  { name: "tipo", value: (e) => e.type },
  { name: "riferimento", value: (e) => e.reference },
  { name: "data", value: (e) => ({ time: e.at }) },
  { name: "piattaforma", value: (e) => platformLabel[e.platform] },
  { name: "elemento", value: (e) => e.item },
  { name: "autore", value: (e) => e.author },
  { name: "dettaglio", value: (e) => e.detail },
  { name: "clausola", value: (e) => e.clause },
  { name: "testo_oscurato", value: (e) => e.redactedText },
  { name: "testo_completo", value: (e) => e.fullText },
  { name: "nota", value: (e) => e.note },
  { name: "conservato_fino_al", value: (e) => (e.keptUntil ? { time: e.keptUntil } : undefined) },
];

/** How many records of each kind an export holds, in Italian: the terminal's answer to an access request. */
export function subjectSummary(data: SubjectData): string {
  const lines = [
    [data.decisions.length, "decisioni automatiche"],
    [data.decisions.filter((d) => d.fullText !== undefined).length, "testi completi ancora conservati"],
    [data.staff.length, "decisioni del personale"],
    [data.obligations.length, "obblighi di risposta"],
    [data.offenderEvents.length, "eventi nel registro recidiva"],
    [data.pendingAlerts.length, "avvisi al personale in attesa"],
  ].map(([count, label]) => `  ${count} ${label}`);
  const total = subjectEntries(data).length;
  return total === 0
    ? `Nessun dato conservato sull'autore ${data.authorId} per l'ente ${data.entityId}.`
    : `Dati conservati sull'autore ${data.authorId} per l'ente ${data.entityId}:\n${lines.join("\n")}`;
}

/** What one erasure changed, by kind of row: the erasure record's content, and the command's report. */
export interface ErasureCounts {
  /** Rows emptied of the author and the redacted text (subject rows, and decision rows that held them). */
  decisionRows: number;
  fullTexts: number;
  staffRecords: number;
  obligations: number;
  offenderEvents: number;
  pendingAlerts: number;
}

/** The erasure record, kept in the decision table (`erasure#<entity>`): who, when, why and how much, never whose. */
export interface ErasureRecord {
  erasureId: string;
  entityId: string;
  at: string;
  /** Who ran the erasure (the operator, not the data subject). */
  by: string;
  /** The request's reference (protocol number), as given: it must not name the person. */
  reason?: string;
  counts: ErasureCounts;
}

export function erasureSummary(report: ErasureRecord): string {
  const { counts } = report;
  const total = Object.values(counts).reduce((sum, n) => sum + n, 0);
  if (total === 0)
    return "Nessun dato personale da cancellare: niente è stato modificato e nessuna registrazione scritta.";
  return [
    `Cancellazione ${report.erasureId} registrata (${romeDateTime(report.at, "it")}, eseguita da ${report.by}${report.reason ? `, ${report.reason}` : ""}):`,
    `  ${counts.decisionRows} decisioni: autore e testo oscurato rimossi (la decisione anonima resta)`,
    `  ${counts.fullTexts} testi completi rimossi`,
    `  ${counts.staffRecords} decisioni del personale: autore, nota e testo inviato rimossi`,
    `  ${counts.obligations} obblighi di risposta eliminati`,
    `  ${counts.offenderEvents} eventi del registro recidiva resi anonimi`,
    `  ${counts.pendingAlerts} avvisi al personale in attesa eliminati`,
  ].join("\n");
}
