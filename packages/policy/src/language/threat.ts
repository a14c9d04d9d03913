import type { Finding } from "../detector";
import { finding } from "./analyse";
import { type Analysis, inScope, type LexiconMatch, type Morph, type Token } from "./analysis";
import {
  clauseRange,
  endorsementAfter,
  isCopula,
  isSomeoneElses,
  matchesIn,
  OBJECT_CLITICS,
  sentenceRange,
  type Target,
  targetIn,
} from "./frames";
import { tagValue } from "./lexicon-file";

/**
 * Threats as a frame over the sentence: the speaker's intent joined to a violent action and a human target,
 * whoever it is ("ti sgozzerò", "domani aspetto quell'assessore sotto casa e lo riempio di botte", "a quelli
 * del campo darei fuoco io", "bisognerebbe impiccarli", "I'll kill you"). Intimidation that needs no violent
 * verb ("so dove abiti"), coming armed, and wishing a bullet on someone are threats too; veiled wording goes to
 * a human with an alert. Figures of speech ("mi ammazzo dalle risate", "ammazza che caldo", "questo incrocio
 * uccide") have no such frame.
 */

type Intent = "speaker" | "incitement" | "possible";

const isFirstPersonNowOrLater = (m: Morph) =>
  m.person === 1 && ((m.mood === "ind" && (m.tense === "pres" || m.tense === "fut")) || m.mood === "cond");

/** Verbs whose first person makes the infinitive they govern the speaker's own plan ("voglio", "sto per", "ho deciso di"). */
const SPEAKER_GOVERNORS: ReadonlySet<string> = new Set([
  "volere",
  "dovere",
  "stare",
  "decidere",
  "giurare",
  "promettere",
  "minacciare",
  "pensare",
  "provare",
  "preferire",
  "sognare",
]);
/** Verbs of going: "vado a…", "verrò a…" (the speaker), "andate a…", "vada a…" (a call). */
const MOTION: ReadonlySet<string> = new Set([
  "andare",
  "venire",
  "tornare",
  "passare",
  "correre",
  "salire",
  "scendere",
]);
/** Verbs that make an infinitive a call on others: "bisognerebbe…", "meriterebbe di…", "qualcuno dovrebbe…". */
const CALL_GOVERNORS: ReadonlySet<string> = new Set(["bisognare", "meritare", "servire", "occorrere"]);
/** Nouns that govern an infinitive like an intent verb: "ho intenzione di", "ho voglia di", "non vedo l'ora di". */
const INTENT_NOUNS: ReadonlySet<string> = new Set(["intenzione", "voglia", "ora", "piacere"]);
/** Words that may sit between a governor and its infinitive: "voglio proprio ammazzarlo", "vado domani a…". */
const LINKS: ReadonlySet<string> = new Set(["a", "ad", "di", "per", "proprio", "davvero", "subito", "io", "noi"]);

/** An infinitive, or a word the extract does not hold that looks like one ("scoprire", "raggiungere"). */
const isInfinitive = (t: Token) =>
  t.analyses.some((m) => m.pos === "verb" && m.mood === "inf") ||
  (t.analyses.length === 0 && t.kind === "word" && t.form.length >= 5 && /(?:are|ere|ire)$/.test(t.form));

/** What a governing token makes of the infinitive it governs, if it governs one. */
function governs(a: Analysis, g: Token, depth: number): Intent | undefined {
  if (inScope(g, "negated") && !(g.form === "ora" && a.tokens[g.index - 1]?.form === "l'")) return undefined;
  if (INTENT_NOUNS.has(g.form)) {
    const before = a.tokens.slice(Math.max(0, g.index - 3), g.index);
    // "ho voglia di", "mi viene voglia di": a first-person verb, or the speaker's dative before it.
    if (before.some((t) => t.form === "mi" || t.analyses.some((m) => m.pos === "verb" && m.person === 1)))
      return "speaker";
  }
  if (isInfinitive(g) && g.analyses.length === 0 && depth < 3) return governorOf(a, g.index, depth + 1);
  for (const m of g.analyses) {
    if (m.pos !== "verb") continue;
    if (m.mood === "inf" && depth < 3) {
      // "sto per andare in municipio a rompere…": the infinitive in between has a governor of its own.
      const up = governorOf(a, g.index, depth + 1);
      if (up) return up;
    }
    if (m.lemma === "potere" && m.person === 1) return "possible";
    if (SPEAKER_GOVERNORS.has(m.lemma) && m.person === 1) return "speaker";
    if (MOTION.has(m.lemma)) {
      if (isFirstPersonNowOrLater(m)) return "speaker";
      if (m.mood === "impr" || m.mood === "sub") return "incitement";
    }
    if (CALL_GOVERNORS.has(m.lemma) && m.person !== 1 && m.person !== 2) return "incitement";
    if (m.lemma === "dovere" && m.person === 3) return "incitement";
    // "ho deciso di", "ho giurato che": the participle after a first-person auxiliary.
    if (m.mood === "part" && SPEAKER_GOVERNORS.has(m.lemma)) {
      const aux = a.tokens[g.index - 1];
      if (aux?.analyses.some((r) => r.lemma === "avere" && r.person === 1)) return "speaker";
    }
  }
  return undefined;
}

