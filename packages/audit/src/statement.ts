import { type Category, type DecisionRecord, type StaffRecord, showingActions } from "@sentinella/core";
import type { Policy } from "@sentinella/policy";
import { DecisionNotFoundError, NoStatementError } from "./errors";
import { romeDateTime } from "./format";
import { escapeHtml, htmlPage } from "./html";
import { categoryLabel, kindLabel, platformLabel, staffActionLabel } from "./labels";

/** The kinds of personal data a `pii.<kind>` rule masks, as the statement names them instead of quoting them. */
const piiKindLabel: Record<string, string> = {
  email: "indirizzo e-mail",
  pec: "indirizzo PEC",
  phone: "numero di telefono",
  "codice-fiscale": "codice fiscale",
  "codice-fiscale-invalid": "codice simile a un codice fiscale",
  iban: "IBAN",
  "iban-invalid": "codice simile a un IBAN",
  "payment-card": "numero di carta di pagamento",
  "payment-card-invalid": "numero simile a una carta di pagamento",
  "identity-document": "numero di documento d'identità",
  "licence-plate": "targa",
  "home-address": "indirizzo di abitazione",
  "practice-number": "numero di pratica",
  "health-fact": "informazione sulla salute di una persona",
  "judicial-fact": "informazione giudiziaria su una persona",
  "private-fact": "informazione sulla vita privata di una persona",
};

/** A staff record that asks for or decides a riesame of this decision (packages/core StaffRecord). */
export interface RiesameFacts {
  action: string;
  at: string;
  note?: string;
}

/** The statement of reasons of one hide or removal, with the fields of the DSA's art. 17(3). */
export interface StatementOfReasons {
  reference: string;
  entity: string;
  issuedAt: string;
  /** (a) what was decided and its scope. */
  decision: { summary: string; scope: string; duration: string; decidedAt: string; applied: boolean };
  /** (b) facts and circumstances: the categories, their evidence (never a personal identifier), the redacted text. */
  facts: {
    origin: string;
    findings: { category: string; evidence: string[] }[];
    redactedText: string;
  };
  /** (c) automated means in detecting and in deciding. */
  automation: { detection: string; decision: string };
  /** (d)/(e) the ground: the clauses of the entity's own policy. */
  ground: { clauses: string[]; explanation: string };
  /** (f) redress. */
  redress: { riesame: string; other: string };
  riesame: RiesameFacts[];
}

/**
 * What the decision did to the item, as the platform carried it out: "hidden" or "deleted" only once the platform
 * did it (an item the platform refused to hide stayed visible and went to staff); a private message is archived (no
 * platform hides one); in shadow mode, what would have been done. Undefined when the item was neither hidden nor
 * removed.
 */
function outcomeOf(record: DecisionRecord): "hidden" | "deleted" | "archived" | undefined {
  const taken = (action: "hide" | "delete") =>
    record.actionsTaken.some((a) => a.action === action && (a.status === "done" || a.status === "shadow"));
  if (taken("delete")) return "deleted";
  if (taken("hide")) return "hidden";
  if (record.kind === "message" && record.actions.includes("hide")) return "archived";
  return undefined;
}

const pastParticiple = { hidden: "nascosto", deleted: "eliminato", archived: "archiviato" } as const;

/**
 * Evidence an author or an auditor may read: the words of a breach, or the kind of personal data that was masked.
 * Offsets point into the unredacted text, so a quote needs it (and stops when it expires); a pii span is never quoted.
 */
function evidenceFor(record: DecisionRecord, category: Category): string[] {
  const finding = record.categories.find((c) => c.category === category);
  if (!finding) return [];
  const quotes = finding.evidence.map((e) => {
    const kind = e.ruleId.startsWith("pii.") ? e.ruleId.slice(4) : undefined;
    if (category === "pii" || category === "minors" || kind) return piiKindLabel[kind ?? ""] ?? "dato personale";
    const text = record.fullText?.slice(e.start, e.end).trim();
    return text ? `«${text.length > 80 ? `${text.slice(0, 79)}…` : text}»` : `regola ${e.ruleId}`;
  });
  return [...new Set(quotes)];
}

