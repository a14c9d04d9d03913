import type { Category } from "@sentinella/core";
import type { Finding } from "../detector";
import {
  type Analysis,
  type Clause,
  type LexiconEntry,
  type LexiconMatch,
  type Morph,
  type Pos,
  SCRIPT_LANGS,
  Scope,
  type Sentence,
  type Strength,
  type Token,
  type TokenKind,
} from "./analysis";
import { LEXICON_HEADERS, LEXICON_LINES, LEXICON_VALUES } from "./generated/lexicons";
import { collapse, intern, isKnownForm, knownReadings, NONE, readWord, segment, type WordReading } from "./morphology";
import { type Normalized, normalize } from "./normalize";

/**
 * Builds the `Analysis` of a text (types and meaning in analysis.ts): tokens over the normalised text with their
 * readings, sentences, clauses, scope marks and every lexicon entry found.
 */

// ---------------------------------------------------------------------------------------------------------------
// Lexicon

export const LEXICON: readonly LexiconEntry[] = readLexiconLines(LEXICON_LINES);

/** The generated lines: a header's number (the only lines with a tab) gives the fields of the entries below it. */
function readLexiconLines(lines: string): LexiconEntry[] {
  const values = LEXICON_VALUES.split("\n");
  const headers = LEXICON_HEADERS.split("\n").map((line) => line.split(" ").map((k) => values[Number(k)] ?? ""));
  const entries: LexiconEntry[] = [];
  let header: string[] = [];
  for (const line of lines.split("\n")) {
    if (line.startsWith("\t")) {
      header = headers[Number(line.slice(1))] ?? [];
      continue;
    }
    const [cls = "", strength = "", lang = "", source = "", tags = ""] = header;
    entries.push({
      cls,
      text: line.replace(/=/g, ""),
      words: line.split(" "),
      strength: strength as Strength,
      lang: lang as LexiconEntry["lang"],
      source,
      tags: tags === "" ? [] : tags.split(","),
    });
  }
  return entries;
}

/** Classes whose single words are also found glued to a neighbour ("sporchinegri", "seiunostronzo"). */
const SOLID_CLASSES: ReadonlySet<string> = new Set(["insult", "slur", "vulgar", "blasphemy", "identity"]);

/** What an entry word matches: itself and, unless exact, the lemmas it is a form of ("botte" → botta). */
function keysOfEntryWord(word: string): string[] {
  if (word.startsWith("=")) return [word];
  const keys = new Set([word]);
  for (const m of readWord(word).analyses) keys.add(m.lemma);
  return [...keys];
}

interface CompiledEntry {
  entry: LexiconEntry;
  /** Per word, the keys that match it (see `keysOfToken`). */
  words: string[][];
  /** The same keys split for `wordMatches`, compiled once rather than re-parsed at every token. */
  keys: WordKeys[];
  pos: Pos | undefined;
}

/** An entry word's keys: exact forms ("=form", doubled letters collapsed) and lemmas. */
interface WordKeys {
  exact: string[];
  lemmas: string[];
}

const wordKeys = (keys: readonly string[]): WordKeys => ({
  exact: keys.filter((k) => k.startsWith("=")).map((k) => intern(collapse(k.slice(1)))),
  lemmas: keys.filter((k) => !k.startsWith("=")).map(intern),
});

const byFirstKey = new Map<string, CompiledEntry[]>();
/** Multiword entries written solid ("pezzodimerda", "vaffanculo" is already one word). */
const bySolidForm = new Map<string, CompiledEntry[]>();
/** Single-word entries of the solid classes, by each of their forms, for glued and masked words. */
const solidWordForms = new Map<string, CompiledEntry[]>();

const addTo = (map: Map<string, CompiledEntry[]>, key: string, c: CompiledEntry) => {
  const list = map.get(key);
  if (!list) map.set(key, [c]);
  else if (!list.includes(c)) list.push(c);
};

/** Entries in a script the normaliser transliterates (Arabic, Cyrillic, Han…): found as written in the original. */
const scriptEntries: LexiconEntry[] = [];

for (const entry of LEXICON) {
  // Word beginnings and the negations they pair with (foreign-effect.txt) are read by their frame, not found alone.
  if (entry.tags.includes("stem") || entry.tags.includes("neg")) continue;
  if (SCRIPT_LANGS.has(entry.lang)) {
    scriptEntries.push(entry);
    continue;
  }
  const pos = entry.tags.find((t) => t.startsWith("pos="))?.slice(4) as Pos | undefined;
  // Only Italian and English have morphology: the words of other languages match as written.
  const exact = entry.lang !== "it" && entry.lang !== "en";
  const words = entry.words.map((w) => (exact ? [w.startsWith("=") ? w : `=${w}`] : keysOfEntryWord(w)));
  const compiled: CompiledEntry = { entry, words, keys: words.map(wordKeys), pos };
  for (const key of compiled.words[0] ?? [])
    addTo(byFirstKey, key.startsWith("=") ? `=${collapse(key.slice(1))}` : key, compiled);
  if (entry.words.length > 1) addTo(bySolidForm, entry.words.join("").replace(/=/g, ""), compiled);
}
for (const [form, analyses] of knownReadings()) {
  for (const m of analyses) {
    for (const c of byFirstKey.get(m.lemma) ?? []) {
      if (c.words.length === 1 && SOLID_CLASSES.has(c.entry.cls)) addTo(solidWordForms, form, c);
    }
  }
}
for (const [key, list] of byFirstKey) {
  if (!key.startsWith("=")) continue;
  for (const c of list)
    if (c.words.length === 1 && SOLID_CLASSES.has(c.entry.cls)) addTo(solidWordForms, key.slice(1), c);
}

