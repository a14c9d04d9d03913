import type { Finding } from "../detector";
import { finding } from "./analyse";
import type { Token } from "./analysis";
import type { Marks } from "./marks";

/** An age below 18: "(9 anni)", "ha 14 anni", "di 12 anni", "hanno 16 anni", "Emma Villa, 11,". */
const AGE = /(?:\(\s*|,\s*|\b(?:di|ha|hanno|compie)\s+)(\d{1,2})\s*(?:anni\b(?!\s*fa)|(?=\s*[,)]))/gi;
/** A school class: "2B", "della 3A", "4ªB", "1C". */
const CLASS = /\b[1-5]\s?[ª°]?\s?[A-H]\b/;
/** A name right before an age: "Giulia (10 anni)", "Sofia, 7 anni". */
const NAME_BEFORE_AGE = /\p{Lu}\p{Ll}+\s*[(,]\s*\d{1,2}\s*anni/u;
/** A class followed by its school's name: "della 1A del Floriani", "1A al Mapelli". */
const SCHOOL_NAMED = /\b[1-5]\s?[ª°]?\s?[A-H]\b\s*,?\s*(?:al|del|dell'|all')\s*\p{Lu}\p{Ll}+/u;
/** A social handle: "@aurora_cento2015". */
const HANDLE = /(?:^|\s)@[\p{L}\d_.]{3,}/u;

/**
 * A minor is identifiable when details point at one child (guide: name, age, school, photo): a child word
 * (child), a name, above all a full name, an age under 18, a class or a school (school), a photo or a video
 * (media-reference), a health fact (health-fact), a family descriptor ("la figlia del macellaio"), a profile.
 * Several details go to a human; a full name with two more, or four details, are hidden.
 */
export function detectMinors(marks: Marks): Finding[] {
  const { a } = marks;
  const minorAge = agesOf(a.text).some((age) => age < 18);
  // One child: "i bambini della materna" are a group, no one in particular.
  const child = marks.of("child").find((m) => isSingular(marks.head(m)));
  const classCode = CLASS.test(a.text);
  if (!child && !minorAge && !classCode) return [];

  const names = namesOf(marks);
  const fullName = names.some((n) => n.length >= 2);
  const namedWithAge = NAME_BEFORE_AGE.test(a.text);
  const details = [
    names.length > 0 || namedWithAge,
    fullName,
    minorAge,
    classCode,
    marks.has("school") || SCHOOL_NAMED.test(a.text),
    marks.has("media-reference"),
    marks.has("health-fact"),
    descriptor(marks),
    HANDLE.test(a.text),
  ].filter(Boolean).length;
  if (details < 2) return [];
  const clearCut = (fullName && details >= 3) || details >= 4;
  const evidence = names[0]?.[0] ?? child ?? a.tokens[0];
  if (!evidence) return [];
  const span = { start: evidence.start, end: names[0]?.at(-1)?.end ?? evidence.end };
  return [finding("minors", clearCut ? "minors.identified" : "minors.details", clearCut, span, clearCut ? 0.85 : 0.6)];
}

function hasDigit(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code >= 48 && code <= 57) return true;
  }
  return false;
}

function agesOf(text: string): number[] {
  const ages: number[] = [];
  if (!hasDigit(text)) return ages; // an age is written in digits: a plain scan spares most comments the pattern
  for (const m of text.matchAll(AGE)) {
    // A bare number is an age only right after a name ("Emma Villa, 11, from…"), not in "via Roma, 12, scala B".
    const bare = !/anni/i.test(m[0]);
    if (bare && !/\p{Lu}\p{Ll}+\s*$/u.test(text.slice(0, m.index))) continue;
    if (bare && /\b(?:via|viale|piazza|corso|vicolo)\s+\p{Lu}\p{Ll}+\s*$/iu.test(text.slice(0, m.index))) continue;
    ages.push(Number(m[1]));
  }
  return ages;
}

/**
 * Names: runs of capitalised words that no lexicon knows as an official or an institution, two words at least
 * ("Kevin Brambilla") or one right after a child word ("mia figlia Aurora"). A capital opening a sentence
 * starts no name on its own.
 */
function namesOf(marks: Marks): Token[][] {
  const { tokens, sentences } = marks.a;
  const afterChild = new Set(marks.of("child").map((m) => m.last));
  const names: Token[][] = [];
  let run: Token[] = [];
  const flush = () => {
    if (run.length >= 2 || (run.length === 1 && afterChild.has((run[0] as Token).index))) names.push(run);
    run = [];
  };
  for (const t of tokens) {
    // "@Anna Conti tuo figlio…": a mention written as a name starts one.
    const capital =
      (t.kind === "word" || t.kind === "mention") && t.capitalised && t.form.length > 1 && !isRole(marks, t);
    const opensSentence = sentences[t.sentence]?.first === t.index;
    if (capital && (run.length > 0 || !opensSentence)) run.push(t);
    else flush();
  }
  flush();
  return names;
}

/** Singular: "figlia", "studente", "kid"; not "bambini", "ragazze", "kids" (an inflected form in -i, -e or -s). */
const isSingular = (t: Token) =>
  !t.analyses.some((r) => r.pos === "noun" && r.lemma !== t.form) || !/[ies]$/.test(t.form);

/** Officials and institutions are capitalised but name no child: "Sindaco", "Comune", "Provincia". */
const isRole = (marks: Marks, t: Token) =>
  marks.of("person").some((m) => m.first === t.index) || INSTITUTIONS.has(t.form);
const INSTITUTIONS = new Set([
  "comune",
  "provincia",
  "regione",
  "sindaco",
  "scuola",
  "istituto",
  "liceo",
  "via",
  "piazza",
]);

/** "La figlia del macellaio", "il figlio dei Rossi": a child singled out by a parent. */
function descriptor(marks: Marks): boolean {
  const { tokens } = marks.a;
  return marks.of("child").some((m) => ["del", "della", "dell'", "dei", "degli"].includes(tokens[m.last]?.form ?? ""));
}
