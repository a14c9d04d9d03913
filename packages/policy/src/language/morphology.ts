import type { Lang, Morph, Pos } from "./analysis";
import { CODE_LISTS, MORPHOLOGY, PARADIGMS } from "./generated/lexicons";
import { FUNCTION_WORDS, functionWordReadings } from "./grammar";
import { decodeMorph } from "./morph-code";

/**
 * Candidate readings of a normalised word: the function words, and the forms of every lexicon lemma taken from
 * Morph-it! (the generated extract). A verb with enclitic pronouns is read as the verb plus its clitics
 * ("ammazzarlo" → ammazzare + lo, "dategli" → dare + gli, "dammelo" → dare + me + lo).
 */

const byForm = new Map<string, Morph[]>();
/** Doubled letters collapsed ("cazo", "coglone"), for words typed with a single letter where two belong. */
const byCollapsedForm = new Map<string, Morph[]>();

/** Doubled letters collapsed: a scan first, as most words have none and a regex replace would allocate anyway. */
export function collapse(word: string): string {
  for (let i = 1; i < word.length; i++) {
    const code = word.charCodeAt(i);
    if (code >= 97 && code <= 122 && code === word.charCodeAt(i - 1)) return word.replace(/([a-z])\1+/g, "$1");
  }
  return word;
}
const internTable = new Map<string, string>();
/**
 * One shared copy of each word string (bounded, like the caches below). Forms, lemmas and lexicon keys are
 * compared and looked up many times per item; between one copy, equality is a pointer check and the hash is
 * computed once, where every fresh slice of a text would be hashed and compared char by char again.
 */
export function intern(word: string): string {
  const known = internTable.get(word);
  if (known !== undefined) return known;
  if (internTable.size < 100_000) internTable.set(word, word);
  return word;
}

const push = (map: Map<string, Morph[]>, form: string, morph: Morph) => {
  const list = map.get(form);
  if (!list) map.set(form, [morph]);
  else if (!list.includes(morph)) list.push(morph);
};

const codeLists = CODE_LISTS.split("\n").map((line) => line.split(" "));
const paradigms = PARADIGMS.split("\n").map((line) => {
  const [pos = "", lang = "", ending = "", codes = "", endings = ""] = line.split("\t");
  return {
    pos: pos as Pos,
    lang: lang as Lang,
    ending,
    codes: codeLists[Number(codes)] ?? [],
    endings: endings.split(" "),
  };
});
for (const line of MORPHOLOGY.split("\n")) {
  const [stem = "", paradigm = ""] = line.split("\t");
  const { pos, lang, ending, codes, endings } = paradigms[Number(paradigm)] as (typeof paradigms)[number];
  const lemma = intern(stem + ending);
  const interned = new Map<string, Morph>();
  for (const [k, code] of codes.entries()) {
    const form = stem + endings[k];
    let morph = interned.get(code);
    if (!morph) {
      morph = decodeMorph(lemma, pos, lang, code);
      interned.set(code, morph);
    }
    push(byForm, form, morph);
  }
}
for (const [form, morphs] of byForm) {
  const collapsed = collapse(form);
  if (collapsed !== form && !byForm.has(collapsed)) for (const m of morphs) push(byCollapsedForm, collapsed, m);
}

/** Readings of a whole word, no clitic split. */
function readingsOf(form: string): readonly Morph[] {
  const fw = functionWordReadings(form);
  let lexical = byForm.get(form);
  if (!lexical) {
    // Stretched or doubled letters: "coglionne", "cazo" are read through their collapsed form.
    const collapsed = collapse(form);
    lexical = byForm.get(collapsed) ?? byCollapsedForm.get(collapsed);
  }
  if (!lexical) return fw;
  return fw.length === 0 ? lexical : [...fw, ...lexical];
}

/** Whether a form is a word the morphology knows (lexicon lemma form or function word). */
export const isKnownForm = (form: string): boolean => readingsOf(form).length > 0;