/** The forms of `solidWordForms` in code-unit order, for `beginsSolid`. */
const SOLID_FORMS = [...solidWordForms.keys()].sort();

/**
 * Whether some solid-class form is `form` followed by more letters: only then can the word and the next one, or the
 * word after a dot inside it, be that form ("mongoloi di", "str.onzo"). Spares building the joined string.
 */
function beginsSolid(form: string): boolean {
  let lo = 0;
  let hi = SOLID_FORMS.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((SOLID_FORMS[mid] as string) < form) lo = mid + 1;
    else hi = mid;
  }
  if (SOLID_FORMS[lo] === form) lo++;
  return SOLID_FORMS[lo]?.startsWith(form) ?? false;
}

/** Keys a token offers to the lexicon: its exact form ("=form"), its form and the lemmas of its readings. */
function keysOfToken(token: Token): string[] {
  const keys = [`=${collapse(token.form)}`, token.form];
  for (const m of token.analyses) if (!keys.includes(m.lemma)) keys.push(m.lemma);
  return keys;
}

/**
 * Whether the token is the entry word: its collapsed form is an exact key, or it has a lemma key (of `pos`; with no
 * pos, its form may be the lemma). Plain loops: this runs for every candidate entry at every token.
 */
function wordMatches(keys: WordKeys, token: Token, collapsedForm: string, pos?: Pos): boolean {
  if (keys.exact.includes(collapsedForm)) return true;
  for (const lemma of keys.lemmas) {
    if (pos === undefined && token.form === lemma) return true;
    for (const m of token.analyses) if (m.lemma === lemma && (pos === undefined || m.pos === pos)) return true;
  }
  return false;
}

// ---------------------------------------------------------------------------------------------------------------
// Tokens

const isLetter = (c: number) => c >= 97 && c <= 122;
const isDigit = (c: number) => c >= 48 && c <= 57;
const isWordCode = (c: number) => isLetter(c) || isDigit(c) || c === 42; // "*" masks
const APOSTROPHE = 39;

/** A dot that does not end a sentence: inside a word or number ("str.onzo", "3.5"), after an abbreviation. */
const ABBREVIATIONS: ReadonlySet<string> = new Set([
  "n",
  "nr",
  "art",
  "dott",
  "dr",
  "sig",
  "sigg",
  "prot",
  "ecc",
  "pag",
  "tel",
  "avv",
  "ing",
  "geom",
  "prof",
  "arch",
  "p",
  "es",
  "c",
]);

/** Whether a code point is an upper-case letter; ASCII without building a string, as nearly every word starts so. */
function isCapital(cp: number): boolean {
  if (cp < 128) return cp >= 65 && cp <= 90;
  const ch = String.fromCodePoint(cp);
  return ch !== ch.toLowerCase();
}

/**
 * What a word's form alone decides, computed once per form (bounded, like the other caches) so that a token costs
 * one lookup: the form's one shared copy, its readings, its doubled letters collapsed, its lexicon candidates.
 */
interface WordInfo {
  form: string;
  reading: WordReading;
  collapsed: string;
  /** Filled by `candidatesFor` on first use. */
  candidates: Candidates | undefined;
  /** Multiword entries written solid as this form. */
  solid: readonly CompiledEntry[];
  /** A saying verb that reports words (see `reportsSpeech`). */
  reports: boolean;
  /** A form of "dare" that may give someone a name: "mi ha dato del coglione", "gli dà del ladro". */
  gives: boolean;
  /** See `beginsSolid`. */
  beginsSolid: boolean;
}
const wordInfos = new Map<string, WordInfo>();

function wordInfo(form: string): WordInfo {
  let info = wordInfos.get(form);
  if (info === undefined) {
    const reading = readWord(form);
    const { analyses } = reading;
    info = {
      form,
      reading,
      collapsed: collapse(form),
      candidates: undefined,
      solid: bySolidForm.get(form) ?? NO_ENTRIES,
      reports: reportsSpeech(form, analyses),
      gives: analyses.some((m) => m.lemma === "dare" && (m.mood === "part" || m.person === 3)),
      beginsSolid: beginsSolid(form),
    };
    if (wordInfos.size < 50_000) wordInfos.set(form, info);
  }
  return info;
}

/** The tokens, and each one's `WordInfo` (words) or collapsed form (the others), for the lexicon matching. */
interface Tokenised {
  tokens: Token[];
  infos: (WordInfo | undefined)[];
  collapsed: string[];
}

