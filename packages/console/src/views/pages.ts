import type { ErasureRecord } from "@sentinella/audit";
import {
  Category,
  consolePaths,
  type DecisionRecord,
  type OffenderEvent,
  Platform,
  type StaffActionKind,
  type StaffRecord,
} from "@sentinella/core";
import { html } from "hono/html";
import type { HistoryEvent } from "../history";
import {
  actionLabels,
  automaticActionLabels,
  categoryLabels,
  formatTime,
  nextStepLabels,
  platformActionLabels,
  platformLabels,
  platformLink,
  platformStatusLabels,
  resultLabels,
  stateLabels,
} from "../labels";
import type { OffenderStatus } from "../offenders";
import type { QueueEntry, QueueFilter, QueueState, QueueView } from "../queue";
import { openStates, queueStates } from "../queue";
import type { ReplayReport } from "../replay";
import { csrfField, type Html } from "./layout";

export const itemPath = (itemKey: string) => `/console${consolePaths.item(itemKey)}`;
export const authorPath = (entityId: string, authorId: string) =>
  `/console/autori/${encodeURIComponent(authorId)}?ente=${encodeURIComponent(entityId)}`;

function entityPicker(entities: readonly string[], current: string, extra: Html = html``): Html {
  if (entities.length < 2) return html`<input type="hidden" name="ente" value="${current}">${extra}`;
  return html`<div><label for="ente">Ente</label><select id="ente" name="ente">${entities.map(
    (e) => html`<option value="${e}"${e === current ? html` selected` : ""}>${e}</option>`,
  )}</select></div>${extra}`;
}

function queueHref(entityId: string, filter: QueueFilter, state: QueueFilter["state"]): string {
  const query = new URLSearchParams({ ente: entityId, stato: state ?? "open" });
  if (filter.platform) query.set("piattaforma", filter.platform);
  if (filter.category) query.set("categoria", filter.category);
  if (filter.search) query.set("cerca", filter.search);
  if (filter.urgentOnly) query.set("urgenti", "1");
  return `/console/coda?${query}`;
}

function categoryBadges(categories: readonly Category[]): Html {
  return html`${categories.map((c) => html`<span class="badge">${categoryLabels[c]}</span>`)}`;
}

function queueCard(entry: QueueEntry): Html {
  const d = entry.decision;
  return html`<li class="card${entry.urgent ? " urgent" : ""}">
  <div class="meta">${entry.urgent ? html`<span class="badge urgent">Urgente</span>` : ""}<span class="badge">${stateLabels[entry.state]}</span>
    ${platformLabels[d.platform]} · ${formatTime(entry.waitingSince)}${d.mode === "shadow" ? " · modalità prova" : ""}</div>
  <blockquote>${d.redactedText || "(senza testo)"}</blockquote>
  <div>${categoryBadges(d.categories)}</div>
  <a href="${itemPath(entry.itemKey)}">Apri il contenuto<span class="skip"> ${d.itemId}</span></a>
</li>`;
}

