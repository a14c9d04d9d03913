import {
  type DecisionRecord,
  type InMemoryDecisionStore,
  type InMemoryErasureTombstones,
  type InMemoryOffenderLedger,
  type InMemoryStaffRecords,
  type OffenderEvent,
  type Platform,
  type StaffRecord,
  withSentinellaHides,
} from "@sentinella/core";
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

/** One erasure request as the operator gives it: its id, when, who runs it, and the request's reference. */
export interface ErasureRequest {
  erasureId: string;
  at: string;
  by: string;
  reason?: string;
}

/**
 * A data subject's requests over every store that holds their data (GDPR art. 15 and 17), as the CLI and the
 * console answer them. Erasure removes or pseudonymises the author's personal data everywhere, keeps the
 * anonymous decision skeleton, marks the author's tombstone (so nothing received before is written again) and,
 * when it changed anything, writes the erasure record; run again it finds nothing and records nothing.
 */
export interface SubjectRequests {
  collect(entityId: string, authorId: string): Promise<SubjectData>;
  erase(entityId: string, authorId: string, request: ErasureRequest): Promise<ErasureRecord>;
  /** The entity's erasure records, oldest first. */
  erasures(entityId: string): Promise<ErasureRecord[]>;
}

const noErasures = (): ErasureCounts => ({
  decisionRows: 0,
  fullTexts: 0,
  staffRecords: 0,
  obligations: 0,
  offenderEvents: 0,
  pendingAlerts: 0,
});

/** In-memory twin of the subject requests, over core's in-memory stores and lists of obligations and alerts. */
export class InMemorySubjectRequests implements SubjectRequests {
  readonly obligations: SubjectObligation[] = [];
  readonly pendingAlerts: SubjectAlert[] = [];
  readonly records: ErasureRecord[] = [];

  constructor(
    private readonly stores: {
      decisions: InMemoryDecisionStore;
      staff: InMemoryStaffRecords;
      offenders: InMemoryOffenderLedger;
      tombstones: InMemoryErasureTombstones;
    },
  ) {}

  async collect(entityId: string, authorId: string): Promise<SubjectData> {
    const items = this.itemsOf(entityId, authorId);
    return {
      entityId,
      authorId,
      decisions: [...this.stores.decisions.records.values()].filter((d) => items.has(d.itemKey)),
      staff: this.stores.staff.records.filter((s) => items.has(s.itemKey)),
      obligations: this.obligations.filter((o) => items.has(o.itemKey)),
      offenderEvents: await withSentinellaHides(this.stores.offenders, this.stores.decisions).listByAuthor(
        entityId,
        authorId,
      ),
      pendingAlerts: this.pendingAlerts.filter((a) => items.has(a.alert.itemKey)),
    };
  }

  async erase(entityId: string, authorId: string, request: ErasureRequest): Promise<ErasureRecord> {
    this.stores.tombstones.mark(entityId, authorId, request.at);
    const items = this.itemsOf(entityId, authorId);
    const counts = noErasures();
    for (const decision of this.stores.decisions.records.values()) {
      if (!items.has(decision.itemKey)) continue;
      if (decision.fullText !== undefined && decision.fullText !== decision.redactedText) counts.fullTexts += 1;
      if (decision.authorId !== undefined || decision.redactedText !== "") counts.decisionRows += 1;
      delete decision.authorId;
      delete decision.fullText;
      decision.redactedText = "";
    }
    for (const record of this.stores.staff.records) {
      if (!items.has(record.itemKey)) continue;
      const bare = { status: record.result.status };
      const personal = [record.authorId, record.note, record.text].some((value) => value !== undefined);
      if (personal || Object.keys(record.result).length > 1) counts.staffRecords += 1;
      delete record.authorId;
      delete record.note;
      delete record.text;
      record.result = bare;
    }
    counts.obligations = remove(this.obligations, (o) => items.has(o.itemKey));
    counts.pendingAlerts = remove(this.pendingAlerts, (a) => items.has(a.alert.itemKey));
    const pseudonym = `cancellato-${request.erasureId}`;
    for (const event of this.stores.offenders.events) {
      if (event.entityId !== entityId || event.authorId !== authorId) continue;
      event.authorId = pseudonym;
      counts.offenderEvents += 1;
    }
    const record: ErasureRecord = { ...request, entityId, counts };
    if (Object.values(counts).some((count) => count > 0)) this.records.push(record);
    return record;
  }

  async erasures(entityId: string): Promise<ErasureRecord[]> {
    return this.records.filter((r) => r.entityId === entityId).sort((a, b) => a.at.localeCompare(b.at));
  }

  /** The author's items: those their decisions and staff records name, and their ledger events'. */
  private itemsOf(entityId: string, authorId: string): Set<string> {
    const named = (r: { entityId: string; authorId?: string }) => r.entityId === entityId && r.authorId === authorId;
    return new Set([
      ...[...this.stores.decisions.records.values()].filter(named).map((d) => d.itemKey),
      ...this.stores.staff.records.filter(named).map((s) => s.itemKey),
      ...this.stores.offenders.events.filter(named).flatMap((e) => (e.itemKey ? [e.itemKey] : [])),
    ]);
  }
}

/** Removes the entries that match from a list, in place; says how many. */
function remove<T>(list: T[], matches: (entry: T) => boolean): number {
  const before = list.length;
  list.splice(0, list.length, ...list.filter((entry) => !matches(entry)));
  return before - list.length;
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