/** Enclitics, longest first: "glie-" joins the next one ("gliela"), "me/te/ce/ve/se" come before lo/la/li/le/ne. */
const LAST_CLITICS = ["gli", "lo", "la", "li", "le", "ne", "mi", "ti", "ci", "vi", "si"];
const FIRST_CLITICS = ["glie", "me", "te", "ce", "ve", "se"];
/** Imperatives of one syllable double the clitic's consonant: "dammi", "fallo", "dillo", "vattene", "stacci". */
const SHORT_IMPERATIVES: Record<string, string> = { da: "dare", fa: "fare", di: "dire", va: "andare", sta: "stare" };

/** Verb readings that take enclitics: infinitive, imperative, gerund, past participle. */
const takesEnclitics = (m: Morph) =>
  m.pos === "verb" && (m.mood === "inf" || m.mood === "impr" || m.mood === "ger" || m.mood === "part");

export interface WordReading {
  analyses: readonly Morph[];
  clitics: readonly string[];
}

export const NONE: WordReading = { analyses: [], clitics: [] };

/** Words repeat across items: their readings are kept (bounded, like the normaliser's fold cache). */
const cache = new Map<string, WordReading>();

/** Readings of a word, with enclitics split off a verb when the word as a whole is not a known form. */
export function readWord(form: string): WordReading {
  let reading = cache.get(form);
  if (!reading) {
    reading = readUncached(form);
    if (cache.size < 50_000) cache.set(form, reading);
  }
  return reading;
}

function readUncached(form: string): WordReading {
  const whole = readingsOf(form);
  // A truncated infinitive: "far fuori", "dar fuoco", "ammazzar"; beside a noun of the same form ("far").
  if (form.endsWith("r") && form.length >= 3 && !whole.some((m) => m.pos === "verb")) {
    const infinitive = readingsOf(`${form}e`).filter((m) => m.pos === "verb" && m.mood === "inf");
    if (infinitive.length > 0) return { analyses: [...whole, ...infinitive], clitics: [] };
  }
  if (whole.length > 0) return { analyses: whole, clitics: [] };
  if (form.length < 5) return guessed(form);
  for (const last of LAST_CLITICS) {
    if (!form.endsWith(last)) continue;
    const rest = form.slice(0, -last.length);
    const direct = verbWithClitics(rest, [last]);
    if (direct) return direct;
    for (const first of FIRST_CLITICS) {
      if (!rest.endsWith(first) || (first === "glie" && !["lo", "la", "li", "le", "ne"].includes(last))) continue;
      const two = verbWithClitics(rest.slice(0, -first.length), [first === "glie" ? "gli" : first, last]);
      if (two) return two;
    }
  }
  return guessed(form);
}

/**
 * A verb the extract does not hold, read from its ending where the ending is one only verbs have: "-arei",
 * "-erei", "-irei" are the first person of the conditional ("risolverei", "sistemerei"), the speaker's intent.
 */
function guessed(form: string): WordReading {
  if (form.length < 7 || !/[aei]rei$/.test(form)) return NONE;
  return {
    analyses: [{ lemma: form, pos: "verb", lang: "it", mood: "cond", tense: "pres", person: 1, number: "s" }],
    clitics: [],
  };
}

function verbWithClitics(stem: string, clitics: string[]): WordReading | undefined {
  if (stem.length < 2) return undefined;
  // "dammi", "fallo", "vattene": a one-syllable imperative doubles the clitic's consonant.
  const short = SHORT_IMPERATIVES[stem.slice(0, -1)];
  if (short && stem.length === 3 && stem[2] === clitics[0]?.[0]) {
    return { analyses: [{ lemma: short, pos: "verb", lang: "it", mood: "impr", person: 2, number: "s" }], clitics };
  }
  // "ammazzar" + lo: the infinitive drops its final -e before a clitic.
  for (const candidate of stem.endsWith("r") ? [`${stem}e`, stem] : [stem]) {
    const verb = readingsOf(candidate).filter(takesEnclitics);
    if (verb.length > 0) return { analyses: verb, clitics };
  }
  return undefined;
}

