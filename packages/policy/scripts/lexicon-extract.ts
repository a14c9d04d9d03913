/**
 * Builds the generated extract the engine loads (src/language/generated/lexicons.ts): every lexicon file, and
 * the inflected forms of the words they use plus the frames' closed-class verbs, taken from Morph-it! (through
 * the npm dictionaries italian-verbs-dict, italian-words-dict, italian-adjectives-dict; English by rule).
 *
 * Why a committed extract and not one generated at install: the classifier is bundled by esbuild from source
 * in CDK, in tests and in the CLI, and each would need the step run first; a committed file needs nothing, its
 * diff shows reviewers which forms a lexicon change brings in, and the Morph-it! dictionaries (8 MB) stay
 * development dependencies. `test/policy/language/lexicon.test.ts` regenerates it and fails when it is stale.
 */
import { readdirSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";
import type { LexiconEntry } from "../src/language/analysis";
import { AUXILIARIES, FUNCTION_WORDS, GRAMMAR_VERBS } from "../src/language/grammar";
import { parseLexiconFile, tagValue } from "../src/language/lexicon-file";
import { MOOD_LETTER, TENSE_LETTER } from "../src/language/morph-code";

export const LEXICON_DIR = join(import.meta.dirname, "..", "lexicons");
export const EXTRACT_FILE = join(import.meta.dirname, "..", "src", "language", "generated", "lexicons.ts");

type Paradigm = Record<string, unknown>;
const require = createRequire(import.meta.url);
const load = (name: string) => require(name) as Record<string, Paradigm>;

/** Lower-case ASCII, as the normaliser reads text ("sgozzerò" → "sgozzero"). */
const fold = (form: string) => form.normalize("NFD").replace(/\p{M}/gu, "").toLowerCase().replace(/[’`]/g, "'");

export function readLexicons(): LexiconEntry[] {
  return readdirSync(LEXICON_DIR)
    .filter((f) => f.endsWith(".txt"))
    .sort()
    .flatMap((file) => parseLexiconFile(file.slice(0, -4), readFileSync(join(LEXICON_DIR, file), "utf8")));
}

/** Forms of one lemma: pos, then code → form. */
interface Lemma {
  lemma: string;
  pos: "verb" | "noun" | "adj";
  lang: "it" | "en";
  forms: Map<string, string>; // code → form
}

const PERSONS = ["S1", "S2", "S3", "P1", "P2", "P3"];

function verbLemma(lemma: string, paradigm: Paradigm): Lemma {
  const forms = new Map<string, string>();
  const moods = paradigm as Record<string, Record<string, Record<string, string> | string>>;
  for (const [mood, tenses] of Object.entries(moods)) {
    for (const [tense, cells] of Object.entries(tenses)) {
      // The dictionary's infinitive is sometimes a form with a clitic ("ammazzarti"): the lemma is the infinitive.
      if (mood === "inf") forms.set("f", lemma);
      // Likewise the gerund ("picchiandosi"): cut after -ndo.
      else if (mood === "ger") forms.set("g", fold(cells as string).replace(/^(.*?ndo).*$/, "$1"));
      else if (mood === "part" && tense === "past") {
        const c = cells as Record<string, string>;
        for (const [key, code] of [
          ["S", "ppms"],
          ["SF", "ppfs"],
          ["P", "ppmp"],
          ["PF", "ppfp"],
        ] as const)
          if (c[key]) forms.set(code, fold(c[key]));
      } else if (MOOD_LETTER[mood] && TENSE_LETTER[tense]) {
        const c = { ...(cells as Record<string, string>) };
        // The dictionary gives some 300 verbs the third person as the first of the future ("prenderà" for
        // "prenderò", so "lo prenderò a calci" read as nothing): the first person is the second's stem + ò.
        if (mood === "ind" && tense === "fut" && c.S1 && c.S2?.endsWith("ai") && !c.S1.endsWith("ò"))
          c.S1 = `${c.S2.slice(0, -2)}ò`;
        for (const [k, person] of PERSONS.entries()) {
          const form = c[person];
          if (form) forms.set(`${MOOD_LETTER[mood]}${TENSE_LETTER[tense]}${k + 1}`, fold(form));
        }
      }
    }
  }
  return { lemma, pos: "verb", lang: "it", forms };
}

/**
 * Regular first-conjugation forms, for the few -are verbs Morph-it! lacks ("gambizzare"); a hand-written rule
 * because no dictionary on npm has them, and the pattern is fully regular.
 */
function regularAreVerb(lemma: string): Lemma {
  const stem = lemma.slice(0, -3);
  const soft = stem.endsWith("ci") || stem.endsWith("gi") ? stem.slice(0, -1) : stem;
  const front = /[cg]$/.test(stem) ? `${stem}h` : soft; // before e / i
  const noI = stem.endsWith("i") ? stem.slice(0, -1) : front;
  const cells: Record<string, string[]> = {
    ip: ["o", "i", "a", "iamo", "ate", "ano"].map((s, k) => (k === 1 || k === 3 ? noI + s : stem + s)),
    ii: ["avo", "avi", "ava", "avamo", "avate", "avano"].map((s) => stem + s),
    ir: ["ai", "asti", "o", "ammo", "aste", "arono"].map((s) => stem + s),
    if: ["ero", "erai", "era", "eremo", "erete", "eranno"].map((s) => front + s),
    cp: ["erei", "eresti", "erebbe", "eremmo", "ereste", "erebbero"].map((s) => front + s),
    sp: ["i", "i", "i", "iamo", "iate", "ino"].map((s) => noI + s),
    si: ["assi", "assi", "asse", "assimo", "aste", "assero"].map((s) => stem + s),
  };
  const forms = new Map<string, string>();
  for (const [code, list] of Object.entries(cells))
    for (const [k, f] of list.entries()) forms.set(`${code}${k + 1}`, f);
  forms.set("mp2", `${stem}a`).set("mp4", `${noI}iamo`).set("mp5", `${stem}ate`);
  forms.set("f", lemma).set("g", `${stem}ando`);
  for (const [code, end] of [
    ["ppms", "ato"],
    ["ppfs", "ata"],
    ["ppmp", "ati"],
    ["ppfp", "ate"],
  ])
    forms.set(code as string, stem + end);
  return { lemma, pos: "verb", lang: "it", forms };
}

/** Nouns and adjectives by their ending when Morph-it! lacks them ("cojone", "busone"). */
function regularNominal(lemma: string): Lemma {
  const forms = new Map<string, string>([["nms", lemma]]);
  const stem = lemma.slice(0, -1);
  if (lemma.endsWith("o")) forms.set("nfs", `${stem}a`).set("nmp", `${stem}i`).set("nfp", `${stem}e`);
  else if (lemma.endsWith("a")) forms.set("nmp", `${stem}i`).set("nfp", `${stem}e`);
  else if (lemma.endsWith("e")) forms.set("nmp", `${stem}i`);
  return { lemma, pos: "noun", lang: "it", forms };
}

const EN_IRREGULAR: Record<string, string[]> = {
  shoot: ["shot"],
  beat: ["beaten"],
  hang: ["hanged", "hung"],
  burn: ["burnt"],
  cut: ["cut"],
  hurt: ["hurt"],
  slit: ["slit"],
  break: ["broke", "broken"],
  blow: ["blew", "blown"],
};

/** English inflection by rule: kill/kills/killed/killing, stab/stabbed/stabbing, strangle/strangled/strangling. */
function englishLemma(lemma: string, pos: "verb" | "noun"): Lemma {
  const forms = new Map<string, string>();
  if (pos === "noun") {
    forms.set("ns", lemma).set("np", /(s|sh|ch|x)$/.test(lemma) ? `${lemma}es` : `${lemma}s`);
    return { lemma, pos, lang: "en", forms };
  }
  const doubled = /^[^aeiou]*[aeiou][bdgmnpt]$/.test(lemma) ? lemma + lemma.at(-1) : lemma;
  const base = lemma.endsWith("e") ? lemma.slice(0, -1) : doubled;
  forms.set("eb", lemma);
  forms.set("es", /(s|sh|ch|x)$/.test(lemma) ? `${lemma}es` : `${lemma}s`);
  forms.set("ed", lemma.endsWith("e") ? `${lemma}d` : `${doubled}ed`);
  forms.set("eg", `${base}ing`);
  for (const [k, f] of (EN_IRREGULAR[lemma] ?? []).entries()) forms.set(`ed${k}`, f);
  return { lemma, pos, lang: "en", forms };
}

/** Every lemma the engine needs, with its forms. */
export function buildExtract(entries: readonly LexiconEntry[] = readLexicons()): string {
  const verbs = load("italian-verbs-dict/dist/verbs.json");
  const nouns = load("italian-words-dict/dist/words.json") as unknown as Record<string, { G: string; P: string }>;
  const adjectives = load("italian-adjectives-dict/dist/adjectives.json") as unknown as Record<
    string,
    { MP: string; FS: string; FP: string }
  >;
  // Plural nouns and inflected adjectives back to their lemma, for lexicon words written inflected ("botte").
  const lemmaOf = new Map<string, Set<string>>();
  const addLemmaOf = (form: string, lemma: string) => {
    const set = lemmaOf.get(form) ?? new Set<string>();
    set.add(lemma);
    lemmaOf.set(form, set);
  };
  for (const [lemma, { P }] of Object.entries(nouns)) if (P && P !== lemma) addLemmaOf(fold(P), fold(lemma));
  for (const [lemma, a] of Object.entries(adjectives))
    for (const f of [a.MP, a.FS, a.FP]) if (f && f !== lemma) addLemmaOf(fold(f), fold(lemma));

  const lemmas = new Map<string, Lemma>();
  const add = (l: Lemma) => {
    const key = `${l.lang}:${l.pos}:${l.lemma}`;
    const known = lemmas.get(key);
    if (known) for (const [code, form] of l.forms) known.forms.set(code, form);
    else lemmas.set(key, l);
  };

  /** Italian readings of a word the dictionaries know; false when they know none. */
  const addItalian = (word: string): boolean => {
    let found = false;
    const verb = verbs[word];
    if (verb) {
      add(verbLemma(word, verb));
      found = true;
    }
    const aux = AUXILIARIES[word];
    if (aux) {
      add({ lemma: word, pos: "verb", lang: "it", forms: new Map(Object.entries(aux)) });
      found = true;
    }
    const noun = nouns[word];
    if (noun) {
      const g = noun.G === "F" ? "f" : "m";
      add({
        lemma: word,
        pos: "noun",
        lang: "it",
        forms: new Map([
          [`n${g}s`, word],
          [`n${g}p`, fold(noun.P ?? word)],
        ]),
      });
      found = true;
    }
    const adjective = adjectives[word];
    if (adjective) {
      add({
        lemma: word,
        pos: "adj",
        lang: "it",
        forms: new Map([
          ["ams", word],
          ["amp", fold(adjective.MP ?? word)],
          ["afs", fold(adjective.FS ?? word)],
          ["afp", fold(adjective.FP ?? word)],
        ]),
      });
      found = true;
    }
    return found;
  };

  for (const verb of GRAMMAR_VERBS) addItalian(verb);
  const missing: string[] = [];
  for (const entry of entries) {
    // Languages without morphology here match their words as written: no forms to extract.
    if (entry.lang !== "it" && entry.lang !== "en") continue;
    const pos = tagValue(entry, "pos");
    for (const raw of entry.words) {
      if (raw.startsWith("=")) continue;
      if (entry.lang === "en") {
        if (!FUNCTION_WORDS.has(raw))
          add(englishLemma(raw, pos === "verb" || entry.cls === "violence" ? "verb" : "noun"));
        continue;
      }
      if (FUNCTION_WORDS.has(raw) && !verbs[raw]) continue;
      let found = addItalian(raw);
      // A noun for people in -o has a feminine Morph-it! may not list as a noun ("stronza", "stronze").
      if (found && raw.endsWith("o") && nouns[raw] && !adjectives[raw]) {
        const stem = raw.slice(0, -1);
        add({
          lemma: raw,
          pos: "noun",
          lang: "it",
          forms: new Map([
            ["nfs", `${stem}a`],
            ["nfp", `${stem}e`],
          ]),
        });
      }
      for (const lemma of lemmaOf.get(raw) ?? []) found = addItalian(lemma) || found;
      if (!found) {
        missing.push(raw);
        add(/(are)$/.test(raw) && pos !== "noun" ? regularAreVerb(raw) : regularNominal(raw));
      }
    }
    const extra = tagValue(entry, "forms");
    if (extra) {
      const lemma = entry.words[0]?.replace(/^=/, "") ?? "";
      const forms = new Map(extra.split("/").map((f, k) => [`n${k}`, f] as [string, string]));
      add({ lemma, pos: pos === "verb" ? "verb" : "noun", lang: entry.lang, forms });
    }
  }

  // Lemmas of a kind inflect alike: each paradigm (part of speech, language, the lemma's ending, the list of
  // morphological codes, the ending of each) is written once and a lemma is its stem and the paradigm's number;
  // the code lists, shared by paradigms (every regular verb has the same cells), are written once too. That keeps
  // the extract's share of the classifier bundle small.
  const codeLists = new Map<string, number>();
  const paradigms = new Map<string, number>();
  const morphology = [...lemmas.values()]
    .sort((a, b) => (a.lemma < b.lemma ? -1 : a.lemma > b.lemma ? 1 : a.pos < b.pos ? -1 : 1))
    .map((l) => {
      const pairs = [...l.forms].sort((a, b) => (a[0] < b[0] ? -1 : 1));
      const stem = commonPrefix([l.lemma, ...pairs.map(([, f]) => f)]);
      const codes = pairs.map(([code]) => code).join(" ");
      if (!codeLists.has(codes)) codeLists.set(codes, codeLists.size);
      const endings = pairs.map(([, f]) => f.slice(stem.length)).join(" ");
      const paradigm = [l.pos, l.lang, l.lemma.slice(stem.length), codeLists.get(codes), endings].join("\t");
      if (!paradigms.has(paradigm)) paradigms.set(paradigm, paradigms.size);
      return `${stem}\t${paradigms.get(paradigm)}`;
    })
    .join("\n");
  // Consecutive entries sharing class, strength, language, source and tags under one header line (the only
  // lines with a tab: a tab and the number of the header in `LEXICON_HEADERS`), so those fields are written
  // once however many runs of entries share them; a header is the numbers of its five values in `LEXICON_VALUES`.
  const values = new Map<string, number>();
  const valueNumber = (value: string) => {
    if (!values.has(value)) values.set(value, values.size);
    return values.get(value);
  };
  const headers = new Map<string, number>();
  const lexicon: string[] = [];
  let header = "";
  for (const e of entries) {
    const fields = [e.cls, e.strength, e.lang, e.source, e.tags.join(",")].map(valueNumber).join(" ");
    if (fields !== header) {
      header = fields;
      if (!headers.has(header)) headers.set(header, headers.size);
      lexicon.push(`\t${headers.get(header)}`);
    }
    lexicon.push(e.words.join(" "));
  }
  return [
    "// Generated by `npm run lexicons` (packages/policy/scripts/build-lexicons.ts): do not edit.",
    "// Sources: packages/policy/lexicons/*.txt; Italian forms from Morph-it! (CC BY-SA 2.0 / LGPL), see LEXICON-NOTICE.md.",
    `// Forms not in Morph-it!, inflected by rule: ${[...new Set(missing)].sort().join(", ") || "none"}.`,
    "",
    "/** The values of the lexicon headers' fields, one a line; `LEXICON_HEADERS` refers to them by line number. */",
    `export const LEXICON_VALUES = ${JSON.stringify([...values.keys()].join("\n"))};`,
    "",
    "/** Headers `class, strength, lang, source, tags` (numbers of values), one a line; `LEXICON_LINES` refers to them. */",
    `export const LEXICON_HEADERS = ${JSON.stringify([...headers.keys()].join("\n"))};`,
    "",
    "/** A tab and a header's number (line in `LEXICON_HEADERS`), then its entries' words, one entry a line. */",
    `export const LEXICON_LINES = ${JSON.stringify(lexicon.join("\n"))};`,
    "",
    "/** Lists of morphological codes (morph-code.ts), one a line; `PARADIGMS` refers to them by line number. */",
    `export const CODE_LISTS = ${JSON.stringify([...codeLists.keys()].join("\n"))};`,
    "",
    "/** Paradigms, one a line: pos, lang, the lemma's ending, code list number, the ending of each code (tab-separated). */",
    `export const PARADIGMS = ${JSON.stringify([...paradigms.keys()].join("\n"))};`,
    "",
    "/** Stem and paradigm number (line in `PARADIGMS`): one lemma a line, the lemma being stem and ending. */",
    `export const MORPHOLOGY = ${JSON.stringify(morphology)};`,
    "",
  ].join("\n");
}

function commonPrefix(forms: readonly string[]): string {
  let prefix = forms[0] ?? "";
  for (const f of forms) while (!f.startsWith(prefix)) prefix = prefix.slice(0, -1);
  return prefix;
}