function scopeOf(record: DecisionRecord, outcome: keyof typeof pastParticiple): string {
  const platform = platformLabel[record.platform];
  if (outcome === "archived") return `Il messaggio privato è archiviato nella casella dell'ente su ${platform}.`;
  if (outcome === "deleted") {
    return `Il ${kindLabel[record.kind]} è stato eliminato dall'account ${platform} dell'ente (${record.accountId}), dove la piattaforma non permette di nasconderlo; nessun'altra misura riguarda l'account dell'autore.`;
  }
  const visibleTo =
    record.platform === "facebook"
      ? "resta visibile solo all'autore e ai suoi amici"
      : record.platform === "instagram"
        ? "resta visibile solo all'autore"
        : "non è più visibile agli altri utenti";
  return `Il ${kindLabel[record.kind]} ${visibleTo}, sull'account ${platform} dell'ente (${record.accountId}); non è stato eliminato e nessun'altra misura riguarda l'account dell'autore.`;
}

const hid = (r: DecisionRecord) => r.actions.includes("hide") || r.actionsTaken.some((a) => a.action === "hide");

/**
 * The statement of reasons of one item's decision, as the CLI prints it and the console shows it: `reference` is a
 * decision's reference (item version key) or the item's key, whose latest hiding decision is meant. The staff
 * records after it that log the author's riesame request, or show or confirm the item again, are its riesame.
 */
export function itemStatement(
  item: { decisions: readonly DecisionRecord[]; staff: readonly StaffRecord[] },
  reference: string,
  policyFor: (entityId: string) => Policy,
  issuedAt: Date,
): StatementOfReasons {
  const { decisions, staff } = item;
  const record =
    decisions.find((r) => r.itemVersionKey === reference) ?? decisions.filter(hid).at(-1) ?? decisions.at(-1);
  if (!record) throw new DecisionNotFoundError(`Nessuna decisione con riferimento ${reference}.`);
  const riesame = staff
    .filter(
      (s) =>
        s.at >= record.decidedAt && (showingActions.has(s.action) || s.action === "confirm" || s.action === "riesame"),
    )
    .map((s) => ({ action: s.action, at: s.at, ...(s.note ? { note: s.note } : {}) }));
  return statementOfReasons(record, policyFor(record.entityId), { issuedAt, riesame });
}

/** The statement of one decision that hid or removed an item; throws NoStatementError for any other decision. */
export function statementOfReasons(
  record: DecisionRecord,
  policy: Pick<Policy, "name" | "redress">,
  options: { issuedAt: Date; riesame?: readonly RiesameFacts[] },
): StatementOfReasons {
  const outcome = outcomeOf(record);
  if (!outcome) {
    const refused = record.actionsTaken.some(
      (a) => a.status === "failed" && (a.action === "hide" || a.action === "delete"),
    );
    throw new NoStatementError(
      refused
        ? `La piattaforma ha rifiutato di nascondere o rimuovere il contenuto della decisione ${record.itemVersionKey}: è rimasto visibile ed è stato inviato alla verifica del personale; non richiede una motivazione.`
        : record.actions.includes("hide")
          ? `La decisione ${record.itemVersionKey} non è ancora stata eseguita sulla piattaforma: la motivazione si può emettere quando il contenuto è stato nascosto o rimosso.`
          : `La decisione ${record.itemVersionKey} non ha nascosto né rimosso il contenuto (azioni: ${record.actions.join(", ")}): non richiede una motivazione.`,
    );
  }
  const applied = record.mode === "enforce";
  const violations = record.categories.filter(
    (c) => !["question", "personal_request", "emergency"].includes(c.category),
  );
  const clearCut = violations.some((c) => c.clearCut);
  const what = pastParticiple[outcome];
  return {
    reference: record.itemVersionKey,
    entity: policy.name,
    issuedAt: options.issuedAt.toISOString(),
    decision: {
      summary: applied
        ? `Il ${kindLabel[record.kind]} su ${platformLabel[record.platform]} è stato ${what}.`
        : `Il ${kindLabel[record.kind]} su ${platformLabel[record.platform]} sarebbe stato ${what}: l'ente era in modalità di prova e non ha agito sulla piattaforma.`,
      scope: scopeOf(record, outcome),
      duration: "Senza scadenza, fino all'esito di un eventuale riesame.",
      decidedAt: record.decidedAt,
      applied,
    },
    facts: {
      origin: "Rilevato d'ufficio dall'ente, non in seguito a una segnalazione.",
      findings: violations.map((c) => ({
        category: categoryLabel[c.category],
        evidence: evidenceFor(record, c.category),
      })),
      // Empty once the personal data's retention has passed or the author's data was erased (the decision stays).
      redactedText:
        record.redactedText ||
        "non più conservato (trascorso il periodo di conservazione dei dati personali, o cancellato su richiesta dell'autore)",
    },
    automation: {
      detection: `Sì, il contenuto è stato analizzato da Sentinella, un sistema automatico di regole (versione ${record.classifierVersion}, policy ${record.policyVersion}).`,
      decision: clearCut
        ? `Sì, la violazione è stata ritenuta evidente e il contenuto è stato ${what} senza l'intervento di una persona; il personale dell'ente può rivederla in ogni momento.`
        : "La decisione è stata presa con mezzi automatici e sottoposta alla verifica di una persona.",
    },
    ground: {
      clauses: [...new Set(violations.map((c) => c.clause))],
      explanation: record.explanation,
    },
    redress: {
      riesame: `Può chiedere il riesame della decisione entro ${policy.redress.requestWithinDays} giorni, citando il riferimento ${record.itemVersionKey}. A chi rivolgersi: ${policy.redress.contact}. Una persona dell'ente, diversa da un sistema automatico, esaminerà la richiesta e le comunicherà l'esito.`,
      other:
        "Resta salvo il ricorso all'autorità giudiziaria; per i dati personali può rivolgersi al Garante per la protezione dei dati personali (www.garanteprivacy.it).",
    },
    riesame: [...(options.riesame ?? [])].sort((a, b) => a.at.localeCompare(b.at)),
  };
}

