import type { Finding } from "../detector";
import { type PiiKind, piiFinding } from "./text";

/**
 * Sensitive facts about a person: health (GDPR art. 9), criminal records (art. 10) and the private life details a
 * neighbour would gossip about. Joined to a name they are personal data, but whether the person is identifiable
 * and the fact private is a human's call: these findings are never clear-cut and mask nothing.
 */
const FACTS: { kind: PiiKind; words: RegExp }[] = [
  {
    kind: "health-fact",
    words:
      /\b(?:infart\w*|ictus|tumor\w*|cancro|leucemia|chemio\w*|malat[oaie]\b|malattia|ricoverat\w*|esaurimento|depression\w*|depress[oaie]\b|psichiatric\w*|hiv|sieropositiv\w*|diabetic\w*|alzheimer|demenza|invalidit\w*|psicofarmaci|tossicodipendent\w*|alcolizzat\w*|alcolist\w*|incint[ae]\b|aborto|in terapia|dialisi|autistic\w*)/i,
  },
  {
    kind: "judicial-fact",
    words:
      /\b(?:condannat\w*|arrestat\w*|indagat\w*|denunciat\w*|processat\w*|imputat\w*|pregiudicat\w*|precedenti penali|in carcere|in galera|galeotto|carcerat\w*|patteggi\w*|rinviat\w* a giudizio|sotto processo|ai domiciliari|agli arresti)/i,
  },
  {
    kind: "private-fact",
    words:
      /\b(?:pien[oa] di debiti|indebitat\w*|debiti\b|beve\b|bevono\b|ubriac\w*|drogat\w*|si droga|tradisce|l'amante|divorziat\w*|sfrattat\w*|pignorat\w*|protestat[oa]\b)/i,
  },
];

const NAME = "\\p{Lu}\\p{Ll}+(?:\\s+\\p{Lu}\\p{Ll}+)?";
/**
 * Someone named: "Nome Cognome", a title before a surname ("il consigliere Zanardi", "la prof.ssa Moretti") or an
 * @mention of a user ("@Gianni Pasquali", "@lucia.ferrari"; not the entity's own handle). Capitalised pairs that open a sentence with a function word ("Il Comune") are no names.
 */
const PERSON = new RegExp(
  `(?:\\b(?:signor[ae]?|sig\\.(?:ra)?|dott\\.?(?:ssa)?|prof\\.?(?:ssa)?|ing\\.|avv\\.|geom\\.|geometra|consiglier[ea]|assessor[ea]|sindac[oa]|president[ea]|dirigente|maestr[ao]|vigilessa|vigile|don|suor)\\s+${NAME}|@\\p{Lu}\\p{Ll}+\\s+\\p{Lu}\\p{Ll}+|@\\p{L}+[._][\\p{L}\\d._]*|(?<![\\p{L}])\\p{Lu}\\p{Ll}+\\s+\\p{Lu}\\p{Ll}+)`,
  "gu",
);
const NOT_NAMES =
  /^(?:Il|Lo|La|Le|Gli|I|Un|Una|Uno|Ma|E|Ed|O|Che|Se|Per|Non|Ho|Io|Tu|Lui|Lei|Noi|Voi|Loro|Questo|Questa|Quel|Quella|Quello|Anche|Oggi|Ieri|Domani|Ciao|Buongiorno|Buonasera|Salve|Grazie|Complimenti|Comune|Provincia|Regione|Via|Viale|Piazza|Corso|Santa|San|Santo|Protezione|Polizia|Vigili|Carabinieri|Guardia|Croce|Ufficio|Consiglio|Giunta|Stato|Repubblica|Italia|Asl|Ausl|Pronto|Soccorso|Tribunale|Procura|Corte|Tar)$/;

function namedPeople(text: string): { start: number; end: number }[] {
  const out: { start: number; end: number }[] = [];
  PERSON.lastIndex = 0;
  for (let m = PERSON.exec(text); m !== null; m = PERSON.exec(text)) {
    const [first = "", second] = m[0].split(/\s+/);
    if (!m[0].startsWith("@") && second !== undefined && (NOT_NAMES.test(first) || NOT_NAMES.test(second))) {
      // "Oggi Mario Rossi": try again from the second word.
      PERSON.lastIndex = m.index + first.length + 1;
      continue;
    }
    out.push({ start: m.index, end: m.index + m[0].length });
  }
  return out;
}

/** A health, judicial or private fact within the sentence of a named person → review. */
export function detectSensitiveFacts(text: string): Finding[] {
  const facts = FACTS.flatMap(({ kind, words }) => {
    const m = words.exec(text);
    return m ? [{ kind, start: m.index, end: m.index + m[0].length }] : [];
  });
  if (facts.length === 0) return [];
  const people = namedPeople(text);
  return facts
    .filter((fact) => people.some((p) => p.end <= fact.start + 150 && p.start >= fact.start - 150))
    .map((fact) => piiFinding(fact.kind, fact.start, fact.end, { clearCut: false, redact: false }));
}
