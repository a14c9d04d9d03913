import { escapeHtml, htmlPage, htmlTable } from "../html";
import { actionLabel, categoryLabel, kindLabel, platformLabel, staffActionLabel } from "../labels";
import { reportCharts } from "./charts";
import type { MonthlyFigures } from "./figures";

const integer = new Intl.NumberFormat("it-IT");
const oneDecimal = new Intl.NumberFormat("it-IT", { maximumFractionDigits: 1, minimumFractionDigits: 1 });
const percent = new Intl.NumberFormat("it-IT", { style: "percent", maximumFractionDigits: 1 });
const dateTime = new Intl.DateTimeFormat("it-IT", { timeZone: "Europe/Rome", dateStyle: "long", timeStyle: "short" });

/** A figure that does not exist where the records do not ("n.d." with the reason in a note). */
const orNa = (value: number | undefined, format: (n: number) => string = (n) => integer.format(n)) =>
  value === undefined ? "n.d." : format(value);

export function monthName(month: string): string {
  const [year, index] = month.split("-").map(Number);
  return new Intl.DateTimeFormat("it-IT", { month: "long", year: "numeric", timeZone: "UTC" }).format(
    Date.UTC(year ?? 0, (index ?? 1) - 1, 15),
  );
}

const figure = (svg: string | undefined) => (svg ? `<figure>${svg}</figure>` : "");

/**
 * The monthly transparency report as one HTML page in Italian, charts inline as SVG: counts only, never a text,
 * an author or an item id, so the page can be published as it is.
 */
export async function renderMonthlyReport(f: MonthlyFigures): Promise<string> {
  const charts = await reportCharts(f);
  const staffMissing = f.automaticVsHuman.human === undefined;
  const title = `Rapporto di trasparenza sulla moderazione – ${f.entity.name} – ${monthName(f.month)}`;
  const sections = [
    `<h1>${escapeHtml(title)}</h1>`,
    `<p class="subtitle">Canali social ufficiali, ${escapeHtml(monthName(f.month))}. Dati letti dal registro delle decisioni il ${escapeHtml(dateTime.format(new Date(f.asOf)))}.</p>`,

    "<h2>Elementi ricevuti</h2>",
    htmlTable(
      ["piattaforma", "tipo", "elementi"],
      [
        ...f.received.byPlatformAndKind.map((r) => [
          platformLabel[r.platform],
          kindLabel[r.kind],
          integer.format(r.count),
        ]),
        ["totale", "", integer.format(f.received.total)],
      ],
    ),
    `<p class="note">Inoltre ${integer.format(f.received.edits)} modifiche di elementi già ricevuti e ${integer.format(f.received.deletions)} eliminazioni da parte degli autori.</p>`,
    figure(charts.received),

    "<h2>Decisioni</h2>",
    `<p>${integer.format(f.decisions.total)} decisioni automatiche su elementi nuovi o modificati${f.decisions.shadow > 0 ? `, di cui ${integer.format(f.decisions.shadow)} in modalità di prova (registrate senza agire sulla piattaforma)` : ""}. Una decisione può comportare più azioni e riguardare più categorie.</p>`,
    htmlTable(
      ["azione", "decisioni"],
      f.decisions.byAction.map((a) => [actionLabel[a.key], integer.format(a.count)]),
    ),
    figure(charts.byAction),
    htmlTable(
      ["categoria", "decisioni"],
      f.decisions.byCategory.map((c) => [categoryLabel[c.key], integer.format(c.count)]),
    ),
    figure(charts.byCategory),
    figure(charts.weekly),

    "<h2>Decisioni automatiche e decisioni del personale</h2>",
    htmlTable(
      ["", "numero"],
      [
        ["decisioni automatiche", integer.format(f.automaticVsHuman.automatic)],
        ["decisioni del personale", orNa(f.automaticVsHuman.human)],
        ...f.automaticVsHuman.humanByAction.map((a) => [
          `– ${staffActionLabel[a.key] ?? a.key}`,
          integer.format(a.count),
        ]),
      ],
    ),

    "<h2>Correzioni del personale sui nascondimenti automatici</h2>",
    htmlTable(
      ["", "numero"],
      [
        ["elementi nascosti automaticamente", integer.format(f.overrides.automaticHides)],
        ["resi di nuovo visibili dal personale", orNa(f.overrides.overridden)],
        ["tasso di errore misurato", orNa(f.overrides.rate, (r) => percent.format(r))],
      ],
    ),

    "<h2>Verifica dei moderatori</h2>",
    htmlTable(
      ["", "valore"],
      [
        ["elementi inviati alla verifica", integer.format(f.review.sent)],
        ["verificati dal personale", orNa(f.review.decided)],
        ["ancora in attesa", orNa(f.review.waiting)],
        ["tempo mediano di verifica (ore)", orNa(f.review.medianHours, (h) => oneDecimal.format(h))],
        ["tempo entro cui è verificato il 90% (ore)", orNa(f.review.p90Hours, (h) => oneDecimal.format(h))],
      ],
    ),

    "<h2>Regola delle risposte</h2>",
    htmlTable(
      ["", "numero"],
      [
        ["obblighi di risposta aperti", integer.format(f.replyRule.opened)],
        ["risposti nei termini", integer.format(f.replyRule.answeredInTime)],
        ["risposti oltre i termini", integer.format(f.replyRule.answeredLate)],
        ["risposte di cortesia inviate", integer.format(f.replyRule.holdingRepliesSent)],
        ["risposte di cortesia solo registrate (modalità di prova)", integer.format(f.replyRule.holdingRepliesShadow)],
        ["termini scaduti senza risposta o con risposta tardiva", integer.format(f.replyRule.deadlinesMissed)],
        ["ancora aperti, nei termini", integer.format(f.replyRule.openNotDue)],
        [
          "chiusi senza risposta pubblica (elemento eliminato, gestito altrove)",
          integer.format(f.replyRule.closedOtherwise),
        ],
        ...(f.replyRule.expired > 0
          ? [["non più disponibili (scaduto il periodo di conservazione)", integer.format(f.replyRule.expired)]]
          : []),
      ],
    ),

    "<h2>Emergenze e minacce segnalate al personale</h2>",
    htmlTable(
      ["", "numero"],
      [
        ["emergenze", integer.format(f.escalated.emergency)],
        ["minacce", integer.format(f.escalated.threat)],
      ],
    ),

    "<h2>Autori recidivi</h2>",
    f.offenders
      ? htmlTable(
          ["", "numero"],
          [
            ["avvertimenti inviati", integer.format(f.offenders.warnings)],
            ["blocchi proposti", integer.format(f.offenders.bansProposed)],
            ["blocchi approvati", integer.format(f.offenders.bansApproved)],
            ["blocchi respinti", integer.format(f.offenders.bansRejected)],
          ],
        )
      : '<p class="note">Il registro degli autori recidivi non è attivo per questo ente: nessun dato.</p>',

    `<p class="note">Le cifre sono calcolate dalle decisioni registrate, non da contatori.${staffMissing ? " “n.d.”: le decisioni del personale non sono registrate in questa installazione." : ""} Il rapporto non contiene dati personali: né testi, né autori, né identificativi dei contenuti.</p>`,
  ];
  return htmlPage(title, sections.filter(Boolean).join("\n"));
}