export function queuePage(options: {
  entities: readonly string[];
  entityId: string;
  filter: QueueFilter;
  view: QueueView;
  undone: { autoHidden: number; undone: number };
  days: number;
}): Html {
  const { entityId, filter, view } = options;
  const current = filter.state ?? "open";
  const openCount = queueStates
    .filter((state) => openStates.has(state))
    .reduce((n, state) => n + view.counts[state], 0);
  const tabs: { state: QueueFilter["state"]; label: string; count: number }[] = [
    { state: "open", label: "Aperti", count: openCount },
    ...queueStates.map((state) => ({ state, label: stateLabels[state], count: view.counts[state] })),
  ];
  const share = options.undone.autoHidden ? Math.round((100 * options.undone.undone) / options.undone.autoHidden) : 0;
  return html`
<form class="filters" method="get" action="/console/coda" role="search" aria-label="Filtri della coda">
  ${entityPicker(options.entities, entityId)}
  <input type="hidden" name="stato" value="${current}">
  <div><label for="piattaforma">Piattaforma</label><select id="piattaforma" name="piattaforma"><option value="">tutte</option>${Platform.options.map(
    (p) => html`<option value="${p}"${p === filter.platform ? html` selected` : ""}>${platformLabels[p]}</option>`,
  )}</select></div>
  <div><label for="categoria">Categoria</label><select id="categoria" name="categoria"><option value="">tutte</option>${Category.options.map(
    (c) => html`<option value="${c}"${c === filter.category ? html` selected` : ""}>${categoryLabels[c]}</option>`,
  )}</select></div>
  <div><label for="cerca">Cerca nel testo</label><input id="cerca" name="cerca" type="search" value="${filter.search ?? ""}"></div>
  <div><label><input type="checkbox" name="urgenti" value="1"${filter.urgentOnly ? html` checked` : ""}> Solo urgenti</label></div>
  <button type="submit">Filtra</button>
</form>
<nav aria-label="Stati"><ul class="tabs">${tabs.map(
    (t) =>
      html`<li><a href="${queueHref(entityId, filter, t.state)}"${t.state === current ? html` aria-current="page"` : ""}>${t.label} <span class="count">(${t.count})</span></a></li>`,
  )}</ul></nav>
<p class="meta">Ultimi ${options.days} giorni · urgenti prima (minacce, emergenze), poi dal più vecchio.
  Nascondimenti automatici annullati dallo staff: <strong data-figure="undone">${share}%</strong> (${options.undone.undone} su ${options.undone.autoHidden}).</p>
${
  view.entries.length
    ? html`<ul class="cards" aria-label="Contenuti">${view.entries.map(queueCard)}</ul>`
    : html`<p>Nessun contenuto in questo stato.</p>`
}`;
}

const actionForms: Record<QueueState, StaffActionKind[]> = {
  to_review: ["hide", "allow", "reply"],
  hide_failed: ["hide", "allow", "reply"],
  hide_pending: ["hide", "allow", "reply"],
  auto_hidden: ["confirm", "unhide", "reply", "riesame"],
  hidden: ["unhide", "reply", "riesame"],
  visible: ["hide", "reply"],
};

/** What hides or shows an item on the platform: a private message is neither. */
const platformMoves: ReadonlySet<StaffActionKind> = new Set(["hide", "unhide", "confirm"]);

function actionForm(itemKey: string, action: StaffActionKind, csrf: string, prefill?: string): Html {
  const id = `nota-${action}`;
  const needsText = action === "reply" || action === "warn";
  return html`<form method="post" action="${itemPath(itemKey)}/azioni">
  ${csrfField(csrf)}<input type="hidden" name="azione" value="${action}">
  ${
    needsText
      ? html`<label for="testo-${action}">${action === "reply" ? "Testo della risposta" : "Testo dell'avviso"}</label>
  <textarea id="testo-${action}" name="testo"${action === "reply" ? html` required` : ""}>${prefill ?? ""}</textarea>`
      : ""
  }
  <label for="${id}">Nota (facoltativa)</label><input id="${id}" name="nota" type="text" maxlength="2000">
  <button type="submit"${action === "hide" || action === "approve_ban" ? html` class="danger"` : ""}>${actionLabels[action]}</button>
</form>`;
}

function historyLine(event: HistoryEvent): Html {
  if (event.type === "decision") {
    const d = event.decision;
    return html`<li><strong>${formatTime(d.decidedAt)} · Sentinella</strong> (${d.event === "edited" ? "modifica" : "nuovo"}):
      ${d.actions.map((a) => automaticActionLabels[a] ?? a).join(", ")}${d.mode === "shadow" ? " (modalità prova)" : ""}
      <span class="meta">policy ${d.policyVersion}, motore ${d.classifierVersion}</span></li>`;
  }
  if (event.type === "platform") {
    const a = event.action;
    return html`<li>${formatTime(a.at)} · Sentinella sulla piattaforma: ${platformActionLabels[a.action]} — ${platformStatusLabels[a.status]}${a.error ? ` (${a.error.code})` : ""}</li>`;
  }
  const r = event.record;
  return html`<li><strong>${formatTime(r.at)} · ${r.by.name}</strong>${r.source === "platform" ? " (direttamente sulla piattaforma)" : ""}:
    ${actionLabels[r.action]} — ${resultLabels[r.result.status]}${r.result.error ? ` (${r.result.error.code}: ${r.result.error.message})` : ""}
    ${r.note ? html`<br>Nota: «${r.note}»` : ""}${r.clause ? html`<br><span class="meta">Clausola: ${r.clause}</span>` : ""}
    ${r.result.instructions ? html`<br>Da fare: ${r.result.instructions}` : ""}</li>`;
}