/**
 * The intent that governs the infinitive at `head`: the verb or noun it depends on ("voglio ammazzarlo", "ho
 * intenzione di…", "andate a…", "è da impiccare"), through a coordination ("voglio trovarlo e spezzargli le
 * gambe") and through another infinitive ("sto per andare a…").
 */
function governorOf(a: Analysis, head: number, depth = 0): Intent | undefined {
  const s = sentenceRange(a, head);
  let i = head - 1;
  const previous = a.tokens[i];
  // "{X} è da ammazzare", "tutti da impiccare": the infinitive of what ought to be done to someone.
  if (previous?.form === "da") return "incitement";
  let steps = 0;
  for (; i >= s.first && steps < 8; i--, steps++) {
    const t = a.tokens[i] as Token;
    if (t.kind === "punct" && t.form !== ",") break;
    const found = governs(a, t, depth);
    if (found) return found;
    // "…e spezzargli le gambe": the infinitive it is coordinated with has the governor.
    if ((t.form === "e" || t.form === "and") && depth < 3) {
      for (let k = i - 1; k >= s.first && k >= i - 12; k--) {
        const c = a.tokens[k] as Token;
        if (isInfinitive(c)) return governorOf(a, k, depth + 1);
      }
      break;
    }
    if (t.analyses.some((m) => m.pos === "verb" && m.person !== undefined) && !LINKS.has(t.form)) break;
  }
  return undefined;
}

/** English: "I'll", "I will", "I'm going to", "we gonna", "someone should", "they deserve to". */
function englishIntent(a: Analysis, from: number, to: number): Intent | undefined {
  for (let i = to - 1; i >= from; i--) {
    const t = a.tokens[i] as Token;
    if (t.form === "i'll" || t.form === "we'll") return "speaker";
    if (["will", "gonna", "going", "coming", "wanna", "want", "shall", "gotta"].includes(t.form)) {
      for (let k = i - 1; k >= Math.max(from, i - 3); k--) {
        const p = a.tokens[k] as Token;
        if (["i", "i'm", "im", "we", "we're"].includes(p.form)) return "speaker";
      }
    }
    if (t.form === "should" || t.form === "must" || t.form === "deserve" || t.form === "deserves") return "incitement";
    // "let's go kill…"; "somebody needs to", "someone ought to" (a call), "I need to" (the speaker's own).
    if (t.form === "let's" || t.form === "lets") return "incitement";
    if (["need", "needs", "ought", "has", "have"].includes(t.form) && a.tokens[i + 1]?.form === "to") {
      const subject = a.tokens[i - 1]?.form ?? "";
      if (subject === "i" || subject === "we") return "speaker";
      if (t.form !== "have") return "incitement";
    }
  }
  return undefined;
}

/** Articles before a word that is both a noun and a verb ("un incendio", "the fire"); not "lo"/"la", also clitics. */
const ARTICLES: ReadonlySet<string> = new Set([
  "un",
  "uno",
  "una",
  "un'",
  "il",
  "i",
  "l'",
  "del",
  "dell'",
  "della",
  "dello",
  "nel",
  "nell'",
  "al",
  "allo",
  "alla",
  "ai",
  "alle",
  "col",
  "sul",
  "sulla",
  "nella",
  "dalla",
  "dal",
  "dall'",
  "questo",
  "quest'",
  "quel",
  "quell'",
  "the",
  "a",
  "an",
]);

/** English articles: they make a noun only of a word with an English reading ("a fire"; Italian "a" is "to"). */
const ENGLISH_ARTICLES: ReadonlySet<string> = new Set(["the", "a", "an"]);

