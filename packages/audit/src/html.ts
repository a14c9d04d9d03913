/** Text for an HTML page: every value that reaches a report or a statement goes through here. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`);
}

/** A table with a header row; cells are escaped. */
export function htmlTable(header: readonly string[], rows: readonly (readonly (string | number)[])[]): string {
  const head = header.map((h) => `<th>${escapeHtml(h)}</th>`).join("");
  const body = rows
    .map((row) => `<tr>${row.map((cell) => `<td>${escapeHtml(String(cell))}</td>`).join("")}</tr>`)
    .join("\n");
  return `<table><thead><tr>${head}</tr></thead><tbody>\n${body}\n</tbody></table>`;
}

/** One look for every printable page (report, statement): readable on screen, A4 on paper. */
export const printableStyle = `
  body { font-family: Helvetica, Arial, sans-serif; color: #1b1b1b; max-width: 52rem; margin: 2rem auto; padding: 0 1rem; line-height: 1.45; }
  h1 { font-size: 1.5rem; margin-bottom: 0.2rem; } h2 { font-size: 1.15rem; margin-top: 2rem; border-bottom: 1px solid #ccc; }
  .subtitle { color: #555; margin-top: 0; }
  table { border-collapse: collapse; margin: 0.6rem 0; min-width: 24rem; }
  th, td { border: 1px solid #ccc; padding: 0.25rem 0.6rem; text-align: left; vertical-align: top; }
  td:last-child { text-align: right; } table.text td:last-child { text-align: left; }
  th { background: #f0f3f6; }
  figure { margin: 1rem 0; } figure svg { max-width: 100%; height: auto; }
  .note { color: #555; font-size: 0.9rem; }
  dl { display: grid; grid-template-columns: 14rem 1fr; gap: 0.3rem 1rem; } dt { font-weight: bold; } dd { margin: 0; }
  @page { size: A4; margin: 18mm 15mm; }
  @media print {
    body { margin: 0; max-width: none; font-size: 10.5pt; }
    h2 { break-after: avoid; } table, figure, dl { break-inside: avoid; }
    a { color: inherit; text-decoration: none; }
  }
`;

export function htmlPage(title: string, body: string): string {
  return `<!doctype html>
<html lang="it">
<head>
<meta charset="utf-8">
<title>${escapeHtml(title)}</title>
<style>${printableStyle}</style>
</head>
<body>
${body}
</body>
</html>
`;
}