/** The statement as plain text for a terminal or an e-mail, in Italian. */
export function statementText(s: StatementOfReasons): string {
  const lines = [
    `MOTIVAZIONE DELLA DECISIONE DI MODERAZIONE – ${s.entity}`,
    `Riferimento: ${s.reference}`,
    `Emessa il ${romeDateTime(s.issuedAt, "it")} (ora di Roma)`,
    "",
    "1. Decisione e sua portata",
    `   ${s.decision.summary} Decisione del ${romeDateTime(s.decision.decidedAt, "it")}.`,
    `   ${s.decision.scope}`,
    `   Durata: ${s.decision.duration}`,
    "2. Fatti e circostanze",
    `   ${s.facts.origin}`,
    ...s.facts.findings.map((f) => `   - ${f.category}${f.evidence.length ? `: ${f.evidence.join("; ")}` : ""}`),
    `   Testo (con i dati personali oscurati): ${s.facts.redactedText}`,
    "3. Uso di mezzi automatizzati",
    `   Rilevazione: ${s.automation.detection}`,
    `   Decisione: ${s.automation.decision}`,
    "4. Motivo",
    ...s.ground.clauses.map((c) => `   - ${c}`),
    `   ${s.ground.explanation}`,
    "5. Mezzi di ricorso",
    `   ${s.redress.riesame}`,
    `   ${s.redress.other}`,
    ...(s.riesame.length
      ? [
          "6. Riesame",
          ...s.riesame.map(
            (r) =>
              `   - ${romeDateTime(r.at, "it")}: ${staffActionLabel[r.action] ?? r.action}${r.note ? ` – ${r.note}` : ""}`,
          ),
        ]
      : []),
  ];
  return `${lines.join("\n")}\n`;
}

/** The statement as a printable HTML page. */
export function statementHtml(s: StatementOfReasons): string {
  const e = escapeHtml;
  const item = (term: string, ...values: string[]) =>
    `<dt>${e(term)}</dt><dd>${values.map((v) => `<p>${e(v)}</p>`).join("")}</dd>`;
  const body = `<h1>Motivazione della decisione di moderazione</h1>
<p class="subtitle">${e(s.entity)} – riferimento ${e(s.reference)} – emessa il ${e(romeDateTime(s.issuedAt, "it"))}</p>
<dl>
${item("Decisione e portata", s.decision.summary, s.decision.scope, `Durata: ${s.decision.duration}`, `Data: ${romeDateTime(s.decision.decidedAt, "it")}`)}
${item("Fatti e circostanze", s.facts.origin, ...s.facts.findings.map((f) => `${f.category}${f.evidence.length ? `: ${f.evidence.join("; ")}` : ""}`), `Testo (dati personali oscurati): ${s.facts.redactedText}`)}
${item("Mezzi automatizzati", `Rilevazione: ${s.automation.detection}`, `Decisione: ${s.automation.decision}`)}
${item("Motivo", ...s.ground.clauses, s.ground.explanation)}
${item("Mezzi di ricorso", s.redress.riesame, s.redress.other)}
${s.riesame.length ? item("Riesame", ...s.riesame.map((r) => `${romeDateTime(r.at, "it")}: ${staffActionLabel[r.action] ?? r.action}${r.note ? ` – ${r.note}` : ""}`)) : ""}
</dl>`;
  return htmlPage(`Motivazione ${s.reference}`, body);
}