/** Appends one token and its word lookup; a module function rather than a closure, as it runs for every token. */
function pushToken(
  into: Tokenised,
  n: Normalized,
  original: string,
  kind: TokenKind,
  from: number,
  to: number,
  sliced = n.text.slice(from, to),
  known?: WordInfo,
): void {
  const { tokens, infos, collapsed } = into;
  const info = kind === "word" ? (known ?? wordInfo(sliced)) : undefined;
  const form = info ? info.form : sliced;
  const start = n.start[from] ?? 0;
  const end = n.end[to - 1] ?? start;
  const reading = info ? info.reading : NONE;
  infos.push(info);
  collapsed.push(info ? info.collapsed : collapse(form));
  tokens.push({
    index: tokens.length,
    kind,
    form,
    from,
    to,
    start,
    end,
    capitalised: isCapital(original.codePointAt(start) ?? 0),
    analyses: reading.analyses,
    clitics: reading.clitics,
    sentence: 0,
    clause: 0,
    scope: 0,
  });
}

function tokenise(text: string, n: Normalized, original: string): Tokenised {
  const out: Tokenised = { tokens: [], infos: [], collapsed: [] };
  for (let i = 0; i < text.length; ) {
    const c = text.charCodeAt(i);
    if (isWordCode(c) || ((c === 64 || c === 35) && isWordCode(text.charCodeAt(i + 1)))) {
      let j = i + 1;
      let letters = isLetter(c);
      while (j < text.length && (isWordCode(text.charCodeAt(j)) || text.charCodeAt(j) === 95)) {
        letters ||= isLetter(text.charCodeAt(j));
        j++;
      }
      // An elided word keeps its apostrophe: "l'assessore", "t'ammazzo", "quell'uomo"; an English contraction
      // stays whole: "i'm", "i'll", "don't".
      // An English possessive is a word of its own, so the noun before it is read: "the mayor's legs".
      let possessive = false;
      if (text.charCodeAt(j) === APOSTROPHE && isLetter(text.charCodeAt(j + 1)) && letters && c !== 64) {
        const contraction = /^(?:m|ll|re|ve|d|s|t)(?![a-z])/.exec(text.slice(j + 1, j + 4));
        possessive = contraction?.[0] === "s" && !S_CONTRACTIONS.has(text.slice(i, j));
        if (!possessive) j += contraction ? 1 + contraction[0].length : 1;
      }
      const kind: TokenKind = c === 64 ? "mention" : c === 35 ? "hashtag" : letters ? "word" : "number";
      // Sliced and looked up once: the glued-word check and the token read the same word.
      const form = text.slice(i, j);
      const info = kind === "word" ? wordInfo(form) : undefined;
      const pieces = info ? gluedWords(text, i, j, info, original, n) : undefined;
      if (pieces) {
        let k = i;
        for (const piece of pieces) {
          pushToken(out, n, original, "word", k, k + piece.length);
          k += piece.length;
        }
      } else pushToken(out, n, original, kind, i, j, form, info);
      if (possessive) {
        pushToken(out, n, original, "word", j, j + 2);
        j += 2;
      }
      i = j;
    } else if (c === 32 || c === 9 || c === 13) {
      i++;
    } else {
      pushToken(out, n, original, "punct", i, i + 1);
      i++;
    }
  }
  return out;
}

/** Words whose "'s" is "is" or "us", not a possessive: "it's", "let's", "who's". */
const S_CONTRACTIONS: ReadonlySet<string> = new Set([
  "it",
  "that",
  "he",
  "she",
  "let",
  "who",
  "what",
  "there",
  "here",
  "where",
  "how",
]);

/**
 * Words run together ("tipicchio", "odiogliimmigrati"), read as the known words they are made of; not a name (a
 * capitalised word inside a sentence) and not a word the morphology knows or splits into a verb and its clitics.
 */
function gluedWords(
  text: string,
  from: number,
  to: number,
  info: WordInfo,
  original: string,
  n: Normalized,
): readonly string[] | undefined {
  // Char-code tests rather than regexes, cheapest first: this runs for every word of every item.
  if (to - from < 5 || info.reading.analyses.length > 0) return undefined;
  // Part of an address or a handle ("comunicazione@comune.it", "www.sito.it/pagina"): not a disguise.
  const before = text.charCodeAt(from - 1);
  const after = text.charCodeAt(to);
  if (before === 64 || before === 46 || before === 47 || before === 95) return undefined;
  if (after === 64 || after === 47 || after === 95 || (after === 46 && isLetter(text.charCodeAt(to + 1))))
    return undefined;
  for (let k = from; k < to; k++) if (!isLetter(text.charCodeAt(k))) return undefined;
  const start = n.start[from] ?? 0;
  if (isCapital(original.charCodeAt(start) || 0)) {
    let k = from - 1;
    while (k >= 0 && text.charCodeAt(k) === 32) k--;
    if (k >= 0 && !".!?\n".includes(text[k] as string)) return undefined;
  }
  return segment(info.form);
}