export function itemPage(options: {
  latest: DecisionRecord;
  state: QueueState | undefined;
  /** The platform's error code when it refused the latest hide. */
  refusal?: string;
  history: HistoryEvent[];
  recentByAuthor: { itemKey: string; redactedText: string; decidedAt: string }[];
  offender?: OffenderStatus;
  canAct: boolean;
  csrf: string;
  notice?: { ok: boolean; text: string };
  warning: string;
}): Html {
  const d = options.latest;
  const link = platformLink(d);
  const postLink = d.postId ? platformLink({ platform: d.platform, itemId: d.postId, postId: d.postId }) : undefined;
  const state = options.state;
  return html`
${options.notice ? html`<p class="notice${options.notice.ok ? "" : " error"}" role="status">${options.notice.text}</p>` : ""}
<p class="meta">${platformLabels[d.platform]} · ${d.kind} · ricevuto ${formatTime(d.itemCreatedAt)} · ${state ? html`<span class="badge">${stateLabels[state]}</span>` : ""}</p>
${
  state === "hide_failed"
    ? html`<p class="notice error" role="alert">La piattaforma ha rifiutato il nascondimento${options.refusal ? ` (${options.refusal})` : ""}: il contenuto è ancora visibile. Riprovare con «${actionLabels.hide}» o decidere se lasciarlo visibile.</p>`
    : state === "hide_pending"
      ? html`<p class="notice" role="status">Sentinella ha deciso di nasconderlo e attende la risposta della piattaforma: per ora il contenuto è visibile.</p>`
      : ""
}
<h2>Testo (dati personali oscurati)</h2>
<blockquote>${d.redactedText || "(senza testo)"}</blockquote>
<p>${link ? html`<a href="${link}" rel="noopener noreferrer" target="_blank">Apri su ${platformLabels[d.platform]}</a>` : html`<span class="meta">${platformLabels[d.platform]} non dà un indirizzo pubblico per questo contenuto: cercarlo nei commenti del post.</span>`}</p>
<h2>Post a cui risponde</h2>
<p>${d.postId ? (postLink ? html`<a href="${postLink}" rel="noopener noreferrer" target="_blank">Post ${d.postId}</a>` : html`Post ${d.postId}`) : "Messaggio diretto o menzione: nessun post."}</p>
<h2>Perché</h2>
<table><thead><tr><th scope="col">Categoria</th><th scope="col">Regole</th><th scope="col">Clausola</th></tr></thead><tbody>
${d.categories.map((c) => html`<tr><td>${categoryLabels[c.category]}${c.clearCut ? " (evidente)" : " (dubbio)"}</td><td>${c.ruleIds.join(", ")}</td><td>${c.clause}</td></tr>`)}
</tbody></table>
<p><strong>Motivazione:</strong> ${d.explanation}</p>
${d.actions.includes("hide") ? html`<p><a href="${itemPath(d.itemKey)}/motivazione">Motivazione della decisione (art. 17 DSA, stampabile)</a></p>` : ""}
${
  options.canAct
    ? html`<h2>Azioni</h2><div class="actions">${(state ? actionForms[state] : (["hide", "reply"] as StaffActionKind[]))
        .filter((a) => d.kind !== "message" || !platformMoves.has(a))
        .map((a) => actionForm(d.itemKey, a, options.csrf))}
      ${d.authorId ? actionForm(d.itemKey, "warn", options.csrf, options.warning) : ""}</div>`
    : html`<p class="notice" role="note">Sola lettura: il suo ruolo non consente azioni su questo ente.</p>`
}
<h2>Storia del contenuto</h2>
<ol class="history">${options.history.map(historyLine)}</ol>
<h2>L'autore con questo ente</h2>
${
  d.authorId
    ? html`<p>${options.offender ? html`${options.offender.violations} violazioni recenti, ${options.offender.warnings} avvisi: <strong>${nextStepLabels[options.offender.nextStep]}</strong>. ` : ""}<a href="${authorPath(d.entityId, d.authorId)}">Registro dell'autore</a></p>
<ul>${options.recentByAuthor.map((r) => html`<li>${formatTime(r.decidedAt)}: ${r.itemKey === d.itemKey ? "(questo) " : ""}<a href="${itemPath(r.itemKey)}">${r.redactedText.slice(0, 120) || "(senza testo)"}</a></li>`)}</ul>`
    : html`<p>Autore non noto.</p>`
}`;
}

