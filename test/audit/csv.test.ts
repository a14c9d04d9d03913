import { parse } from "csv-parse/sync";
import { describe, expect, it } from "vitest";
import { type Column, csvChunk } from "../../packages/audit/src/csv";

interface Row {
  at: string;
  text: string;
  confidence: number;
  categories: string[];
}

const columns: Column<Row>[] = [
  { name: "data_ora", value: (r) => ({ time: r.at }) },
  { name: "testo_oscurato", value: (r) => r.text },
  { name: "confidenza", value: (r) => r.confidence },
  { name: "categorie", value: (r) => r.categories },
];

const rows: Row[] = [
  {
    at: "2026-11-03T13:05:00Z",
    text: 'Disse "basta"; poi\nandò via',
    confidence: 0.95,
    categories: ["insult", "threat"],
  },
  { at: "2026-07-01T22:30:00Z", text: '=HYPERLINK("x")', confidence: 1, categories: [] },
];

describe("CSV for Italian offices", () => {
  it("starts with the UTF-8 BOM and uses ; and decimal commas, in Rome time", () => {
    const csv = csvChunk(columns, rows, { locale: "it", first: true });
    expect(csv.startsWith("\uFEFFdata_ora;testo_oscurato;confidenza;categorie\r\n")).toBe(true);
    const parsed = parse(csv, { bom: true, delimiter: ";", columns: true }) as Record<string, string>[];
    expect(parsed).toEqual([
      {
        data_ora: "03/11/2026 14:05:00",
        testo_oscurato: 'Disse "basta"; poi\nandò via',
        confidenza: "0,95",
        categorie: "insult | threat",
      },
      // Summer time: 22:30 UTC is 00:30 the next day in Rome. A formula is written as text.
      { data_ora: "02/07/2026 00:30:00", testo_oscurato: '\'=HYPERLINK("x")', confidenza: "1", categorie: "" },
    ]);
  });

  it("quotes per RFC 4180: separators, quotes and line breaks inside a field", () => {
    const csv = csvChunk(columns, rows.slice(0, 1), { locale: "it", first: false });
    expect(csv).toBe('03/11/2026 14:05:00;"Disse ""basta""; poi\nandò via";0,95;insult | threat\r\n');
  });

  it("writes , and . for other tools with --locale en, BOM and header only in the first chunk", () => {
    const first = csvChunk(columns, rows.slice(0, 1), { locale: "en", first: true });
    const next = csvChunk(columns, rows.slice(1), { locale: "en", first: false });
    const parsed = parse(first + next, { bom: true, columns: true }) as Record<string, string>[];
    expect(parsed.map((r) => [r.data_ora, r.confidenza])).toEqual([
      ["2026-11-03 14:05:00", "0.95"],
      ["2026-07-02 00:30:00", "1"],
    ]);
    expect(next.startsWith("\uFEFF")).toBe(false);
  });
});
