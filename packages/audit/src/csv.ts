import { stringify } from "csv-stringify/sync";
import { type Locale, localeNumber, romeDateTime } from "./format";

/** A cell as the export holds it before formatting: times are ISO strings marked as such. */
export type Cell = string | number | boolean | readonly string[] | { time: string } | undefined;

export interface Column<Row> {
  /** The header, documented in the README (packages/audit/README.md). */
  name: string;
  value(row: Row): Cell;
}

/** A text a spreadsheet would run as a formula (CSV injection): written with a leading apostrophe, as OWASP advises. */
const FORMULA_START = /^[=+\-@\t\r]/;

/** A cell as text: decimals and times written the locale's way, lists joined with " | ". */
export function formatCell(cell: Cell, locale: Locale): string {
  if (cell === undefined) return "";
  if (typeof cell === "number") return localeNumber(cell, locale);
  if (typeof cell === "boolean") return cell ? (locale === "it" ? "sì" : "yes") : "no";
  if (typeof cell === "string") return FORMULA_START.test(cell) ? `'${cell}` : cell;
  if ("time" in cell) return romeDateTime(cell.time, locale);
  return cell.join(" | ");
}

/**
 * One chunk of a CSV file (RFC 4180: CRLF, fields with quotes, separators or line breaks quoted, quotes doubled).
 * Italian offices open it in Excel or LibreOffice with an Italian locale, which read `;` as the separator (the
 * comma is their decimal mark) and need the UTF-8 BOM to see accents: the first chunk carries BOM and header.
 * csv-stringify does the quoting; the locale rules are ours.
 */
export function csvChunk<Row>(
  columns: readonly Column<Row>[],
  rows: readonly Row[],
  options: { locale: Locale; first: boolean },
): string {
  const records = rows.map((row) => columns.map((column) => formatCell(column.value(row), options.locale)));
  return stringify(options.first ? [columns.map((c) => c.name), ...records] : records, {
    bom: options.first,
    delimiter: options.locale === "it" ? ";" : ",",
    record_delimiter: "windows",
  });
}