function endsSentence(tokens: readonly Token[], i: number, text: string): boolean {
  const t = tokens[i] as Token;
  if (t.kind !== "punct") return false;
  if (t.form === "!" || t.form === "?" || t.form === "\n") return true;
  if (t.form !== ".") return false;
  const previous = tokens[i - 1];
  // "str.onzo", "www.comune.it", "3.5": no space after the dot.
  if (isWordCode(text.charCodeAt(t.to))) return false;
  return !(previous?.kind === "word" && previous.to === t.from && ABBREVIATIONS.has(previous.form));
}

const CLAUSE_PUNCT: ReadonlySet<string> = new Set([",", ";", ":", "(", ")", "-", '"']);
const CLAUSE_CONJ: ReadonlySet<string> = new Set([
  "ma",
  "pero",
  "perche",
  "mentre",
  "se",
  "quando",
  "oppure",
  "but",
  "if",
  "because",
  "when",
]);
const NEGATIONS: ReadonlySet<string> = new Set([
  "non",
  "mai",
  "nessuno",
  "niente",
  "nulla",
  "not",
  "never",
  "don't",
  "dont",
  "won't",
  "wont",
  "no",
]);
const HYPOTHETICAL: ReadonlySet<string> = new Set(["se", "qualora", "magari", "if"]);
const SAYING = ["dire", "scrivere", "urlare", "gridare", "chiamare", "affermare", "sostenere"];

/** English verbs of saying that report words: "someone wrote that…", "he said:". */
const EN_SAYING: ReadonlySet<string> = new Set(["wrote", "said", "says", "writes", "claimed", "claims", "posted"]);

/** A saying verb that reports someone else's words (or the author's, in the past): not "vi dico che". */
const reportsSpeech = (form: string, analyses: readonly Morph[]) =>
  EN_SAYING.has(form) ||
  analyses.some(
    (m) =>
      m.pos === "verb" &&
      SAYING.includes(m.lemma) &&
      (m.mood === "part" || m.person === 3 || m.tense === "past" || m.tense === "impf"),
  );

/** Sentences and clauses as they are being cut; module-level helpers rather than closures, as this runs per item. */
interface Cutting {
  tokens: Token[];
  sentences: Sentence[];
  clauses: Clause[];
  sentenceStart: number;
  clauseStart: number;
}

function closeClause(cut: Cutting, last: number): void {
  if (last > cut.clauseStart)
    cut.clauses.push({ index: cut.clauses.length, sentence: cut.sentences.length, first: cut.clauseStart, last });
  cut.clauseStart = last;
}

function closeSentence(cut: Cutting, last: number): void {
  closeClause(cut, last);
  if (last > cut.sentenceStart) {
    let question = false;
    for (let k = cut.sentenceStart; k < last; k++) question ||= (cut.tokens[k] as Token).form === "?";
    cut.sentences.push({ index: cut.sentences.length, first: cut.sentenceStart, last, question });
  }
  cut.sentenceStart = last;
}

function structure(tokens: Token[], text: string): { sentences: Sentence[]; clauses: Clause[] } {
  const cut: Cutting = { tokens, sentences: [], clauses: [], sentenceStart: 0, clauseStart: 0 };
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i] as Token;
    if (t.kind === "punct" && CLAUSE_PUNCT.has(t.form)) closeClause(cut, i + 1);
    else if (t.kind === "word" && CLAUSE_CONJ.has(t.form) && i > cut.clauseStart) closeClause(cut, i);
    if (endsSentence(tokens, i, text)) {
      // "?!", "...": the run of end marks belongs to the sentence it ends.
      let j = i + 1;
      while (j < tokens.length && endsSentence(tokens, j, text)) j++;
      closeSentence(cut, j);
      i = j - 1;
    }
  }
  closeSentence(cut, tokens.length);
  const { sentences, clauses } = cut;
  for (const c of clauses)
    for (let k = c.first; k < c.last; k++) {
      const t = tokens[k] as Token;
      t.clause = c.index;
      t.sentence = c.sentence;
    }
  return { sentences, clauses };
}

/** Verbs that lead to the one negation really denies: "non voglio ammazzarti", "non sono terroristi". */
const LEADING_VERBS: ReadonlySet<string> = new Set([
  "essere",
  "avere",
  "volere",
  "dovere",
  "potere",
  "sapere",
  "stare",
  "andare",
  "venire",
  "be",
  "will",
  "want",
]);
const NEGATION_SKIPS: ReadonlySet<string> = new Set([
  "mai",
  "piu",
  "ancora",
  "proprio",
  "neanche",
  "nemmeno",
  "neppure",
  "mica",
  "affatto",
]);

/**
 * Where a negation's scope ends: after the verb group it denies and, for a copula or a modal, its predicate
 * ("non sono (mai stati) terroristi"), so "se non paghi ti ammazzo" keeps its threat. "Non tutti …" and a
 * negated subject ("nessuno vuole …") deny the whole clause.
 */
