import { type Analysis, inScope, type LexiconMatch, type Token } from "./analysis";
import { tagValue } from "./lexicon-file";

/**
 * Pieces the frame rules share (threats, insults, hate): who a stretch of text is aimed at, and whether a word
 * is a proper name or someone else's words.
 */

/** Object clitics that point at another person: "ti", "lo", "gli"… ("mi" and "ci" are the speaker). */
export const OBJECT_CLITICS: ReadonlySet<string> = new Set([
  "ti",
  "vi",
  "lo",
  "la",
  "li",
  "le",
  "gli",
  "t'",
  "l'",
  "te",
  "ve",
  "glie",
]);

/** Stressed pronouns and quantifiers that name a human target: "a te", "lui", "quelli", "tutti", "you", "them". */
export const TARGET_PRONOUNS: ReadonlySet<string> = new Set([
  "te",
  "lui",
  "lei",
  "loro",
  "voi",
  "quelli",
  "quello",
  "quella",
  "quelle",
  "costui",
  "costoro",
  "tutti",
  "tutte",
  "qualcuno",
  "chiunque",
  "chi",
  "primo",
  "you",
  "your",
  "him",
  "her",
  "them",
  "u",
  "ya",
  "everyone",
  "everybody",
]);

/** Classes whose matches are people: named roles and identity groups. */
const PEOPLE_CLASSES: ReadonlySet<string> = new Set(["person", "identity", "slur"]);

export interface Target {
  start: number;
  end: number;
  /** "you", a named official, "@name": one identifiable person, or a group or someone unnamed. */
  kind: "clitic" | "pronoun" | "person" | "official" | "group" | "mention" | "name";
}

/** The match of a people class starting at token `i`, if any. */
function peopleMatchAt(a: Analysis, i: number): LexiconMatch | undefined {
  return a.matches.find((m) => m.first === i && PEOPLE_CLASSES.has(m.entry.cls));
}

/** A human target among tokens [from, to): a clitic, a pronoun, a person or group named, an @mention, a name. */
export function targetIn(a: Analysis, from: number, to: number): Target | undefined {
  for (let i = Math.max(0, from); i < Math.min(to, a.tokens.length); i++) {
    const t = a.tokens[i] as Token;
    if (t.kind === "mention") return { start: t.start, end: t.end, kind: "mention" };
    if (t.clitics.some((c) => OBJECT_CLITICS.has(c))) return { start: t.start, end: t.end, kind: "clitic" };
    if (OBJECT_CLITICS.has(t.form) && t.analyses.some((m) => m.pos === "clitic") && !isArticle(a, i))
      return { start: t.start, end: t.end, kind: "clitic" };
    if (TARGET_PRONOUNS.has(t.form)) return { start: t.start, end: t.end, kind: "pronoun" };
    const m = peopleMatchAt(a, i);
    if (m && (namesGroup(a, m) || singledOut(a, m))) {
      const kind =
        m.entry.cls === "person" ? (tagValue(m.entry, "role") === "official" ? "official" : "person") : "group";
      return { start: m.start, end: m.end, kind };
    }
    if (isProperName(a, t) && !PLACE_BEFORE.has(a.tokens[i - 1]?.form ?? ""))
      return { start: t.start, end: t.end, kind: "name" };
  }
  return undefined;
}

/** Words before a capitalised name that make it a place ("via Roma", "in Brianza"), not a person to harm. */
const PLACE_BEFORE: ReadonlySet<string> = new Set([
  "via",
  "viale",
  "piazza",
  "piazzale",
  "corso",
  "largo",
  "vicolo",
  "strada",
  "localita",
  "frazione",
  "in",
  "on",
  "sopra",
]);