/** Why the action at `m` is meant: the speaker's own (1st person), a call to others (imperative), or intent. */
function intentOf(a: Analysis, m: LexiconMatch, clause: { first: number }): Intent | undefined {
  const head = a.tokens[m.first] as Token;
  // "Incendio di sterpaglie": a noun before "di", not "I set fire".
  if (
    head.analyses.some((r) => r.pos === "noun") &&
    /^d(?:i|el|ell'|ella|ello|ei|egli|elle)$/.test(a.tokens[m.last]?.form ?? "")
  )
    return undefined;
  // "un incendio in via Roma", "al freddo": after an article the word is the noun, not "io incendio", "io freddo".
  // Likewise a danger named before "in corso" or a place ("Incendio in corso sulle colline"): the report of one.
  const nominal = head.analyses.some((r) => r.pos === "noun" || r.pos === "adj");
  const next = a.tokens[m.last];
  const aPlaceNext = next?.form === "in" || (next?.analyses.some((r) => r.pos === "prep") ?? false);
  const previous = a.tokens[m.first - 1]?.form ?? "";
  const article =
    ARTICLES.has(previous) && (!ENGLISH_ARTICLES.has(previous) || head.analyses.some((r) => r.lang === "en"));
  // "che freddo!": an exclamation ends there; "che brucio la sede" goes on to an object.
  const exclaimed =
    previous === "che" && !next?.analyses.some((r) => r.pos === "det" || r.pos === "clitic" || r.pos === "prep");
  if (nominal && (article || exclaimed || (aPlaceNext && matchesIn(a, "hazard", m).length > 0))) return undefined;
  const readings = head.analyses.filter((r) => r.pos === "verb");
  // "morto di freddo", "pieno di botte": after "di" a finite form is a noun the extract does not hold.
  if (previous === "di" && !isInfinitive(head)) return undefined;
  if (readings.some(isFirstPersonNowOrLater)) return "speaker";
  const s = sentenceRange(a, m.first);
  if (head.analyses.some((r) => r.lang === "en")) {
    const english = englishIntent(a, Math.max(s.first, m.first - 12), m.first);
    if (english) return english;
  }
  if (isInfinitive(head)) {
    const governed = governorOf(a, m.first);
    if (governed) return governed;
    // "Ammazzarli tutti", "impiccarlo in piazza": an infinitive that opens its sentence with its victim on it is
    // an exhortation, like an imperative.
    if (head.clitics.some((c) => OBJECT_CLITICS.has(c)) && opensClause(a, sentenceRange(a, m.first).first, m.first))
      return "incitement";
  }
  if (readings.some((r) => r.mood === "part")) {
    for (let i = m.first - 1; i >= Math.max(clause.first, m.first - 8); i--) {
      const t = a.tokens[i] as Token;
      // "voglio vedere il sindaco appeso", "spero di vederli impiccati": the speaker's wish.
      if (t.analyses.some((r) => r.lemma === "vedere" && r.pos === "verb") && governorOf(a, i) === "speaker")
        return "speaker";
      if (t.analyses.some((r) => r.lemma === "andare" && r.pos === "verb" && r.person !== 1)) return "incitement";
      if (t.analyses.some((r) => r.lemma === "meritare" || r.lemma === "bisognare")) return "incitement";
    }
  }
  if (
    readings.some((r) => r.mood === "impr" && (r.person === 2 || r.person === 1)) &&
    opensClause(a, clause.first, m.first)
  )
    return "incitement";
  // "prima o poi qualcuno lo farà fuori": someone else's act foretold, a veiled threat.
  if (
    readings.some((r) => r.mood === "ind" && r.tense === "fut" && r.person === 3) &&
    callsOnOthers(a, clause.first, m.first)
  )
    return "possible";
  // "qualcuno lo ammazzi", "che li impicchino": a subjunctive call on a third person.
  if (readings.some((r) => r.mood === "sub" && r.person === 3) && callsOnOthers(a, clause.first, m.first))
    return "incitement";
  return undefined;
}

/** Words an imperative may follow at the head of its clause: "e ora ammazzatelo", "dai, sparategli". */
const BEFORE_IMPERATIVE: ReadonlySet<string> = new Set([
  "e",
  "ora",
  "adesso",
  "dai",
  "forza",
  "allora",
  "su",
  "tutti",
  "voi",
]);

/**
 * An imperative opens its clause ("Investite quel consigliere", "@mario ammazzalo"); "questa curva ammazza
 * qualcuno" is the third person of the same form.
 */
function opensClause(a: Analysis, from: number, head: number): boolean {
  for (let i = from; i < head; i++) {
    const t = a.tokens[i] as Token;
    if (t.kind === "mention" || t.kind === "punct" || BEFORE_IMPERATIVE.has(t.form)) continue;
    if (t.analyses.some((r) => r.pos === "clitic" || r.pos === "intj")) continue;
    return false;
  }
  return true;
}

/** A subjunctive is a call when the clause opens with "che" or "qualcuno", or after a first-person wish. */
function callsOnOthers(a: Analysis, from: number, to: number): boolean {
  const first = a.tokens[from];
  if (first?.form === "che" || first?.form === "qualcuno") return true;
  for (let i = sentenceRange(a, to).first; i < to; i++) {
    const t = a.tokens[i] as Token;
    if (t.form === "qualcuno") return true;
    if (t.analyses.some((r) => (r.lemma === "sperare" || r.lemma === "augurare") && r.person === 1)) return true;
  }
  return false;
}

/** The action's target: in the clause around it; for a passive call ("vanno impiccati") the whole sentence. */
function targetOf(a: Analysis, m: LexiconMatch, clause: { first: number; last: number }): Target | undefined {
  const head = a.tokens[m.first] as Token;
  // "L'assessore ai lavori pubblici è da picchiare": the subject of "è da" may stand at the head of the clause.
  const reach = a.tokens[m.first - 1]?.form === "da" ? clause.first : Math.max(clause.first, m.first - 4);
  const before = targetIn(a, reach, m.first);
  const onHead = targetIn(a, m.first, m.first + 1);
  const after = targetIn(a, m.last, clause.last);
  const found = onHead ?? before ?? after ?? topicBefore(a, m.first);
  // "Le zanzare le sterminerei tutte": the pronoun points back at animals, not at people.
  if (found?.kind === "clitic" && matchesIn(a, "nonhuman", { first: clause.first, last: m.first }).length > 0)
    return undefined;
  if (found) return found;
  if (head.analyses.some((r) => r.mood === "part")) {
    const s = sentenceRange(a, m.first);
    return targetIn(a, s.first, s.last);
  }
  return undefined;
}

/**
 * The topic named just before, in a fragment with no verb of its own: "Il sindaco? Da ammazzare.", "Quel vigile:
 * io lo sgozzerei". Only when the action's sentence names no one itself.
 */
function topicBefore(a: Analysis, i: number): Target | undefined {
  const s = a.sentences[(a.tokens[i] as Token).sentence - 1];
  if (!s) return undefined;
  const words = a.tokens.slice(s.first, s.last).filter((t) => t.kind === "word");
  if (words.length === 0 || words.length > 8) return undefined;
  if (words.some((t) => t.analyses.some((r) => r.pos === "verb" && r.person !== undefined) && !isNounToo(t)))
    return undefined;
  return targetIn(a, s.first, s.last);
}

/** "Il tecnico venuto ieri": a word read as a noun or a participle, not a finite verb ("vigile", "consigliere"). */
const isNounToo = (t: Token) => t.analyses.some((r) => r.pos === "noun" || r.pos === "adj");

/** Burning or blowing up the town hall, an office, a school: the people inside are the target (`object=any`). */
function premisesOf(a: Analysis, m: LexiconMatch, clause: { first: number; last: number }): Target | undefined {
  if (tagValue(m.entry, "object") !== "any") return undefined;
  const p = matchesIn(a, "premises", { first: m.last, last: clause.last })[0];
  return p ? { start: p.start, end: p.end, kind: "group" } : undefined;
}

/**
 * A manner that makes its verb violent ("lo tiro giù dal pullman a calci", "li cacciamo a sprangate"): the action
 * is the nearest verb before it in the clause, whatever that verb is.
 */
function withItsVerb(a: Analysis, m: LexiconMatch): LexiconMatch | undefined {
  const clause = clauseRange(a, m.first);
  for (let i = m.first - 1; i >= Math.max(clause.first, m.first - 6); i--) {
    const t = a.tokens[i] as Token;
    const verb = t.analyses.find((r) => r.pos === "verb");
    // "alla porta": after an article or a preposition with one, the word is a noun the extract does not hold.
    if (ARTICLES.has(a.tokens[i - 1]?.form ?? "")) continue;
    if (verb && !t.analyses.some((r) => r.pos === "prep" || r.pos === "det"))
      return { ...m, first: i, start: t.start, head: verb };
  }
  return undefined;
}

/** "mi ammazzo dalle risate", "ti ammazzo di baci", "ammazzare il tempo": right after the action. */
const isFigure = (a: Analysis, m: LexiconMatch) =>
  a.matches.some((f) => f.entry.cls === "figure" && f.first >= m.last && f.first <= m.last + 2);

function violentAction(a: Analysis): Finding | undefined {
  let veiled: Finding | undefined;
  for (const found of a.matches) {
    if (found.entry.cls !== "violence") continue;
    const m = found.entry.tags.includes("manner") ? withItsVerb(a, found) : found;
    if (!m) continue;
    const head = a.tokens[m.first] as Token;
    if (inScope(head, "negated") || isFigure(a, m)) continue;
    // A closed-class word is that word, not a rarer verb of the same form: "da meno di un anno" is no "menare".
    if (head.analyses.some((r) => r.pos === "adv" || r.pos === "prep" || r.pos === "conj" || r.pos === "det")) continue;
    // Someone else's threat is the author's when the author adopts it: "…: ha ragione, lo faccio io".
    const adopted = isSomeoneElses(head) ? endorsementAfter(a, m.last) : undefined;
    if (isSomeoneElses(head) && !adopted) continue;
    // "vi faremo a pezzi alle urne", "lo distruggo in tribunale": opinion by a lawful means in the action's clause.
    if (byLawfulMeans(a, clauseRange(a, m.first))) continue;
    // "investire" is violent only with a vehicle in the sentence: `with=vehicle`.
    const needs = tagValue(m.entry, "with");
    if (needs && matchesIn(a, needs, sentenceRange(a, m.first)).length === 0) continue;
    const clause = clauseRange(a, m.first);
    // "gli spezzo le gambe", "I'll break his legs": a body part makes a verb of breaking violent, and strong.
    const body = matchesIn(a, "body-part", { first: m.last, last: Math.min(clause.last, m.last + 7) }).length > 0;
    if (tagValue(m.entry, "object") === "body" && !body) continue;
    const strong = m.entry.strength === "strong" || body;
    const intent = adopted ? (adopted.entry.strength === "strong" ? "speaker" : "incitement") : intentOf(a, m, clause);
    if (!intent) continue;
    const target = targetOf(a, m, clause) ?? premisesOf(a, m, clause);
    const passive = head.analyses.some((r) => r.mood === "part") && (tagValue(m.entry, "object") === "human" || body);
    if (!target && !passive) continue;
    // A mild action is clear-cut when the speaker says he will do it ("lo prendo a pugni"), not when he would,
    // and when others are called to do it to one identifiable person ("andiamo a prenderlo a calci, il sindaco"),
    // not to an unnamed group ("qualcuno li prenda a calci tutti").
    const own = intent === "speaker" && !wouldOnly(a, head, clause.first);
    const atOne =
      intent === "incitement" && namesOnePerson(a, sentenceRange(a, m.first)) && !wished(a, head, clause.first);
    const clearCut = intent !== "possible" && target !== undefined && (strong || own || atOne) && !asked(a, head);
    const evidence = target ? { start: Math.min(m.start, target.start), end: Math.max(m.end, target.end) } : m;
    if (clearCut) return finding("threat", "threat.explicit", true, evidence, 0.9);
    veiled ??= finding("threat", "threat.veiled", false, evidence, 0.6);
  }
  return veiled;
}

/**
 * The speaker says he would, not that he will: the action or a first-person verb before it in its clause is a
 * conditional ("lo prenderei a calci", "vorrei prenderlo a calci"; not "vado a prenderlo a calci").
 */
function wouldOnly(a: Analysis, head: Token, from: number): boolean {
  const conditional = (t: Token) => t.analyses.some((r) => r.pos === "verb" && r.mood === "cond" && r.person === 1);
  if (conditional(head) || !head.analyses.some((r) => r.pos === "verb")) return true;
  return a.tokens.slice(from, head.index).some(conditional);
}

/** A call put as what would be right, not as one to act: "andrebbe preso a calci", "qualcuno dovrebbe prenderlo". */
function wished(a: Analysis, head: Token, from: number): boolean {
  return a.tokens
    .slice(from, head.index + 1)
    .some((t) => t.analyses.some((r) => r.pos === "verb" && r.mood === "cond"));
}

const ONE_PERSON: ReadonlySet<Target["kind"]> = new Set(["person", "official", "mention", "name"]);

/** The range names one identifiable person: a role singled out, an official, an @name, a proper name. */
function namesOnePerson(a: Analysis, r: { first: number; last: number }): boolean {
  for (let i = r.first; i < r.last; i++) {
    const t = targetIn(a, i, i + 1);
    // "il sindaco", not "certi candidati".
    const one = (a.tokens[i] as Token).analyses.every((r) => r.number !== "p");
    if (t && ONE_PERSON.has(t.kind) && one) return true;
  }
  return false;
}

/**
 * The action itself is asked, not only a clause after it: "vuoi che ti ammazzi?" is asked, "let's go kill him,
 * who's with me?" is a call followed by a question of its own.
 */
function asked(a: Analysis, head: Token): boolean {
  if (!inScope(head, "question")) return false;
  const c = clauseRange(a, head.index);
  const s = sentenceRange(a, head.index);
  const after = a.tokens.slice(c.last, s.last).filter((t) => t.kind === "word");
  return after.length <= 1;
}

/** The range names a lawful or political means (lexicons/lawful-means.txt): "alle elezioni", "in tribunale". */
const byLawfulMeans = (a: Analysis, range: { first: number; last: number }): boolean =>
  matchesIn(a, "lawful-means", range).length > 0;

/** Verbs of putting a weapon to use: "metto una bomba", "lancio una molotov", "uso il coltello". */
const PLACING: ReadonlySet<string> = new Set(["mettere", "lanciare", "tirare", "usare", "nascondere"]);

const MOVING = [
  "venire",
  "andare",
  "arrivare",
  "passare",
  "tornare",
  "portare",
  "salire",
  "entrare",
  "presentare",
  "aspettare",
];

/** Coming armed ("lunedì verrò in comune con una tanica di benzina"), or wishing a bullet on someone. */
function armedOrWished(a: Analysis): Finding | undefined {
  for (const m of a.matches) {
    if (m.entry.cls !== "weapon" && m.entry.cls !== "harm") continue;
    const tokens = a.tokens.slice(Math.max(sentenceRange(a, m.first).first, m.first - 10), m.first);
    const negated = (t: Token) => inScope(t, "negated") || isSomeoneElses(t);
    const moving = tokens.find(
      (t) =>
        !negated(t) &&
        t.analyses.some(
          (r) =>
            MOVING.includes(r.lemma) &&
            (isFirstPersonNowOrLater(r) || (r.mood === "inf" && governorOf(a, t.index) === "speaker")),
        ),
    );
    // "le luci sono una bomba", "quel concerto è una bomba": a weapon said of something is praise.
    if (
      m.entry.cls === "weapon" &&
      m.first >= 2 &&
      isCopula(a, m.first - 2) &&
      /^un[a']?$/.test(a.tokens[m.first - 1]?.form ?? "")
    )
      continue;
    if (m.entry.cls === "weapon" && moving)
      return finding("threat", "threat.armed", true, { start: moving.start, end: m.end });
    // "stanotte metto una bomba sotto il municipio", "piazzo dell'esplosivo davanti al comando": placed at people.
    const s = sentenceRange(a, m.first);
    const placing = tokens.find(
      (t) => !negated(t) && t.analyses.some((r) => PLACING.has(r.lemma) && isFirstPersonNowOrLater(r)),
    );
    const aimed = matchesIn(a, "premises", s).length > 0 || targetIn(a, m.last, s.last) !== undefined;
    if (m.entry.cls === "weapon" && placing && aimed)
      return finding("threat", "threat.armed", true, { start: placing.start, end: m.end });
    if (m.entry.cls === "weapon" && !m.entry.tags.includes("tool")) {
      // "ho la tanica pronta. Lunedì l'ufficio non riapre", "la risolverei con una molotov nell'ufficio di chi…":
      // a firearm or a bomb in the speaker's plans, and people or premises named there or in the next sentence.
      const own = a.tokens
        .slice(s.first, s.last)
        .find((t) => !negated(t) && t.analyses.some((r) => r.pos === "verb" && isFirstPersonNowOrLater(r)));
      const next = a.sentences[(a.tokens[m.first] as Token).sentence + 1];
      // Premises or someone named: not "chi" ("le bombe per capodanno, chi ne vuole…").
      const there = (r: { first: number; last: number }) =>
        matchesIn(a, "premises", r).length > 0 ||
        ((targetIn(a, r.first, r.last)?.kind ?? "pronoun") !== "pronoun" && matchesIn(a, "nonhuman", r).length === 0);
      if (own && (there(s) || (next && there(next))))
        return finding("threat", "threat.armed", true, {
          start: Math.min(own.start, m.start),
          end: Math.max(own.end, m.end),
        });
    }
    // "Andiamo sotto casa del presidente. Portate i bastoni": a call to come armed.
    const call = a.tokens
      .slice(s.first, m.first)
      .find(
        (t) => !negated(t) && t.analyses.some((r) => MOVING.includes(r.lemma) && r.mood === "impr" && r.number === "p"),
      );
    if (m.entry.cls === "weapon" && call && targetIn(a, 0, a.tokens.length))
      return finding("threat", "threat.armed", true, { start: call.start, end: m.end });
    // "Morte a chi ha tagliato le corse", "a morte il sindaco": a death called for at the head of the sentence.
    if (m.entry.cls === "harm" && m.first === s.first && !negated(a.tokens[m.first] as Token)) {
      const after = a.tokens[m.last];
      const from = after && DATIVE.has(after.form) ? m.last + 1 : m.last;
      const target = targetIn(a, from, Math.min(s.last, from + 2));
      const human = target && target.kind !== "name" && matchesIn(a, "nonhuman", s).length === 0;
      if (human) return finding("threat", "threat.wished-harm", true, { start: m.start, end: target.end });
    }
    const deserves = tokens.find(
      (t) => !negated(t) && t.analyses.some((r) => r.lemma === "meritare" && r.person !== 1),
    );
    if (m.entry.cls === "harm" && deserves)
      return finding("threat", "threat.wished-harm", true, { start: deserves.start, end: m.end });
  }
  return undefined;
}

/** "so dove abiti", "te la farò pagare" (clear-cut); "te ne pentirai", "guardati le spalle" (veiled). */
function intimidation(a: Analysis): Finding | undefined {
  let veiled: Finding | undefined;
  const warns = a.matches.some((h) => h.entry.cls === "hazard" || h.entry.cls === "structure");
  for (const m of matchesIn(a, "intimidation", { first: 0, last: a.tokens.length })) {
    const head = a.tokens[m.first] as Token;
    if (inScope(head, "negated") || isSomeoneElses(head)) continue;
    const person = tagValue(m.entry, "person");
    const words = a.tokens.slice(m.first, m.last);
    // "qualcuno prima o poi gliela farà pagare": the speaker's own intimidation foretold of someone, veiled.
    const foretold =
      person === "1" &&
      words.some((t) => t.analyses.some((r) => r.pos === "verb" && r.tense === "fut" && r.person === 3)) &&
      callsOnOthers(a, clauseRange(a, m.first).first, m.first);
    if (
      person &&
      !foretold &&
      !words.some((t) => t.analyses.some((r) => r.pos === "verb" && String(r.person) === person))
    )
      continue;
    if (m.entry.tags.includes("target")) {
      const clause = clauseRange(a, m.first);
      // "Il prossimo vigile che mi multa finisce dritto all'ospedale": the subject may head the sentence.
      const near = targetIn(a, Math.max(clause.first, m.first - 3), Math.min(clause.last, m.last + 3));
      if (!near && !targetIn(a, sentenceRange(a, m.first).first, m.first)) continue;
    }
    if (m.entry.strength === "strong" && !foretold && !inScope(head, "question"))
      return finding("threat", "threat.intimidation", true, m, 0.9);
    // "Stai attento quando esci la sera: c'è ghiaccio": a warning about a danger, not a threat; "te la faremo
    // pagare alle urne": a political means.
    if (warns || byLawfulMeans(a, sentenceRange(a, m.first))) continue;
    veiled ??= finding("threat", "threat.veiled", false, m, 0.6);
  }
  return veiled;
}

const DATIVE: ReadonlySet<string> = new Set(["a", "al", "allo", "alla", "all'", "ai", "agli", "alle", "to"]);
const GENITIVE: ReadonlySet<string> = new Set(["del", "dello", "della", "dell'", "dei", "degli", "delle", "di", "of"]);

/** Whom a misfortune befalls: "a chi ha deciso", "al sindaco", "gli crolli", "la macchina del comandante". */
function befalls(a: Analysis, m: LexiconMatch, s: { first: number; last: number }): Target | undefined {
  const onHead = targetIn(a, Math.max(s.first, m.first - 2), m.first + 1);
  if (onHead?.kind === "clitic") return onHead;
  for (let i = s.first; i < s.last; i++) {
    const t = a.tokens[i] as Token;
    if (DATIVE.has(t.form) || GENITIVE.has(t.form)) {
      const target = targetIn(a, i + 1, Math.min(s.last, i + 3));
      if (target && target.kind !== "clitic") return target;
    }
  }
  return undefined;
}

/**
 * A misfortune wished or foretold on someone: "spero che a chi ha deciso esploda la macchina", "sarebbe un peccato
 * se la macchina del comandante prendesse fuoco", "prima o poi al sindaco capiterà un brutto incidente". A wished
 * death is clear-cut; the rest is veiled (a human decides, staff are alerted).
 */
function wishedMisfortune(a: Analysis): Finding | undefined {
  for (const m of a.matches) {
    if (m.entry.cls !== "misfortune") continue;
    const head = a.tokens[m.first] as Token;
    if (inScope(head, "negated") || isSomeoneElses(head)) continue;
    const s = sentenceRange(a, m.first);
    const wish = matchesIn(a, "wish", { first: s.first, last: m.first }).find((w) => {
      const t = a.tokens[w.first] as Token;
      const person = w.head?.person;
      return !inScope(t, "negated") && !isSomeoneElses(t) && (person === undefined || person === 1);
    });
    if (!wish) continue;
    const target = befalls(a, m, s);
    if (!target) continue;
    const span = { start: Math.min(wish.start, target.start), end: Math.max(m.end, target.end) };
    if (m.entry.strength === "strong" && !inScope(head, "question"))
      return finding("threat", "threat.wished-death", true, span, 0.85);
    return finding("threat", "threat.wished-misfortune", false, span, 0.6);
  }
  return undefined;
}

const KNOWING: ReadonlySet<string> = new Set(["sapere", "conoscere"]);
const ASKING_WHERE: ReadonlySet<string> = new Set(["dove", "dov'", "quando", "ora", "orari", "strada"]);
const THEIR: ReadonlySet<string> = new Set([
  "tua",
  "tuo",
  "tue",
  "tuoi",
  "sua",
  "suo",
  "sue",
  "suoi",
  "vostra",
  "vostro",
]);

/**
 * Knowing where or when someone can be found, said by the speaker: "so dove abita", "so quando finisce il turno
 * l'assessore", "conosco la scuola di tua figlia", "la strada di casa tua la conosco". Veiled (a human decides,
 * staff are alerted); clear-cut with a weapon in the same item ("tengo la pistola nel cassetto e so…").
 */
function knowsWhereabouts(a: Analysis): Finding | undefined {
  for (const m of a.matches) {
    if (m.entry.cls !== "whereabouts") continue;
    const head = a.tokens[m.first] as Token;
    if (inScope(head, "negated") || inScope(head, "question") || isSomeoneElses(head)) continue;
    const clause = clauseRange(a, m.first);
    // "so quando rientra": "quando" opens a clause of its own, the knower stands just before it.
    const knower = a.tokens
      .slice(Math.max(sentenceRange(a, m.first).first, m.first - 8), clause.last)
      .find(
        (t) =>
          !inScope(t, "negated") &&
          t.analyses.some((r) => KNOWING.has(r.lemma) && r.person === 1 && r.mood === "ind" && r.tense === "pres"),
      );
    if (!knower) continue;
    const verb = m.head?.pos === "verb";
    const aimed = verb
      ? m.head?.person !== 1 &&
        m.head?.person !== undefined &&
        a.tokens.slice(knower.index + 1, m.first).some((t) => ASKING_WHERE.has(t.form))
      : a.tokens
          .slice(Math.max(clause.first, m.first - 3), Math.min(clause.last, m.last + 3))
          .some((t) => THEIR.has(t.form));
    if (!aimed) continue;
    const span = { start: Math.min(knower.start, m.start), end: Math.max(knower.end, m.end) };
    const armed = a.matches.some((w) => w.entry.cls === "weapon" && !inScope(a.tokens[w.first] as Token, "negated"));
    if (armed) return finding("threat", "threat.armed-knowledge", true, span, 0.9);
    // "so dove abiti", "so dove abita il sindaco. Pensateci": told to the person's face, or with a warning.
    const addressed = verb && m.head?.person === 2;
    if (addressed || warnedElsewhere(a, head.sentence))
      return finding("threat", "threat.knows-whereabouts", true, span, 0.85);
    return finding("threat", "threat.knows-whereabouts", false, span, 0.6);
  }
  return undefined;
}

/**
 * Another sentence warns the reader: an imperative ("pensateci", "stai attento"), its formal form opening a clause
 * (the subjunctive: "ci pensi bene", "stia attento"), or an intimidation.
 */
function warnedElsewhere(a: Analysis, sentence: number): boolean {
  const warns = (t: Token) =>
    t.analyses.some(
      (r) =>
        r.pos === "verb" &&
        ((r.mood === "impr" && r.person === 2) ||
          (r.mood === "sub" &&
            r.tense === "pres" &&
            r.person === 3 &&
            opensClause(a, clauseRange(a, t.index).first, t.index))),
    ) || a.matches.some((m) => m.first === t.index && m.entry.cls === "intimidation");
  return a.tokens.some((t) => t.sentence !== sentence && !inScope(t, "negated") && warns(t));
}

/** Foreign negations that deny a threat phrase right after them ("no te voy a matar", "nu te omor"). */
const FOREIGN_NEGATIONS: ReadonlySet<string> = new Set(["no", "nu", "nuk", "s'", "ne", "nie", "nicht", "nao"]);

/**
 * A threat in a language without morphology here (lexicons/foreign-threat.txt): the speaker's own violent act as
 * written ("je vais te tuer", "vă sparg capul", "do ta djeg", "سأحرق"), unless someone else's or denied.
 */
function foreignThreat(a: Analysis): Finding | undefined {
  for (const m of a.matches) {
    if (m.entry.cls !== "foreign-threat") continue;
    const head = a.tokens[m.first];
    if (head && (isSomeoneElses(head) || FOREIGN_NEGATIONS.has(a.tokens[m.first - 1]?.form ?? ""))) continue;
    return finding("threat", "threat.foreign", true, m, 0.85);
  }
  return undefined;
}

export function detectThreat(a: Analysis): Finding[] {
  const found = violentAction(a) ?? foreignThreat(a) ?? armedOrWished(a) ?? wishedMisfortune(a) ?? knowsWhereabouts(a);
  if (found?.clearCut) return [found];
  const intimidating = intimidation(a);
  const best = intimidating?.clearCut ? intimidating : (found ?? intimidating);
  return best ? [best] : [];
}