function negationEnd(tokens: readonly Token[], at: number, clauseEnd: number): number {
  const next = tokens[at + 1];
  const neg = tokens[at] as Token;
  if (!next || next.form === "tutti" || next.form === "tutte" || neg.form === "nessuno" || neg.form === "niente")
    return clauseEnd;
  let j = at + 1;
  let leading = true;
  let words = 0;
  while (j < clauseEnd && leading) {
    const t = tokens[j] as Token;
    j++;
    if (t.analyses.some((m) => m.pos === "clitic" || m.pos === "neg") || NEGATION_SKIPS.has(t.form)) continue;
    words++;
    leading = t.analyses.some((m) => m.pos === "verb" && LEADING_VERBS.has(m.lemma));
  }
  // The predicate of a copula or the object of the denied verb: up to three more words (a determiner and a noun).
  for (let extra = 0; extra < 3 && j < clauseEnd && words > 0; extra++) {
    const t = tokens[j] as Token;
    if (t.kind !== "word" || t.analyses.some((m) => m.pos === "verb" && m.person !== undefined)) break;
    j++;
  }
  return j;
}

/**
 * A saying verb reports words when they follow it: "ha scritto che…", "ha detto: …", "mi ha detto coglione"; not in
 * "quel tizio che ha scritto qui sopra", where it only describes someone.
 */
function introducesWords(tokens: readonly Token[], i: number): boolean {
  const next = tokens[i + 1];
  return next === undefined || !WHERE_OR_WHEN.has(next.form);
}
/**
 * What follows a saying verb that describes someone rather than reporting words: "ha scritto qui sopra / ieri",
 * "chi ha scritto questo".
 */
const WHERE_OR_WHEN: ReadonlySet<string> = new Set([
  "questo",
  "quello",
  "questa",
  "cio",
  "qui",
  "qua",
  "sopra",
  "sotto",
  "ieri",
  "oggi",
  "prima",
  "stamattina",
]);

/**
 * Reported words end where the author speaks again in the first person: "ripeti quello che hai scritto e ti
 * ammazzo", "l'ho detto e lo ripeto: voglio…".
 */
function authorResumes(tokens: readonly Token[], j: number): boolean {
  const t = tokens[j] as Token;
  if (!["e", "ma", ",", ";", ":"].includes(t.form)) return false;
  for (let k = j + 1; k < Math.min(tokens.length, j + 4); k++) {
    const next = tokens[k] as Token;
    if (
      next.analyses.some((m) => m.pos === "clitic") &&
      next.clitics.length === 0 &&
      !next.analyses.some((m) => m.pos === "verb")
    )
      continue;
    return next.analyses.some((m) => m.pos === "verb" && m.person === 1 && m.mood !== "sub");
  }
  return false;
}