/**
 * Every form the morphology holds (lexicon lemmas' forms and function words), for `*` masks ("c*glione"), with its
 * readings (what `readWord` gives it). Not through `readWord`, so the word cache holds only the forms texts use:
 * a small cache is a fast one, where the whole morphology in it made every lookup of every token slower.
 */
export function* knownReadings(): Generator<[string, readonly Morph[]]> {
  for (const form of byForm.keys()) yield [form, readingsOf(form)];
}

const segmentCache = new Map<string, readonly string[] | null>();
/** One-letter words that may stand between two glued words ("tipicchio e basta" written "tipicchioebasta"). */
const ONE_LETTER_WORDS: ReadonlySet<string> = new Set(["a", "e", "i", "o"]);

/**
 * A word the morphology does not know, read as two to four known words run together ("tirompolegambe" → ti rompo
 * le gambe, "odiotuttigliimmigrati"): the fewest pieces, each a known form, at least one of them not a function
 * word (a name that happens to split into "di" + "co" is left alone). Spaces removed or letters spelled out one by
 * one ("b r u c i o l a m a c c h i n a", which the normaliser joins) are disguises like any other.
 */
export function segment(form: string): readonly string[] | undefined {
  const cached = segmentCache.get(form);
  if (cached !== undefined) return cached ?? undefined;
  const found = form.length < 5 || form.length > 40 ? undefined : split(form);
  if (segmentCache.size < 50_000) segmentCache.set(form, found ?? null);
  return found;
}

const CLITIC_PREFIXES: ReadonlySet<string> = new Set(["ti", "vi", "lo", "la", "li", "le", "gli", "te", "ve"]);
/**
 * A piece of a glued word is a form as written (not a doubled letter undone: "cazi" is no piece). Read uncached:
 * a split tries every substring, which would fill the word cache with fragments and slow every lookup in it.
 */
const isExactForm = (piece: string) =>
  byForm.has(piece) || functionWordReadings(piece).length > 0 || readUncached(piece).clitics.length > 0;
const weight = (pieces: readonly string[]) => pieces.reduce((sum, p) => sum + p.length * p.length, 0);

function split(form: string): string[] | undefined {
  // best[i]: the fewest known pieces covering form[0, i).
  const best: (string[] | undefined)[] = [[]];
  for (let i = 1; i <= form.length; i++) {
    for (let j = Math.max(0, i - 20); j < i; j++) {
      const head = best[j];
      if (!head || head.length >= 4) continue;
      const piece = form.slice(j, i);
      if (piece.length === 1 ? !ONE_LETTER_WORDS.has(piece) : !isExactForm(piece)) continue;
      const candidate = [...head, piece];
      const known = best[i];
      // Fewest pieces; among as few, the longer ones ("ti rompo le gambe", not "ti rom pole gambe").
      if (
        !known ||
        candidate.length < known.length ||
        (candidate.length === known.length && weight(candidate) > weight(known))
      )
        best[i] = candidate;
    }
  }
  const pieces = best[form.length];
  if (!pieces || pieces.length < 2 || form.length < 7 || pieces.every((p) => FUNCTION_WORDS.has(p))) return undefined;
  // Only a split as plausible as a disguise: three or more pieces of some length ("ti rompo le gambe"), an object
  // clitic before a verb ("tipicchio"), or two long words ("sporchinegri"); "almeno" is not "al meno".
  const [first = "", second = ""] = pieces;
  if (pieces.length >= 3) return form.length / pieces.length >= 3 ? pieces : undefined;
  if (CLITIC_PREFIXES.has(first) && readWord(second).analyses.some((m) => m.pos === "verb")) return pieces;
  return first.length >= 4 && second.length >= 4 ? pieces : undefined;
}
