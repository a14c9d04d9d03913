import type { Normalized } from "./normalize";

/**
 * The linguistic layer every language detector reads. `analyse(text)` (./analyse.ts) builds it once per item on
 * top of the offset-preserving normaliser: tokens with their candidate morphological analyses (Italian from the
 * Morph-it! extract, English from a small rule set), enclitic pronouns split off, sentences and clauses with
 * their scope marks, and every lexicon entry found in the text. Detectors are rules over this structure: they
 * never match surface strings of their own.
 */

/** Languages with morphology: Italian from Morph-it!, English by rule. */
export type Lang = "it" | "en";

/**
 * Languages a lexicon entry may be written in. Those without morphology here match their words exactly as
 * written (folded); those in a script the normaliser does not fold to Latin letters match as substrings of the
 * original text (see `SCRIPT_LANGS`): an emergency may be reported in any language (guide).
 */
export const ENTRY_LANGS = [
  "it",
  "en",
  "es",
  "fr",
  "de",
  "pt",
  "ro",
  "sq",
  "pl",
  "tl",
  "ar",
  "uk",
  "ru",
  "zh",
  "bn",
  "hi",
  "pa",
] as const;
export type EntryLang = (typeof ENTRY_LANGS)[number];
export const SCRIPT_LANGS: ReadonlySet<EntryLang> = new Set(["ar", "uk", "ru", "zh", "bn", "hi", "pa"]);

/** Part of speech, coarse: what the frame rules need. */
export type Pos =
  | "verb"
  | "noun"
  | "adj"
  | "pron" // personal, demonstrative, relative, indefinite pronouns ("io", "lui", "quelli", "chi", "nessuno")
  | "clitic" // unstressed object pronouns ("ti", "lo", "gli", "ne"), also when split off a verb
  | "det" // articles, demonstrative and possessive determiners, articulated prepositions count as "prep"
  | "prep"
  | "adv"
  | "conj"
  | "neg" // "non", "mai", "not", "never"
  | "intj";

export type Person = 1 | 2 | 3;
export type GrammaticalNumber = "s" | "p";
export type Gender = "m" | "f";
/** Morph-it!'s moods: indicative, conditional, subjunctive, imperative, infinitive, gerund, participle. */
export type Mood = "ind" | "cond" | "sub" | "impr" | "inf" | "ger" | "part";
export type Tense = "pres" | "past" | "impf" | "fut";

/** One candidate reading of a word: "sei" is essere (2nd person singular present) or the number six. */
export interface Morph {
  /** Dictionary form: the infinitive of a verb, the masculine singular of a noun or adjective ("stronze" → "stronzo"). */
  lemma: string;
  pos: Pos;
  lang: Lang;
  person?: Person;
  number?: GrammaticalNumber;
  gender?: Gender;
  mood?: Mood;
  tense?: Tense;
}

/** Scope marks of a token, as bits of `Token.scope` (see `inScope`). */
export const Scope = {
  /** After "non / mai / nessuno / not" up to the end of its clause. */
  negated: 1,
  /** Inside a sentence that ends with "?". */
  question: 2,
  /** Inside a clause opened by "se / qualora / magari / if" (the protasis, not the apodosis). */
  hypothetical: 4,
  /** Between quotation marks: the words are someone else's (or a title). */
  quoted: 8,
  /** After a verb of saying in the past or in the third person ("ha detto che", "scrivono che", "mi ha dato del"). */
  reported: 16,
} as const;
export type ScopeMark = keyof typeof Scope;

export type TokenKind = "word" | "number" | "punct" | "mention" | "hashtag";

export interface Token {
  /** Position in `Analysis.tokens`. */
  index: number;
  kind: TokenKind;
  /**
   * Normalised form: lower-case ASCII, accents folded, disguises undone ("st🤬ronzo", "c0gl10n3" → "stronzo",
   * "coglione"), stretched letters shrunk. An elided word keeps its apostrophe ("l'", "t'", "quell'"). A verb with
   * enclitics keeps its whole form ("ammazzarlo"); the split is in `clitics` and `analyses`.
   */
  form: string;
  /** Offsets into `Analysis.normalized.text`. */
  from: number;
  to: number;
  /** UTF-16 offsets into the original text: evidence spans. */
  start: number;
  end: number;
  /** The original word starts with an upper-case letter (a proper name inside a sentence). */
  capitalised: boolean;
  /** Candidate readings; empty for a word the morphology does not know (it is not in any lexicon). */
  analyses: readonly Morph[];
  /** Enclitic pronouns split off the end of a verb: "ammazzarlo" → ["lo"], "dategliela" → ["gli", "la"]. */
  clitics: readonly string[];
  sentence: number;
  clause: number;
  /** Bits of `Scope`. */
  scope: number;
}

export interface Sentence {
  index: number;
  /** Token range [first, last) in `Analysis.tokens`. */
  first: number;
  last: number;
  /** Ends with a question mark. */
  question: boolean;
}

/** A clause: a stretch of a sentence between commas, semicolons, colons, dashes and clause-opening conjunctions. */
export interface Clause {
  index: number;
  sentence: number;
  first: number;
  last: number;
}

/** How strongly an entry weighs, per its class (see lexicons/README.md). */
export type Strength = "strong" | "medium" | "mild" | "neutral";

/** One line of a lexicon file (packages/policy/lexicons/<class>.txt). */
export interface LexiconEntry {
  /** The file it comes from: "insult", "violence", "identity"… */
  cls: string;
  /** As written in the file: a lemma or a multiword expression ("riempire di botte"). */
  text: string;
  /** The words to match, in order: each matches any inflected form of itself, or only itself when written `=word`. */
  words: readonly string[];
  strength: Strength;
  lang: EntryLang;
  /** Id of the source list (see lexicons/README.md). */
  source: string;
  /** Class-specific marks, e.g. "object=human" on a violent verb, "group=religion" on an identity noun. */
  tags: readonly string[];
}

/** A lexicon entry found in the text, longest match first at each position. */
export interface LexiconMatch {
  entry: LexiconEntry;
  /** Token range [first, last) in `Analysis.tokens`; a solid word ("seiunostronzo") may hold part of one token. */
  first: number;
  last: number;
  /** UTF-16 offsets into the original text. */
  start: number;
  end: number;
  /** The token's reading that matched the entry's head word (first word), for person/tense/mood. */
  head: Morph | undefined;
}

export interface Analysis {
  text: string;
  normalized: Normalized;
  tokens: readonly Token[];
  sentences: readonly Sentence[];
  clauses: readonly Clause[];
  /** Every lexicon entry found, in text order. */
  matches: readonly LexiconMatch[];
}

export const inScope = (token: Token, mark: ScopeMark): boolean => (token.scope & Scope[mark]) !== 0;
