import type { Finding } from "../detector";

/**
 * A minor is identifiable when several details point at one child: a name (a surname above all), age,
 * class, school, a photo, a health fact, a family descriptor ("la figlia del farmacista"). These rules read
 * the original text, because names are recognised by their capital letter.
 */
const NAME = "\\p{Lu}\\p{Ll}+";
const CHILD_NAMED = new RegExp(
  `\\b(?:figli[oa]|bambin[oa]|bimb[oa]|ragazzin[oa]|nipotin[oa]|alunn[oa])\\s*,?\\s+(${NAME})(\\s+${NAME})?`,
  "u",
);
const NAMED_WITH_AGE = new RegExp(`(${NAME})(\\s+${NAME})?\\s*[,(]\\s*\\d{1,2}\\s*anni`, "u");
const CHILD =
  /\b(?:mi[oa]|tu[oa]|su[oa]|il|la|del|della|al|alla)\s+(?:figli[oa]|bambin[oa]|bimb[oa]|ragazzin[oa]|nipotin[oa]|alunn[oa]|studente|studentessa|ragazz[oa])\b/i;
const AGE = /(?:\(\s*|,\s*|\bdi\s+|\bha\s+)(\d{1,2})\s*anni\b(?!\s*fa)/;
const CLASS =
  /\b(?:[1-5]\s?[A-H]\b|(?:prima|seconda|terza|quarta|quinta)\s+(?:[A-H]\b|media|elementare|superiore)|della primaria|dell'infanzia|della materna)/;
const SCHOOL =
  /(?:\b[1-5]\s?[A-H]\b|\bclasse\b).{0,6}\b(?:al|del|all')\s*\p{Lu}\p{Ll}+|\b(?:liceo|istituto|scuola media|scuola primaria|scuola elementare)\s+\p{Lu}\p{Ll}+/u;
const PHOTO = /\bfoto\b|\bvideo\b/i;
const HEALTH = /\b(?:carrozzina|disabil\w+|autistic\w+|dsa|sostegno|malat\w+|allergic\w+)\b/i;
const DESCRIPTOR = /\b(?:figli[oa]|bambin[oa]|bimb[oa]|ragazzin[oa]) (?:del|della|dell'|dei|degli)\s*\p{L}+/iu;
const PARENT_NAMED = /^@\p{Lu}\p{Ll}+\s+\p{Lu}\p{Ll}+.*\btu[oa] figli[oa]\b/su;

export function detectMinors(text: string): Finding[] {
  const age = AGE.exec(text);
  const minorAge = age !== null && Number(age[1]) < 18;
  const childClass = CLASS.exec(text);
  const child = CHILD.exec(text);
  if (!child && !minorAge && !childClass) return [];

  const named = CHILD_NAMED.exec(text) ?? (minorAge ? NAMED_WITH_AGE.exec(text) : null);
  const fullName = named?.[2] !== undefined || PARENT_NAMED.test(text);
  const details = [
    named,
    fullName,
    minorAge,
    childClass,
    SCHOOL.test(text),
    PHOTO.test(text),
    HEALTH.test(text),
    DESCRIPTOR.test(text),
  ];
  const score = details.filter(Boolean).length;
  if (score < 2) return [];

  const evidence = named ?? child ?? childClass ?? age;
  const start = evidence?.index ?? 0;
  const span = { start, end: start + (evidence?.[0].length ?? text.length) };
  const clearCut = (fullName && score >= 3) || score >= 4;
  return [
    {
      category: "minors",
      ruleId: clearCut ? "minors.identified" : "minors.details",
      clearCut,
      confidence: clearCut ? 0.85 : 0.6,
      ...span,
    },
  ];
}
