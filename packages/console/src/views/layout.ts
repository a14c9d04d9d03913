import { html } from "hono/html";
import type { HtmlEscapedString } from "hono/utils/html";
import { roleLabels } from "../labels";
import type { Principal } from "../principal";

export type Html = HtmlEscapedString | Promise<HtmlEscapedString>;

/**
 * Plain, high-contrast styles (WCAG AA: body text 15:1, links and buttons at least 7:1), readable on a phone
 * (one column under 40rem), visible keyboard focus. No script: every action is a form.
 */
const styles = `
:root { --ink:#111; --muted:#3d3d3d; --line:#8a8a8a; --bg:#fff; --soft:#f2f2f2; --accent:#0b4a8b; --danger:#8b0000; --ok:#0a5c2b; }
* { box-sizing: border-box; }
body { margin:0; font:16px/1.5 system-ui, sans-serif; color:var(--ink); background:var(--bg); }
a { color:var(--accent); }
a:focus-visible, button:focus-visible, input:focus-visible, select:focus-visible, textarea:focus-visible, summary:focus-visible {
  outline:3px solid #f0b400; outline-offset:2px; }
.skip { position:absolute; left:-999px; } .skip:focus { left:1rem; top:1rem; background:#fff; padding:.5rem; z-index:2; }
header.top { background:var(--accent); color:#fff; padding:.5rem 1rem; display:flex; flex-wrap:wrap; gap:.5rem 1.5rem; align-items:center; }
header.top a { color:#fff; }
header.top nav ul { list-style:none; display:flex; flex-wrap:wrap; gap:.25rem 1rem; margin:0; padding:0; }
header.top nav a[aria-current="page"] { font-weight:700; text-decoration-thickness:3px; }
header.top .who { margin-left:auto; display:flex; gap:.75rem; align-items:center; flex-wrap:wrap; }
header.top form button { background:#fff; color:var(--accent); border:0; }
main { max-width:64rem; margin:0 auto; padding:1rem; }
h1 { font-size:1.5rem; margin:.5rem 0 1rem; } h2 { font-size:1.2rem; margin:1.5rem 0 .5rem; }
button, .button { font:inherit; padding:.45rem .9rem; border-radius:4px; border:2px solid var(--accent); background:var(--accent); color:#fff; cursor:pointer; text-decoration:none; display:inline-block; }
button.secondary { background:#fff; color:var(--accent); }
button.danger { background:var(--danger); border-color:var(--danger); }
label { font-weight:600; display:block; }
input, select, textarea { font:inherit; padding:.4rem; border:2px solid var(--line); border-radius:4px; max-width:100%; }
textarea { width:100%; min-height:4.5rem; }
.filters { display:flex; flex-wrap:wrap; gap:.75rem; align-items:flex-end; background:var(--soft); padding:.75rem; border-radius:4px; }
.tabs { display:flex; flex-wrap:wrap; gap:.5rem; list-style:none; padding:0; margin:1rem 0; }
.tabs a { display:block; padding:.35rem .7rem; border:2px solid var(--accent); border-radius:999px; text-decoration:none; }
.tabs a[aria-current="page"] { background:var(--accent); color:#fff; }
.cards { list-style:none; padding:0; margin:0; display:grid; gap:.75rem; }
.card { border:2px solid var(--line); border-radius:6px; padding:.75rem; }
.card.urgent { border-color:var(--danger); border-left-width:8px; }
.meta { color:var(--muted); font-size:.9rem; }
.badge { display:inline-block; padding:0 .45rem; border-radius:4px; background:var(--soft); border:1px solid var(--line); font-size:.85rem; margin-right:.25rem; }
.badge.urgent { background:var(--danger); color:#fff; border-color:var(--danger); }
blockquote { margin:.5rem 0; padding:.5rem .75rem; border-left:4px solid var(--line); background:var(--soft); white-space:pre-wrap; overflow-wrap:anywhere; }
.actions { display:grid; gap:.75rem; grid-template-columns:repeat(auto-fill, minmax(15rem, 1fr)); }
.actions form { border:1px solid var(--line); border-radius:6px; padding:.6rem; display:grid; gap:.4rem; }
.notice { padding:.6rem .8rem; border-radius:4px; border:2px solid var(--ok); background:#e9f6ee; }
.notice.error { border-color:var(--danger); background:#fbeaea; }
table { border-collapse:collapse; width:100%; } th, td { text-align:left; border-bottom:1px solid var(--line); padding:.4rem; vertical-align:top; }
ol.history { padding-left:1.25rem; } ol.history li { margin-bottom:.6rem; }
.figure { font-size:1.6rem; font-weight:700; }
@media (max-width: 40rem) { header.top .who { margin-left:0; } .actions { grid-template-columns:1fr; } th, td { display:block; } }
`;

export type Section = "coda" | "autori" | "replay" | "audit" | "interessati";

const sections: { id: Section; label: string; href: string }[] = [
  { id: "coda", label: "Coda di revisione", href: "/console/coda" },
  { id: "autori", label: "Autori recidivi", href: "/console/autori" },
  { id: "replay", label: "Prova di una policy", href: "/console/replay" },
  { id: "audit", label: "Audit", href: "/console/audit" },
  { id: "interessati", label: "Richieste degli interessati", href: "/console/interessati" },
];

export function page(options: {
  title: string;
  principal?: Principal;
  section?: Section;
  csrfToken?: string;
  body: Html;
}): Html {
  const { principal, section } = options;
  const roles = principal
    ? [...principal.roles].map(([entity, set]) => `${entity}: ${[...set].map((r) => roleLabels[r]).join(", ")}`)
    : [];
  return html`<!doctype html>
<html lang="it">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${options.title} · Sentinella</title>
<style>${styles}</style>
</head>
<body>
<a class="skip" href="#contenuto">Vai al contenuto</a>
<header class="top">
  <strong>Sentinella</strong>
  ${
    principal
      ? html`<nav aria-label="Sezioni"><ul>${sections.map(
          (s) => html`<li><a href="${s.href}"${s.id === section ? html` aria-current="page"` : ""}>${s.label}</a></li>`,
        )}</ul></nav>
  <div class="who"><span title="${roles.join("; ")}">${principal.name}</span>
    <form method="post" action="/console/esci"><input type="hidden" name="_csrf" value="${options.csrfToken ?? ""}"><button type="submit">Esci</button></form>
  </div>`
      : ""
  }
</header>
<main id="contenuto" tabindex="-1">
<h1>${options.title}</h1>
${options.body}
</main>
</body>
</html>`;
}

export function csrfField(token: string): Html {
  return html`<input type="hidden" name="_csrf" value="${token}">`;
}