function markScopes({ tokens, infos }: Tokenised, sentences: readonly Sentence[], clauses: readonly Clause[]): void {
  for (const s of sentences)
    if (s.question) for (let k = s.first; k < s.last; k++) (tokens[k] as Token).scope |= Scope.question;
  for (const c of clauses) {
    for (let k = c.first; k < c.last; k++) {
      const t = tokens[k] as Token;
      const next = tokens[k + 1];
      if (NEGATIONS.has(t.form))
        for (let j = k + 1; j < negationEnd(tokens, k, c.last); j++) (tokens[j] as Token).scope |= Scope.negated;
      // "se" before a clitic or "ne" is a pronoun ("se ne va"), not "if".
      const isIf =
        HYPOTHETICAL.has(t.form) && !(t.form === "se" && next && ["lo", "la", "li", "le", "ne"].includes(next.form));
      if (isIf) for (let j = k; j < c.last; j++) (tokens[j] as Token).scope |= Scope.hypothetical;
    }
  }
  // Quotation: between a pair of double quotes.
  let open = -1;
  for (const t of tokens) {
    if (t.form !== '"') continue;
    if (open < 0) open = t.index;
    else {
      for (let j = open + 1; j < t.index; j++) (tokens[j] as Token).scope |= Scope.quoted;
      open = -1;
    }
  }
  // Reported speech: after a saying verb that reports, to the end of the sentence ("mi ha dato del coglione").
  for (const t of tokens) {
    const info = infos[t.index];
    if (!info?.reports && !info?.gives) continue;
    const isDareDel =
      info.gives &&
      ["del", "della", "dello", "dei", "degli", "delle", "dell'"].includes(tokens[t.index + 1]?.form ?? "");
    if (!(info.reports && introducesWords(tokens, t.index)) && !isDareDel) continue;
    const s = sentences[t.sentence] as Sentence;
    for (let j = t.index + 1; j < s.last && !authorResumes(tokens, j); j++)
      (tokens[j] as Token).scope |= Scope.reported;
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Lexicon matching

const NO_ENTRIES: CompiledEntry[] = [];
const INSIDE_ENTRIES: ReadonlySet<string> = new Set(["tutti", "tutte", "quanti", "proprio", "bene"]);
/**
 * Unstressed pronouns that climb between a negation and its verb ("non li posso soffrire", "non la sopporto"):
 * one may sit right after "non" inside an entry written without it ("non potere soffrire").
 */
const CLIMBING_CLITICS: ReadonlySet<string> = new Set([
  "mi",
  "ti",
  "ci",
  "vi",
  "si",
  "lo",
  "la",
  "li",
  "le",
  "gli",
  "ne",
]);
interface Candidates {
  /** Entries whose first word the token is, in lexicon order. */
  entries: CompiledEntry[];
  /** Those of one word, in the same order: all a token tries when no multiword candidate can continue. */
  single: CompiledEntry[];
  /**
   * The multiword entries by each key of their second word: only those a next token has a key of can continue
   * (unless a quantifier or a climbing clitic may sit between), which spares most tokens the word-by-word walk.
   */
  secondExact: ReadonlyMap<string, readonly CompiledEntry[]>;
  secondLemmas: ReadonlyMap<string, readonly CompiledEntry[]>;
}
const NO_CANDIDATES: Candidates = {
  entries: NO_ENTRIES,
  single: NO_ENTRIES,
  secondExact: new Map(),
  secondLemmas: new Map(),
};
/** Entries whose first word the token's form can be: it depends on the form alone, kept in its `WordInfo`. */
function candidatesFor(t: Token, info: WordInfo): Candidates {
  if (info.candidates) return info.candidates;
  const found = new Set<CompiledEntry>();
  const collapsedForm = info.collapsed;
  for (const key of keysOfToken(t))
    for (const c of byFirstKey.get(key) ?? NO_ENTRIES)
      if (wordMatches(c.keys[0] as WordKeys, t, collapsedForm, c.pos)) found.add(c);
  const entries = [...found];
  const secondExact = new Map<string, CompiledEntry[]>();
  const secondLemmas = new Map<string, CompiledEntry[]>();
  for (const c of entries) {
    const second = c.keys[1];
    if (!second) continue;
    for (const key of second.exact) addTo(secondExact, key, c);
    for (const key of second.lemmas) addTo(secondLemmas, key, c);
  }
  const candidates: Candidates =
    found.size === 0
      ? NO_CANDIDATES
      : { entries, single: entries.filter((c) => c.words.length === 1), secondExact, secondLemmas };
  info.candidates = candidates;
  return candidates;
}

const NO_CONTINUATION: ReadonlySet<CompiledEntry> = new Set();

/**
 * The multiword candidates the next token can be the second word of (see `Candidates`): undefined when any of them
 * may continue, as a quantifier or a climbing clitic may sit between.
 */
function continuing(
  t: Token,
  candidates: Candidates,
  next: Token | undefined,
  collapsedNext: string,
): ReadonlySet<CompiledEntry> | undefined {
  if (!next) return NO_CONTINUATION;
  if (INSIDE_ENTRIES.has(next.form) || (t.form === "non" && CLIMBING_CLITICS.has(next.form))) return undefined;
  const { secondExact, secondLemmas } = candidates;
  if (secondExact.size === 0 && secondLemmas.size === 0) return NO_CONTINUATION;
  // Plain calls, no closure: this runs for every word that begins an entry.
  let found = addContinuations(undefined, secondExact.get(collapsedNext));
  found = addContinuations(found, secondLemmas.get(next.form));
  for (const m of next.analyses) found = addContinuations(found, secondLemmas.get(m.lemma));
  return found ?? NO_CONTINUATION;
}

function addContinuations(
  found: Set<CompiledEntry> | undefined,
  list: readonly CompiledEntry[] | undefined,
): Set<CompiledEntry> | undefined {
  if (!list) return found;
  const into = found ?? new Set<CompiledEntry>();
  for (const c of list) into.add(c);
  return into;
}

/** An entry found at a word, with the token after its last. */
interface Found {
  c: CompiledEntry;
  last: number;
}
const NOTHING_FOUND: readonly Found[] = [];

/** The entries that start at word `i` (whose `WordInfo` is `info`), with the token after each one's last. */
function entriesAt(
  tokens: readonly Token[],
  i: number,
  info: WordInfo,
  collapsed: readonly string[],
): readonly Found[] {
  const t = tokens[i] as Token;
  const candidates = candidatesFor(t, info);
  // Most words begin no entry: nothing to walk and nothing to allocate.
  if (candidates === NO_CANDIDATES && info.solid.length === 0) return NOTHING_FOUND;
  const found: Found[] = [];
  const next = tokens[i + 1];
  const continues = continuing(t, candidates, next, collapsed[i + 1] ?? "");
  for (const c of continues?.size === 0 ? candidates.single : candidates.entries) {
    if (continues && c.words.length > 1 && !continues.has(c)) continue;
    let k = 1;
    let j = i + 1;
    let skipped = false;
    while (k < c.words.length && j < tokens.length) {
      const next = tokens[j] as Token;
      if (wordMatches(c.keys[k] as WordKeys, next, collapsed[j] as string)) k++;
      // One quantifier may sit inside a multiword entry: "presi tutti a calci", "riempirli tutti di botte".
      else if (!skipped && INSIDE_ENTRIES.has(next.form)) skipped = true;
      else if (!skipped && CLIMBING_CLITICS.has(next.form) && (tokens[j - 1] as Token).form === "non") skipped = true;
      else break;
      j++;
    }
    if (k === c.words.length) found.push({ c, last: j });
  }
  for (const c of info.solid) found.push({ c, last: i + 1 });
  return found;
}

/** A word no lexicon entry matched, tried as a disguise, a mask or two words glued together. */
function entriesInWord(n: Normalized, t: Token): { c: CompiledEntry; from: number; to: number }[] {
  if (t.form.includes("*")) return (maskedEntries(t.form) ?? []).map((c) => ({ c, from: t.from, to: t.to }));
  const disguised = disguisedForms(n, t);
  for (const form of disguised) {
    const list = solidWordForms.get(form) ?? (form.includes("*") ? maskedEntries(form) : undefined);
    if (list && list.length > 0) return list.map((c) => ({ c, from: t.from, to: t.to }));
  }
  if (t.analyses.length > 0 || t.form.length < 6) return [];
  const glued = gluedEntry(t.form);
  return glued ? glued.entries.map((c) => ({ c, from: t.from + glued.from, to: t.from + glued.to })) : [];
}

interface Glued {
  entries: CompiledEntry[];
  /** Offsets of the entry inside the word. */
  from: number;
  to: number;
}
const gluedByForm = new Map<string, Glued | null>();

/** A solid-class word glued to known words before or after it: "sporchinegri", "seiunostronzo". */
function gluedEntry(form: string): Glued | undefined {
  const cached = gluedByForm.get(form);
  if (cached !== undefined) return cached ?? undefined;
  let glued: Glued | undefined;
  for (let k = 2; k <= form.length - 3 && !glued; k++) {
    const head = form.slice(0, k);
    const tail = form.slice(k);
    const tailEntries = solidWordForms.get(tail);
    if (tailEntries && segmentable(head, 3)) glued = { entries: tailEntries, from: k, to: form.length };
    const headEntries = solidWordForms.get(head);
    if (!glued && headEntries && head.length >= 4 && segmentable(tail, 2))
      glued = { entries: headEntries, from: 0, to: k };
  }
  if (gluedByForm.size < 50_000) gluedByForm.set(form, glued ?? null);
  return glued;
}

/** Whether `s` is one or more known words written together ("seiuno" = sei + uno). */
function segmentable(s: string, depth: number): boolean {
  if (isKnownForm(s)) return true;
  if (depth <= 1) return false;
  for (let k = 1; k < s.length; k++) if (isKnownForm(s.slice(0, k)) && segmentable(s.slice(k), depth - 1)) return true;
  return false;
}

const maskCache = new Map<string, RegExp>();
/** "c*glione" or "p*****a": each run of k asterisks stands for k-1…k+1 letters. */
function maskPattern(word: string): RegExp {
  let re = maskCache.get(word);
  if (!re) {
    const body = word.replace(/\*+/g, (stars) => `[a-z]{${Math.max(1, stars.length - 1)},${stars.length + 1}}`);
    re = new RegExp(`^${body}$`);
    if (maskCache.size < 10_000) maskCache.set(word, re);
  }
  return re;
}

function maskedEntries(word: string): CompiledEntry[] | undefined {
  const re = maskPattern(word);
  // A word masked with asterisks is a vulgar word before an insult, and either before anything else ("p*****a").
  let insult: CompiledEntry[] | undefined;
  let other: CompiledEntry[] | undefined;
  for (const [form, list] of solidWordForms) {
    if (!re.test(form)) continue;
    if (list.some((c) => c.entry.cls === "vulgar")) return list;
    if (list.some((c) => c.entry.cls === "insult")) insult ??= list;
    else other ??= list;
  }
  return insult ?? other;
}

/**
 * A word where normalisation dropped something between two letters: an emoji standing for one letter
 * ("c🤬glione" read as "c*glione"), or a one-letter word run into a spelled-out word ("v a f f a n c u l o a").
 */
function disguisedForms(n: Normalized, t: Token): string[] {
  const gaps: number[] = [];
  for (let k = t.from + 1; k < t.to; k++) if ((n.start[k] as number) > (n.end[k - 1] as number)) gaps.push(k);
  if (gaps.length === 0 || /[0-9]/.test(t.form)) return [];
  const raw = t.form;
  const variants = gaps.length <= 2 ? gaps.map((k) => `${raw.slice(0, k - t.from)}*${raw.slice(k - t.from)}`) : [];
  if (gaps[0] === t.from + 1) variants.push(raw.slice(1));
  if (gaps[gaps.length - 1] === t.to - 1) variants.push(raw.slice(0, -1));
  return variants;
}

function toMatch(
  tokens: readonly Token[],
  c: CompiledEntry,
  first: number,
  last: number,
  start: number,
  end: number,
): LexiconMatch {
  const head = (tokens[first] as Token).analyses.find((m) => (c.words[0] as string[]).includes(m.lemma));
  return { entry: c.entry, first, last, start, end, head };
}

function findMatches(n: Normalized, { tokens, infos, collapsed }: Tokenised, original: string): LexiconMatch[] {
  const all: LexiconMatch[] = [];
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i] as Token;
    const info = infos[i];
    if (info === undefined) continue;
    let found = entriesAt(tokens, i, info, collapsed);
    // "str.onzo", "cog-lione": one dot, dash or underscore inside a word.
    const dot = tokens[i + 1];
    const rest = tokens[i + 2];
    const dotted = dot && rest && dot.from === t.to && rest.from === dot.to && ".-_".includes(dot.form);
    if (found.length === 0 && info.beginsSolid && dotted) {
      found = (solidWordForms.get(t.form + rest.form) ?? NO_ENTRIES).map((c) => ({ c, last: i + 3 }));
    }
    // "mongoloi di", "hand icappati": a word split by a space, when neither half is a word the lexicons know.
    if (
      found.length === 0 &&
      info.beginsSolid &&
      dot?.kind === "word" &&
      (t.analyses.length === 0 || dot.analyses.length === 0)
    ) {
      found = (solidWordForms.get(t.form + dot.form) ?? NO_ENTRIES).map((c) => ({ c, last: i + 2 }));
    }
    if (found.length > 0) {
      for (const { c, last } of found) all.push(toMatch(tokens, c, i, last, t.start, (tokens[last - 1] as Token).end));
      continue;
    }
    for (const { c, from, to } of entriesInWord(n, t)) {
      const start = n.start[from] ?? t.start;
      all.push(toMatch(tokens, c, i, i + 1, start, n.end[to - 1] ?? t.end));
    }
    // "porca p*****a": a masked word that ends a multiword entry begun by the word before it.
    const before = tokens[i - 1];
    if (t.form.includes("*") && before?.kind === "word") {
      const re = maskPattern(before.form + t.form);
      for (const [form, list] of bySolidForm)
        if (re.test(form)) for (const c of list) all.push(toMatch(tokens, c, i - 1, i + 1, before.start, t.end));
    }
  }
  const scripts = scriptMatches(tokens, original);
  if (scripts.length > 0) {
    all.push(...scripts);
    all.sort((a, b) => a.start - b.start);
  }
  // Longest first: a match inside a longer one ("cazzo" in "testa di cazzo") is dropped.
  return all.filter(
    (m) => !all.some((o) => o !== m && o.start <= m.start && o.end >= m.end && o.end - o.start > m.end - m.start),
  );
}