export function offendersPage(options: {
  entities: readonly string[];
  entityId: string;
  statuses: OffenderStatus[];
}): Html {
  return html`
<form class="filters" method="get" action="/console/autori">${entityPicker(options.entities, options.entityId, html`<button type="submit">Mostra</button>`)}</form>
${
  options.statuses.length
    ? html`<table><thead><tr><th scope="col">Autore</th><th scope="col">Violazioni recenti</th><th scope="col">Avvisi</th><th scope="col">Prossimo passo</th></tr></thead><tbody>
${options.statuses.map((s) => html`<tr><td><a href="${authorPath(options.entityId, s.authorId)}">${s.authorId}</a></td><td>${s.violations}</td><td>${s.warnings}</td><td>${nextStepLabels[s.nextStep]}</td></tr>`)}
</tbody></table>`
    : html`<p>Nessun autore con violazioni registrate.</p>`
}`;
}

const ledgerLabels: Record<OffenderEvent["kind"], string> = {
  violation: "violazione (contenuto nascosto)",
  withdrawn: "violazione annullata (contenuto reso visibile)",
  warning: "avviso inviato",
  ban_proposed: "blocco proposto",
  ban_approved: "blocco approvato",
  ban_rejected: "blocco respinto",
};

export function offenderPage(options: {
  entityId: string;
  status: OffenderStatus;
  events: OffenderEvent[];
  rule: { clause: string; violations: number; windowDays: number; warningsBeforeBan: number };
  latestItemKey?: string;
  canAct: boolean;
  canApprove: boolean;
  csrf: string;
  notice?: { ok: boolean; text: string };
}): Html {
  const { status, rule } = options;
  const actions: StaffActionKind[] = [];
  if (options.canAct && status.nextStep !== "banned") actions.push("warn");
  if (options.canAct && status.nextStep !== "ban_pending" && status.nextStep !== "banned") actions.push("propose_ban");
  if (options.canApprove && (status.nextStep === "ban_pending" || status.nextStep === "propose_ban")) {
    actions.push("approve_ban", "reject_ban");
  }
  return html`
${options.notice ? html`<p class="notice${options.notice.ok ? "" : " error"}" role="status">${options.notice.text}</p>` : ""}
<p><strong>${status.violations}</strong> violazioni negli ultimi ${rule.windowDays} giorni, <strong>${status.warnings}</strong> avvisi.
  Prossimo passo: <strong data-next-step="${status.nextStep}">${nextStepLabels[status.nextStep]}</strong>.</p>
<p class="meta">Regola (${rule.clause}): ${rule.violations} contenuti nascosti in ${rule.windowDays} giorni fanno una ripetizione; dopo ${rule.warningsBeforeBan} avvisi, una nuova violazione porta a una proposta di blocco, che approva una persona.</p>
${
  options.latestItemKey && actions.length
    ? html`<h2>Azioni</h2><div class="actions">${actions.map(
        (a) => html`<form method="post" action="${itemPath(options.latestItemKey as string)}/azioni">
  ${csrfField(options.csrf)}<input type="hidden" name="azione" value="${a}"><input type="hidden" name="torna" value="autore">
  <label for="nota-${a}">Nota (facoltativa)</label><input id="nota-${a}" name="nota" type="text" maxlength="2000">
  <button type="submit"${a === "approve_ban" ? html` class="danger"` : ""}>${actionLabels[a]}</button></form>`,
      )}</div>`
    : ""
}
<h2>Registro</h2>
<ol class="history">${options.events.map((e) => html`<li>${formatTime(e.at)} · ${ledgerLabels[e.kind]} — ${e.by}${e.status ? ` (${resultLabels[e.status]})` : ""}${e.itemKey ? html` · <a href="${itemPath(e.itemKey)}">contenuto</a>` : ""}${e.clause ? html`<br><span class="meta">${e.clause}</span>` : ""}</li>`)}</ol>`;
}

