import { stderr, stdout } from "node:process";
import {
  type AuditStaffRecord,
  type Column,
  csvChunk,
  decisionColumns,
  formatCell,
  type Locale,
  romeMonthRange,
  staffColumns,
} from "@sentinella/audit";
import { DynamoDecisionStore, DynamoStaffRecords, decisionTable, Env } from "@sentinella/aws";
import type { Action, Category, DecisionListing } from "@sentinella/core";
import { table } from "@sentinella/local/terminal";
import { tableName, withDynamo } from "./backend";
import { UsageError } from "./errors";

/** Which access pattern of the decision table an audit subcommand reads (packages/aws README). */
export type AuditQuery =
  | { by: "item"; itemKey: string }
  | { by: "entity"; entityId: string }
  | { by: "action"; entityId: string; action: Action }
  | { by: "category"; entityId: string; category: Category }
  | { by: "author"; entityId: string; authorId: string }
  | { by: "staff"; entityId: string };

export interface AuditOptions {
  month?: string;
  from?: string;
  to?: string;
  json?: boolean;
  csv?: boolean;
  locale: Locale;
}

export interface AuditDeps {
  decisions: DynamoDecisionStore;
  staff: DynamoStaffRecords;
  write(text: string): void;
}

/** The period of the options as inclusive ISO instants: a month in Rome, or explicit bounds. */
export function period(options: Pick<AuditOptions, "month" | "from" | "to">): { from?: string; to?: string } {
  if (options.month && (options.from || options.to)) throw new UsageError("--month esclude --from e --to.");
  if (options.month) {
    try {
      return romeMonthRange(options.month);
    } catch {
      throw new UsageError(`--month vuole AAAA-MM, non "${options.month}".`);
    }
  }
  const instant = (name: string, value?: string) => {
    if (value === undefined) return undefined;
    const time = Date.parse(value);
    if (Number.isNaN(time)) throw new UsageError(`--${name} vuole una data ISO (2026-11-01 o 2026-11-01T08:00:00Z).`);
    return new Date(time).toISOString();
  };
  return { from: instant("from", options.from), to: instant("to", options.to) };
}

type Listing =
  | { kind: "decisions"; rows: DecisionListing[] }
  | { kind: "staff"; rows: AuditStaffRecord[] }
  | { kind: "both"; rows: DecisionListing[]; staff: AuditStaffRecord[] };

async function read(deps: AuditDeps, query: AuditQuery, from?: string, to?: string): Promise<Listing> {
  const { decisions } = deps;
  switch (query.by) {
    case "item": {
      const [records, staff] = await Promise.all([
        decisions.listByItem(query.itemKey),
        deps.staff.listByItem(query.itemKey),
      ]);
      // The item's history without its unredacted text: an audit listing never shows it.
      const rows = records.map(({ fullText: _f, expiresAt: _e, ...r }) => ({
        ...r,
        categories: [...new Set(r.categories.map((c) => c.category))],
      }));
      return { kind: "both", rows, staff };
    }
    case "entity":
      return { kind: "decisions", rows: await decisions.byEntity(query.entityId, from, to) };
    case "action":
      return { kind: "decisions", rows: await decisions.byAction(query.entityId, query.action, from, to) };
    case "category":
      return { kind: "decisions", rows: await decisions.byCategory(query.entityId, query.category, from, to) };
    case "author":
      return { kind: "decisions", rows: await decisions.byAuthor(query.entityId, query.authorId, from, to) };
    case "staff":
      return {
        kind: "staff",
        rows: await deps.staff.listByEntity(
          query.entityId,
          from ?? "0000-01-01T00:00:00.000Z",
          to ?? "9999-12-31T23:59:59.999Z",
        ),
      };
  }
}

const excerpt = (text: string, max = 60) => {
  const flat = text.replace(/\s+/g, " ").trim();
  return flat.length <= max ? flat : `${flat.slice(0, max - 1)}…`;
};

/** Rows for the terminal table, formatted like the CSV's cells (Rome time, Italian labels). */
function terminalRows<Row>(columns: readonly Column<Row>[], rows: readonly Row[], names: string[], locale: Locale) {
  const picked = names.map((name) => columns.find((c) => c.name === name) as Column<Row>);
  return rows.map((row) => picked.map((c) => excerpt(formatCell(c.value(row), locale))));
}

const decisionView = ["decisa_il", "piattaforma", "elemento", "autore", "azioni", "categorie", "testo_oscurato"];
const staffView = ["decisa_il", "piattaforma", "elemento", "autore", "azione", "operatore", "nota"];

/** One audit listing to stdout: a table, JSON, or a CSV file as Italian offices open it. */
export async function audit(deps: AuditDeps, query: AuditQuery, options: AuditOptions): Promise<void> {
  if (options.json && options.csv) throw new UsageError("Scegli --json oppure --csv, non entrambi.");
  const { from, to } = period(options);
  const listing = await read(deps, query, from, to);
  const decisions = listing.kind === "staff" ? [] : listing.rows;
  const staff = listing.kind === "staff" ? listing.rows : listing.kind === "both" ? listing.staff : [];
  if (options.json) {
    deps.write(`${JSON.stringify(listing.kind === "both" ? { decisions, staff } : listing.rows)}\n`);
  } else if (options.csv) {
    // An item's history holds both kinds: one CSV per kind would be two files, so the staff rows follow the
    // decisions' under their own header only when there are any.
    if (listing.kind !== "staff")
      deps.write(csvChunk(decisionColumns, decisions, { locale: options.locale, first: true }));
    if (listing.kind === "staff" || staff.length > 0)
      deps.write(csvChunk(staffColumns, staff, { locale: options.locale, first: listing.kind === "staff" }));
  } else {
    const parts: string[] = [];
    if (listing.kind !== "staff")
      parts.push(
        decisions.length === 0
          ? "Nessuna decisione automatica."
          : `${table(decisionView, terminalRows(decisionColumns, decisions, decisionView, options.locale))}\n${decisions.length} decisioni automatiche.`,
      );
    if (listing.kind !== "decisions")
      parts.push(
        staff.length === 0
          ? "Nessuna decisione del personale."
          : `${table(staffView, terminalRows(staffColumns, staff, staffView, options.locale))}\n${staff.length} decisioni del personale.`,
      );
    deps.write(`${parts.join("\n\n")}\n`);
  }
}

export const auditCommand = (query: AuditQuery, options: AuditOptions) =>
  withDynamo(Env.decisionTable, async ({ document }) => {
    const name = tableName(decisionTable, Env.decisionTable);
    // Progress only for a person watching an export longer than one page: a piped stderr stays clean.
    const progress = stderr.isTTY;
    let pages = 0;
    const onPage = progress
      ? (rows: number) => {
          pages += 1;
          if (pages > 1) stderr.write(`\rLettura della tabella: ${rows} righe…`);
        }
      : undefined;
    try {
      await audit(
        {
          decisions: new DynamoDecisionStore({ document, tableName: name, ...(onPage ? { onPage } : {}) }),
          staff: new DynamoStaffRecords(document, name),
          write: (text) => stdout.write(text),
        },
        query,
        options,
      );
    } finally {
      if (pages > 1) stderr.write("\r\x1b[K");
    }
  });