const NON_LATIN_SCRIPT =
  /[\p{Script=Arabic}\p{Script=Cyrillic}\p{Script=Han}\p{Script=Bengali}\p{Script=Devanagari}\p{Script=Gurmukhi}]/u;

/**
 * Entries of the non-Latin scripts, found as substrings of the original text: the normaliser transliterates
 * those scripts lossily and runs Chinese into one word, and a substring also covers their affixes ("الحريق").
 */
function scriptMatches(tokens: readonly Token[], original: string): LexiconMatch[] {
  if (scriptEntries.length === 0 || !NON_LATIN_SCRIPT.test(original)) return [];
  const lower = original.toLowerCase();
  const out: LexiconMatch[] = [];
  for (const entry of scriptEntries) {
    const start = lower.indexOf(entry.words.join(" "));
    if (start < 0) continue;
    const end = start + entry.words.join(" ").length;
    const first = tokens.findIndex((t) => t.end > start);
    if (first < 0) continue;
    let last = first + 1;
    while (last < tokens.length && (tokens[last] as Token).start < end) last++;
    out.push({ entry, first, last, start, end, head: undefined });
  }
  return out;
}

// ---------------------------------------------------------------------------------------------------------------
// Public API

export function analyse(text: string): Analysis {
  const normalized = normalize(text);
  const tokenised = tokenise(normalized.text, normalized, text);
  const { tokens } = tokenised;
  const { sentences, clauses } = structure(tokens, normalized.text);
  markScopes(tokenised, sentences, clauses);
  return { text, normalized, tokens, sentences, clauses, matches: findMatches(normalized, tokenised, text) };
}

