import type { Finding } from "../detector";
import { mayName, namedPeople } from "./names";
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
      /\b(?:infart\w*|ictus|tumor\w*|cancro|leucemia|chemio\w*|malat[oaie]\b|malattia|ricoverat\w*|esaurimento|depression\w*|depress[oaie]\b|psichiatric\w*|hiv|sieropositiv\w*|diabetic\w*|alzheimer|demenza|invalidit\w*|psicofarmaci|tossicodipendent\w*|alcolizzat\w*|alcolist\w*|incint[ae]\b|aborto|in terapia|dialisi|autistic\w*|covid|positiv[oa] al|contagiat\w*)/i,
  },
  {
    kind: "judicial-fact",
    words:
      /\b(?:condannat\w*|arrestat\w*|indagat\w*|denunciat\w*|processat\w*|imputat\w*|pregiudicat\w*|precedenti penali|carcere|galera|galeotto|fermat[oa] dai carabinieri|carcerat\w*|patteggi\w*|rinviat\w* a giudizio|precedenti per|spaccia\w*|evasore|evade le tasse|sotto processo|ai domiciliari|agli arresti)/i,
  },
  {
    kind: "private-fact",
    words:
      /\b(?:pien[oa] di debiti|indebitat\w*|debiti\b|beve\b|bevono\b|ubriac\w*|drogat\w*|si droga|tradisce|l'amante|divorziat\w*|sfrattat\w*|pignorat\w*|protestat[oa]\b|disoccupat\w*|licenziat\w*|reddito di cittadinanza|cassa integrazione|nat[oa] il|data di nascita)/i,
  },
];

/** A health, judicial or private fact within 150 characters of a named person → review. */
export function detectSensitiveFacts(text: string): Finding[] {
  // No one named, no fact about them: spares the three scans on most comments.
  if (!mayName(text)) return [];
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