export function replayPage(options: {
  entities: readonly string[];
  entityId: string;
  from: string;
  to: string;
  csrf: string;
  report?: ReplayReport;
  error?: string;
}): Html {
  const r = options.report;
  return html`
<p>Applica la policy attuale (o una bozza incollata qui) ai contenuti del periodo il cui testo completo è ancora conservato, e mostra cosa cambierebbe. Non esegue nessuna azione.</p>
<form method="post" action="/console/replay" class="filters">
  ${csrfField(options.csrf)}${entityPicker(options.entities, options.entityId)}
  <div><label for="dal">Dal</label><input id="dal" name="dal" type="date" value="${options.from}" required></div>
  <div><label for="al">Al</label><input id="al" name="al" type="date" value="${options.to}" required></div>
  <div style="flex-basis:100%"><label for="policy">Bozza di policy (JSON, facoltativa: vuoto = policy attuale)</label><textarea id="policy" name="policy"></textarea></div>
  <button type="submit">Prova</button>
</form>
${options.error ? html`<p class="notice error" role="alert">${options.error}</p>` : ""}
${
  r
    ? html`<h2>Risultato</h2>
<p>Policy ${r.policyVersion}, motore ${r.classifierVersion}: ${r.replayed} contenuti riesaminati, ${r.withoutText} senza testo conservato.</p>
<ul><li>Nuovi nascosti: <strong>${r.newlyHidden}</strong></li><li>Non più nascosti: <strong>${r.noLongerHidden}</strong></li><li>Categorie diverse: <strong>${r.categoryChanged}</strong></li></ul>
${
  r.changes.length
    ? html`<table><thead><tr><th scope="col">Contenuto</th><th scope="col">Prima</th><th scope="col">Dopo</th></tr></thead><tbody>
${r.changes.map((c) => html`<tr><td><a href="${itemPath(c.itemKey)}">${c.redactedText.slice(0, 100) || "(senza testo)"}</a></td><td>${c.before.actions.join(", ")}<br><span class="meta">${c.before.categories.join(", ")}</span></td><td>${c.after.actions.join(", ")}<br><span class="meta">${c.after.categories.join(", ")}</span></td></tr>`)}
</tbody></table>`
    : html`<p>Nessuna differenza.</p>`
}`
    : ""
}`;
}

export function auditPage(options: {
  entities: readonly string[];
  entityId: string;
  undone: { autoHidden: number; undone: number };
  staffRecords: StaffRecord[];
  days: number;
  /** Months whose exports this person may download (auditors and admins), newest first. */
  exportMonths: readonly string[];
}): Html {
  const { undone } = options;
  const exportLink = (month: string, kind: "decisioni" | "personale", label: string) =>
    html`<a href="/console/audit/esporta?${new URLSearchParams({ ente: options.entityId, mese: month, tipo: kind }).toString()}">${label}</a>`;
  return html`
<form class="filters" method="get" action="/console/audit">${entityPicker(options.entities, options.entityId, html`<button type="submit">Mostra</button>`)}</form>
<section aria-labelledby="annullati"><h2 id="annullati">Nascondimenti automatici annullati dallo staff</h2>
<p class="figure">${undone.autoHidden ? Math.round((100 * undone.undone) / undone.autoHidden) : 0}%</p>
<p>${undone.undone} dei ${undone.autoHidden} contenuti nascosti da Sentinella negli ultimi ${options.days} giorni sono stati resi di nuovo visibili da una persona.</p></section>
<section aria-labelledby="esportazioni"><h2 id="esportazioni">Esportazioni e rapporti</h2>
${
  options.exportMonths.length
    ? html`<ul id="audit-exports">${options.exportMonths.map((month) => html`<li>${month}: ${exportLink(month, "decisioni", "decisioni automatiche (CSV)")} · ${exportLink(month, "personale", "decisioni dello staff (CSV)")}</li>`)}</ul>
<p class="meta">CSV per Excel e LibreOffice in italiano (separatore «;», ora di Roma); colonne come in <code>sentinella audit</code>. Rapporti mensili, motivazioni e richieste degli interessati: <code>sentinella report</code>, <code>statement</code>, <code>subject</code>.</p>`
    : html`<p id="audit-exports">Le esportazioni sono riservate ai revisori e agli amministratori.</p>`
}</section>
<section aria-labelledby="azioni-staff"><h2 id="azioni-staff">Decisioni dello staff (ultimi ${options.days} giorni)</h2>
${
  options.staffRecords.length
    ? html`<table><thead><tr><th scope="col">Quando</th><th scope="col">Chi</th><th scope="col">Cosa</th><th scope="col">Esito</th><th scope="col">Contenuto</th></tr></thead><tbody>
${options.staffRecords.map((r) => html`<tr><td>${formatTime(r.at)}</td><td>${r.by.name}${r.source === "platform" ? " (sulla piattaforma)" : ""}</td><td>${actionLabels[r.action]}${r.note ? html`<br><span class="meta">«${r.note}»</span>` : ""}</td><td>${resultLabels[r.result.status]}</td><td><a href="${itemPath(r.itemKey)}">apri</a></td></tr>`)}
</tbody></table>`
    : html`<p>Nessuna decisione dello staff nel periodo.</p>`
}</section>`;
}