/** Posts analysed lately, by text; a bounded cache emptied when full. */
const posts = new Map<string, Analysis>();

/**
 * The analysis of the post an item answers, shared read-only by every item on it: comments come in bursts under
 * the same post, whose text is often longer than theirs, and it was analysed anew for each of them.
 */
export function analysePost(text: string): Analysis {
  let a = posts.get(text);
  if (a === undefined) {
    a = analyse(text);
    if (posts.size >= 1_000) posts.clear();
    posts.set(text, a);
  }
  return a;
}

/** Matches of one lexicon class, in text order. */
export const matchesOf = (a: Analysis, cls: string): LexiconMatch[] => a.matches.filter((m) => m.entry.cls === cls);

/** Whether some reading of the token has this lemma. */
export const hasLemma = (token: Token, lemma: string): boolean => token.analyses.some((m) => m.lemma === lemma);

/** The token's readings with this part of speech. */
export const readings = (token: Token, pos: Pos): Morph[] => token.analyses.filter((m) => m.pos === pos);

/** Tokens of a sentence or a clause. */
export const tokensOf = (a: Analysis, span: { first: number; last: number }): readonly Token[] =>
  a.tokens.slice(span.first, span.last);

/** A finding whose evidence is `span` (a token, a match, anything with original offsets). */
export function finding(
  category: Category,
  ruleId: string,
  clearCut: boolean,
  span: { start: number; end: number },
  confidence = clearCut ? 0.9 : 0.6,
): Finding {
  return { category, ruleId, clearCut, confidence, start: span.start, end: span.end };
}
