import type { Lang, Morph, Pos } from "./analysis";
import { MORPHOLOGY } from "./generated/lexicons";
import { functionWordReadings } from "./grammar";
import { decodeMorph } from "./morph-code";

/**
 * Candidate readings of a normalised word: the function words, and the forms of every lexicon lemma taken from
 * Morph-it! (the generated extract). A verb with enclitic pronouns is read as the verb plus its clitics
 * ("ammazzarlo" → ammazzare + lo, "dategli" → dare + gli, "dammelo" → dare + me + lo).
 */

const byForm = new Map<string, Morph[]>();
/** Doubled letters collapsed ("cazo", "coglone"), for words typed with a single letter where two belong. */
const byCollapsedForm = new Map<string, Morph[]>();

const collapse = (word: string) => word.replace(/([a-z])\1+/g, "$1");
const push = (map: Map<string, Morph[]>, form: string, morph: Morph) => {
  const list = map.get(form);
  if (!list) map.set(form, [morph]);
  else if (!list.includes(morph)) list.push(morph);
};

for (const line of MORPHOLOGY.split("\n")) {
  const [lemma = "", pos = "", lang = "", stem = "", cells = ""] = line.split("\t");
  const interned = new Map<string, Morph>();
  for (const cell of cells.split(" ")) {
    const colon = cell.lastIndexOf(":");
    const form = stem + cell.slice(0, colon);
    const code = cell.slice(colon + 1);
    let morph = interned.get(code);
    if (!morph) {
      morph = decodeMorph(lemma, pos as Pos, lang as Lang, code);
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

const NONE: WordReading = { analyses: [], clitics: [] };

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
  if (whole.length > 0) return { analyses: whole, clitics: [] };
  if (form.length < 5) return NONE;
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
  return NONE;
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

/** Every form the morphology holds (lexicon lemmas' forms and function words), for `*` masks ("c*glione"). */
export const knownForms = (): IterableIterator<string> => byForm.keys();