/**
 * A citizen's access and erasure requests (GDPR art. 15 and 17) for auditors: each asks the author's platform id
 * and the request's protocol number, which the erasure record keeps instead of the person's name.
 */
export function subjectPage(options: {
  entities: readonly string[];
  entityId: string;
  csrf: string;
  records: readonly ErasureRecord[];
  /** The outcome of an erasure just run: its summary, one line each. */
  done?: readonly string[];
  error?: string;
}): Html {
  const authorField = (id: string) =>
    html`<div><label for="${id}">Id dell'autore sulla piattaforma</label><input id="${id}" name="autore" required maxlength="200" autocomplete="off"></div>`;
  const protocolField = (id: string) =>
    html`<div><label for="${id}">Protocollo della richiesta</label><input id="${id}" name="protocollo" required maxlength="200" placeholder="prot. 1234/2026" autocomplete="off"></div>`;
  return html`
${options.error ? html`<p class="notice error" role="alert">${options.error}</p>` : ""}
${options.done ? html`<div class="notice" role="status" id="esito-cancellazione">${options.done.map((line) => html`<p>${line}</p>`)}</div>` : ""}
<div class="actions">
<form method="get" action="/console/interessati/esporta" aria-labelledby="titolo-accesso">
<h2 id="titolo-accesso">Richiesta di accesso (art. 15 GDPR)</h2>
<p class="meta">Tutto ciò che Sentinella conserva sull'autore in questo ente: decisioni, testi ancora conservati, decisioni dello staff, obblighi di risposta, registro recidiva, avvisi in attesa.</p>
${entityPicker(options.entities, options.entityId)}
${authorField("autore-accesso")}
${protocolField("protocollo-accesso")}
<div><label for="formato">Formato</label><select id="formato" name="formato"><option value="csv">CSV (Excel, LibreOffice)</option><option value="json">JSON (completo)</option></select></div>
<button type="submit">Scarica i dati</button>
</form>
<form method="post" action="/console/interessati/cancella" aria-labelledby="titolo-cancellazione">
<h2 id="titolo-cancellazione">Richiesta di cancellazione (art. 17 GDPR)</h2>
<p class="meta">Rimuove autore, testi, note e obblighi; il registro recidiva diventa anonimo. Le decisioni restano senza dati personali, per l'audit. L'operazione non si annulla.</p>
${csrfField(options.csrf)}
${entityPicker(options.entities, options.entityId)}
${authorField("autore-cancellazione")}
${protocolField("protocollo-cancellazione")}
<div><label for="conferma">Ripetere l'id dell'autore per confermare</label><input id="conferma" name="conferma" required maxlength="200" autocomplete="off"></div>
<button type="submit" class="danger">Cancella i dati dell'autore</button>
</form>
</div>
<section aria-labelledby="registro-cancellazioni"><h2 id="registro-cancellazioni">Cancellazioni registrate</h2>
${
  options.records.length
    ? html`<table id="cancellazioni"><thead><tr><th scope="col">Quando</th><th scope="col">Eseguita da</th><th scope="col">Protocollo</th><th scope="col">Righe modificate</th></tr></thead><tbody>
${options.records.map((r) => html`<tr><td>${formatTime(r.at)}</td><td>${r.by}</td><td>${r.reason ?? ""}</td><td>${Object.values(r.counts).reduce((sum, n) => sum + n, 0)}</td></tr>`)}
</tbody></table>`
    : html`<p id="cancellazioni">Nessuna cancellazione registrata.</p>`
}</section>`;
}

export function messagePage(text: string, link?: { href: string; label: string }): Html {
  return html`<p>${text}</p>${link ? html`<p><a class="button" href="${link.href}">${link.label}</a></p>` : ""}`;
}