/** "il vicino", "quel tipo", "al vicino di casa": one person, unlike "vicino a" (near) or "tipo" (like). */
function singledOut(a: Analysis, m: LexiconMatch): boolean {
  if (m.entry.cls !== "person") return false;
  const before = a.tokens[m.first - 1]?.form ?? "";
  const after = a.tokens[m.last]?.form ?? "";
  return (
    /^(?:il|lo|quel|quello|questo|al|del|dal|col|sul)$/.test(before) &&
    !/^(?:a|ad|al|alla|alle|ai|agli|all')$/.test(after)
  );
}

/** "la" before a noun is an article ("la macchina"), before a verb a clitic ("la brucio"). */
function isArticle(a: Analysis, i: number): boolean {
  const t = a.tokens[i] as Token;
  if (!t.analyses.some((m) => m.pos === "det")) return false;
  const next = a.tokens[i + 1];
  return (
    next !== undefined && next.kind === "word" && !next.analyses.some((m) => m.pos === "verb" || m.pos === "clitic")
  );
}

/** A capitalised word inside a sentence that the lexicons do not know: a name ("il preside Negri", "Rossi"). */
export function isProperName(a: Analysis, t: Token): boolean {
  if (!t.capitalised || t.kind !== "word") return false;
  const s = a.sentences[t.sentence];
  if (!s || s.first === t.index) return false;
  const original = a.text.slice(t.start, t.end);
  // All capitals is shouting, not a name.
  return /^\p{Lu}\p{Ll}+$/u.test(original);
}

const COPULAS: ReadonlySet<string> = new Set(["essere", "be", "are", "is"]);

/** Token `i` links someone to what is said of them: "essere" (any language) or a copula.txt verb ("sembrano", "xe"). */
export const isCopula = (a: Analysis, i: number): boolean =>
  (a.tokens[i] as Token).analyses.some((r) => r.pos === "verb" && COPULAS.has(r.lemma)) ||
  a.matches.some((c) => c.entry.cls === "copula" && c.first === i);

/** The words are someone else's: quoted, or reported after a verb of saying. */
export const isSomeoneElses = (t: Token): boolean => inScope(t, "quoted") || inScope(t, "reported");

/** The token range of the clause holding token `i`. */
export function clauseRange(a: Analysis, i: number): { first: number; last: number } {
  const t = a.tokens[i] as Token;
  return a.clauses[t.clause] ?? { first: 0, last: a.tokens.length };
}

/** The token range of the sentence holding token `i`. */
export function sentenceRange(a: Analysis, i: number): { first: number; last: number } {
  const t = a.tokens[i] as Token;
  return a.sentences[t.sentence] ?? { first: 0, last: a.tokens.length };
}

/** Matches of a class inside a token range. */
export const matchesIn = (a: Analysis, cls: string, range: { first: number; last: number }): LexiconMatch[] =>
  a.matches.filter((m) => m.entry.cls === cls && m.first >= range.first && m.first < range.last);

/**
 * An everyday word that names a group only as a plural after a determiner or "tutti" ("i neri", "dei vecchi"; not
 * "di nero", "alla vecchia").
 */
export function namesGroup(a: Analysis, g: LexiconMatch): boolean {
  if (!g.entry.tags.includes("det")) return true;
  const head = a.tokens[g.first] as Token;
  const before = a.tokens[g.first - 1];
  const plural = head.analyses.some((m) => m.number === "p");
  const determined =
    before !== undefined &&
    (before.analyses.some((m) => m.pos === "det") ||
      /^(?:dei|degli|delle|ai|agli|alle|tra|per|coi|con|piu|molti|tanti|troppi|solo|soltanto)$/.test(before.form) ||
      // "sporchi ritardati": a curse touching the word names people by it.
      a.matches.some((c) => c.entry.cls === "curse" && c.last === g.first));
  return plural && determined;
}

/** "Negro ha ragione", "Troia è bellissima": a surname or a place opening a sentence, before a name or a verb. */
const NAME_THEN =
  /^ +(?:\p{Lu}\p{Ll}+|ha|aveva|avr[aà]|è|e'|era|sar[aà]|dice|disse|sostiene|scrive|propone|chiede|risponde|spiega|afferma|interviene|vota|parla)(?!\p{L})/u;

/** A proper name inside a sentence, or opening one before a first name or a verb in the third person. */
export function isName(a: Analysis, m: LexiconMatch): boolean {
  const t = a.tokens[m.first] as Token;
  if (isProperName(a, t)) return true;
  return (
    t.capitalised &&
    /^\p{Lu}\p{Ll}+$/u.test(a.text.slice(t.start, t.end)) &&
    NAME_THEN.test(a.text.slice(t.end, t.end + 20))
  );
}

/**
 * The author's own words after `from` adopting what was quoted or reported: "ha ragione", "lo faccio io"
 * (lexicons/endorsement.txt). A `person=N` entry needs a verb of that person ("concordo", not "concorda").
 */
export function endorsementAfter(a: Analysis, from: number): LexiconMatch | undefined {
  return a.matches.find((m) => {
    if (m.entry.cls !== "endorsement" || m.first < from) return false;
    const head = a.tokens[m.first] as Token;
    // Only quotation makes it someone else's: "…ha scritto che i rom sono ladri: ha ragione" is the author's verdict.
    if (inScope(head, "quoted") || inScope(head, "negated") || inScope(head, "question")) return false;
    const person = tagValue(m.entry, "person");
    return (
      !person ||
      a.tokens
        .slice(m.first, m.last)
        .some((t) => t.analyses.some((r) => r.pos === "verb" && String(r.person) === person))
    );
  });
}
