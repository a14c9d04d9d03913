import Table from "cli-table3";
import pc from "picocolors";

/**
 * A table for the terminal (cli-table3). cli-table3 colours headers with its own palette; picocolors decides here
 * instead, so NO_COLOR and a non-TTY stdout get plain text.
 */
export function table(
  head: readonly string[],
  rows: readonly (readonly (string | number)[])[],
  options: { align?: ("left" | "right")[]; separateRows?: boolean; widths?: number[] } = {},
): string {
  const t = new Table({
    head: head.map((h) => pc.bold(h)),
    style: { head: [], border: [] },
    // Rules between rows only where cells span several lines.
    ...(options.separateRows ? {} : { chars: { mid: "", "left-mid": "", "mid-mid": "", "right-mid": "" } }),
    ...(options.align ? { colAligns: options.align } : {}),
    ...(options.widths ? { colWidths: options.widths, wordWrap: true } : {}),
  });
  for (const row of rows) t.push(row.map(String));
  return t.toString();
}
