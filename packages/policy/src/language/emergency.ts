import type { Finding } from "../detector";
import { finding, LEXICON } from "./analyse";
import { inScope, type LexiconMatch, type Token } from "./analysis";
import { tagValue } from "./lexicon-file";
import { isStrong, type Marks, overlaps } from "./marks";

/**
 * An emergency is a danger to people or property happening now (guide), named or described by its effect, in
 * any language. The frame, per sentence (lexicon classes in brackets):
 * - a danger named by a strong word (hazard: incendio, fuga di gas), or by an everyday one (acqua, fumo) that
 *   moves, spreads or happens now (hazard-motion, a present progressive, now);
 * - something that falls or gives way (structure + hazard-motion: "è caduto un albero");
 * - an effect on a person (danger-effect): strong by itself (non respira, incastrato), mild (caduto, bloccato)
 *   beside a person (person-at-risk), a call for help, an emergency service or a "now";
 * - a vulnerable person who cannot be found (missing + person-at-risk);
 * - a cry for help (help-call) in another language, or shouted beside a danger.
 * A sentence that puts the event in the past or makes it recurring (past: "ieri", "ogni volta che piove")
 * reports nothing now; neither does a danger in a hypothesis, a wish or a drill (the hypothetical scope,
 * unreal), or under a negation ("nessun ferito").
 */
export function detectEmergency(marks: Marks): Finding[] {
  const evidence = findEmergency(marks);
  return evidence ? [finding("emergency", "emergency.report", true, evidence, 0.9)] : [];
}

/** The danger effects of sentence `s`, then the foreign ones that negate a vital function ("non respira"). */
const effectsIn = (marks: Marks, negatedEffects: readonly LexiconMatch[], s: number) => [
  ...marks.of("danger-effect", s),
  ...negatedEffects.filter((e) => marks.sentenceOf(e) === s),
];

function findEmergency(marks: Marks): LexiconMatch | undefined {
  const help = marks.of("help-call").find((m) => isStrong(m) || shouted(marks, m));
  const negatedEffects = foreignEffects(marks);
  // Most comments name no danger at all: only the sentences that do are read.
  const candidates = new Set<number>(negatedEffects.map((e) => marks.sentenceOf(e)));
  for (const cls of ["hazard", "structure", "danger-effect", "missing"])
    for (const m of marks.of(cls)) candidates.add(marks.sentenceOf(m));
  // "L'hanno spento", "sta bene", "tutto risolto": what is over is told, not reported.
  const over = marks.of("resolved").filter((r) => !inScope(marks.head(r), "negated"));
  for (const s of [...candidates].sort((x, y) => x - y)) {
    // In a question, "ancora" or "adesso" is rhetoric ("quante frane devono ancora venire giù?"), not a report.
    const now = !marks.a.sentences[s]?.question && marks.has("now", s, true);
    const progressive = hasProgressive(marks, s);
    if (over.some((r) => marks.sentenceOf(r) === s) || (over.length > 0 && !progressive && !now)) continue;
    // "la vedete nel video mentre cade dal palco": a danger inside footage was filmed, not happening now.
    if (!now && !progressive && inFootage(marks, s)) continue;
    const told = inThePast(marks, s);
    // A motion tagged with=level ("arriva", "up to") moves a danger only when it reaches one ("alle finestre").
    const reaches = (m: LexiconMatch) => {
      const needs = tagValue(m.entry, "with");
      return !needs || marks.of(needs, s).some((l) => l.first >= m.last && l.first <= m.last + 3);
    };
    const motions = marks
      .of("hazard-motion", s)
      .filter((m) => happening(marks.head(m)) && !personal(marks.head(m)) && reaches(m));
    if (told === "strong" && !(now || progressive)) continue;
    // "dopo il temporale", "sempre": a past unless something moves now, or a person is in danger in it.
    const settled = told === "weak" && motions.length === 0;
    const moving = (m: LexiconMatch) => motions.some((x) => !overlaps(x, m));
    const called = help ?? marks.first("emergency-service", s);
    const live = (m: LexiconMatch) =>
      !unreal(marks, m) &&
      !negated(marks, m) &&
      present(marks, m) &&
      !figurative(marks, m) &&
      !impersonalEffect(marks, m);
    const people = marks.of("person-at-risk", s);
    const withPerson = (m: LexiconMatch) => people.some((p) => !overlaps(p, m)) || speaker(marks, m);
    if (settled) {
      // "non apre da due giorni, le luci sono sempre accese": a person's state that lasts (since) still counts.
      const lasting = marks.has("since", s);
      const effect = effectsIn(marks, negatedEffects, s).find(
        (e) => live(e) && (isStrong(e) || (lasting && withPerson(e))),
      );
      if (effect) return effect;
      continue;
    }

    for (const h of marks.of("hazard", s)) {
      if (!live(h)) continue;
      const effect = effectsIn(marks, negatedEffects, s)[0];
      const harmed = effect !== undefined && (isStrong(effect) || withPerson(effect));
      // "C'è fumo nelle scale", "acqua in cantina": an everyday danger inside a building where people are.
      const inside = marks.has("interior", s);
      if (isStrong(h) || moving(h) || progressive || now || called || harmed || inside) return h;
    }
    for (const e of effectsIn(marks, negatedEffects, s)) {
      if (!live(e)) continue;
      if (isStrong(e) || withPerson(e) || called || now) return e;
    }
    // A wall or a tree is a danger when it falls: the verb must say so, a "now" alone does not.
    const falling = marks.of("structure", s).find((m) => live(m) && moving(m));
    if (falling) return falling;
    const missing = marks.first("missing", s);
    if (missing && live(missing) && marks.has("person-at-risk")) return missing;
  }
  // A cry for help in another language stands alone; an Italian or English one needs a danger beside it.
  if (!help) return undefined;
  const story = marks.a.sentences.some((_, s) => inThePast(marks, s) === "strong");
  if (!story && (isStrong(help) || marks.has("hazard") || marks.has("danger-effect"))) return help;
  return undefined;
}

/** Stems of verbs of breathing, moving, answering, getting out, and negations, by language (foreign-effect.txt). */
const EFFECT_STEMS = LEXICON.filter((e) => e.cls === "foreign-effect" && e.tags.includes("stem")).map((entry) => ({
  entry,
  stem: entry.words.join(" "),
}));
const NEGATIONS = new Map(
  LEXICON.filter((e) => e.cls === "foreign-effect" && e.tags.includes("neg")).map((e) => [e.words[0] ?? "", e]),
);

/**
 * A negation joined to such a verb in a language without morphology here, in either order and within three
 * words: "nu mai respiră", "il ne respire plus", "kommen nicht raus". Read as a strong danger-effect.
 */
function foreignEffects(marks: Marks): LexiconMatch[] {
  const found: LexiconMatch[] = [];
  const { tokens } = marks.a;
  for (const n of tokens) {
    const negation = NEGATIONS.get(n.form);
    if (!negation) continue;
    for (let k = Math.max(0, n.index - 3); k < Math.min(tokens.length, n.index + 4); k++) {
      const t = tokens[k] as Token;
      if (t.sentence !== n.sentence || k === n.index) continue;
      const stem = EFFECT_STEMS.find((e) => e.entry.lang === negation.lang && t.form.startsWith(e.stem))?.entry;
      if (!stem) continue;
      const [first, last] = [Math.min(n.index, k), Math.max(n.index, k)];
      const { start } = tokens[first] as Token;
      found.push({ entry: stem, first, last: last + 1, start, end: (tokens[last] as Token).end, head: undefined });
      break;
    }
  }
  return found;
}

/**
 * Italian and English calls for help are everyday words ("esiste un aiuto?", "grazie dell'aiuto"): they alert
 * when shouted (an exclamation mark, capitals) or when they open or close the text on their own ("Aiuto, …").
 */
function shouted(marks: Marks, m: LexiconMatch): boolean {
  const text = marks.a.text;
  const word = text.slice(m.start, m.end);
  const after = text.slice(m.end);
  const alone = /^\s*[,!.]/.test(after) || after.trim() === "";
  const atAnEnd = text.slice(0, m.start).trim() === "" || after.trim() === "";
  return /^\s*!/.test(after) || (word.length > 2 && word === word.toUpperCase()) || (alone && atAnEnd);
}

/** "nel video", "in foto", "nella diretta di ieri": the sentence speaks of footage (media-reference.txt). */
const inFootage = (marks: Marks, s: number) =>
  marks
    .of("media-reference", s)
    .some((m) => m.entry.tags.includes("footage") && FOOTAGE_BEFORE.has(marks.a.tokens[m.first - 1]?.form ?? ""));
const FOOTAGE_BEFORE = new Set(["in", "nel", "nella", "nei", "nelle", "sul", "sulla", "dal", "dalla", "on"]);

const YEAR = /\b(?:19|20)\d\d\b/;

/**
 * "ieri", "ogni volta che piove", "nell'alluvione del 2014": a past or recurring event, not one happening now
 * (strong); "dopo il vento", "sempre": past unless something is moving now (weak).
 */
function inThePast(marks: Marks, s: number): "strong" | "weak" | undefined {
  if (marks.has("past", s, true) || YEAR.test(marks.sentenceText(s))) return "strong";
  return marks.has("past", s) ? "weak" : undefined;
}

/**
 * A verb that can be read as happening or just happened: present, imperative, gerund, participle; not a
 * future, conditional, subjunctive, infinitive, imperfect or remote past.
 */
function happening(t: Token): boolean {
  const verbs = t.analyses.filter((m) => m.pos === "verb");
  if (verbs.length === 0 || t.analyses.length > verbs.length) return true;
  return verbs.some(
    (m) => m.mood === "ger" || m.mood === "part" || m.mood === "impr" || (m.mood === "ind" && m.tense === "pres"),
  );
}

/**
 * The author is the person in danger: "siamo bloccati in macchina", "sono intrappolata nel sottopasso allagato";
 * where a danger, a vehicle or a "now" says so ("sono bloccato nella graduatoria" is no danger).
 */
function speaker(marks: Marks, m: LexiconMatch): boolean {
  const head = marks.head(m);
  const s = head.sentence;
  if (!marks.has("hazard", s) && !marks.has("vehicle", s) && !marks.has("structure", s) && !marks.has("now", s, true))
    return false;
  // "non riusciamo a scendere", "sono bloccato": the effect's verb, or the one before it, in the first person.
  const firstPerson = (t: Token | undefined) => t?.analyses.some((r) => r.pos === "verb" && r.person === 1) ?? false;
  if (firstPerson(head.form === "non" ? marks.a.tokens[m.first + 1] : head)) return true;
  for (let k = Math.max(0, m.first - 3); k < m.first; k++) {
    const t = marks.a.tokens[k] as Token;
    if (t.form === "siamo") return true;
    if (
      t.form === "sono" &&
      head.analyses.some((r) => r.number === "s") &&
      !head.analyses.some((r) => r.number === "p")
    )
      return true;
  }
  return false;
}

/** "quando esci", "entriamo": people moving (first or second person), not a danger that comes out or in. */
function personal(t: Token): boolean {
  const verbs = t.analyses.filter((m) => m.pos === "verb");
  return verbs.length > 0 && verbs.every((m) => m.person === 1 || m.person === 2);
}

/** The first verb of the match can be read as happening ("non riuscivo a uscire" is a story, "prendesse fuoco" a wish). */
function present(marks: Marks, m: LexiconMatch): boolean {
  for (let k = m.first; k < m.last; k++) {
    const t = marks.a.tokens[k] as Token;
    if (t.analyses.some((r) => r.pos === "verb") && t.analyses.every((r) => r.pos === "verb" || r.pos === "noun"))
      return happening(t);
  }
  return true;
}

/** A present progressive ("sta uscendo", "si stanno allargando", "is spreading"): something is happening now. */
function hasProgressive(marks: Marks, s: number): boolean {
  const sentence = marks.a.sentences[s];
  if (!sentence) return false;
  const { tokens } = marks.a;
  for (let i = sentence.first; i < sentence.last - 1; i++) {
    const t = tokens[i] as Token;
    // "the river is flooding the campsite", "flames are coming out": the English present progressive.
    const after = tokens[i + 1] as Token;
    if (ENGLISH_BE.has(t.form) && after.form.length > 4 && after.form.endsWith("ing")) return true;
    if (!PRESENT_STARE.has(t.form)) continue;
    let next = tokens[i + 1] as Token;
    if (CLITICS.has(next.form) && i + 2 < sentence.last) next = tokens[i + 2] as Token;
    const gerund = next.analyses.some((m) => m.mood === "ger") || /(?:ando|endo)$/.test(next.form);
    if (gerund && next.form !== "quando") return true;
  }
  return false;
}

/** Present forms of "stare" only: "la frana stava scendendo" is a story. */
const PRESENT_STARE = new Set(["sta", "stanno", "stiamo", "state", "sto", "stai"]);
const ENGLISH_BE = new Set(["is", "are", "am", "'s", "'re"]);
const CLITICS = new Set(["si", "ci", "mi", "ti", "vi", "ne", "lo", "la", "li", "le"]);

/**
 * Inside a hypothesis ("se vedete fumo") or right after one ("se nevica, chi toglie gli alberi caduti?"), or
 * after a wish, a risk or a drill in the same clause.
 */
function unreal(marks: Marks, m: LexiconMatch): boolean {
  const head = marks.head(m);
  if (inScope(head, "hypothetical")) return true;
  // The clause before is the protasis, unless this one turns away from it ("perdonate il disturbo, ma…").
  const before = marks.a.clauses[head.clause - 1];
  const opener = marks.a.tokens[marks.a.clauses[head.clause]?.first ?? m.first] as Token;
  if (before && before.sentence === head.sentence && !["ma", "pero", "but"].includes(opener.form))
    for (let k = before.first; k < before.last; k++)
      if (inScope(marks.a.tokens[k] as Token, "hypothetical")) return true;
  return marks.of("unreal").some((u) => u.start < m.start && marks.head(u).clause === head.clause);
}

/**
 * "In centro non si respira": an effect said of no one (an impersonal "si" the entry does not hold) is a figure
 * for the air or the mood, unless a person at risk is named beside it. "Non si muove" holds its "si".
 */
function impersonalEffect(marks: Marks, m: LexiconMatch): boolean {
  if (m.entry.cls !== "danger-effect" || m.entry.words.includes("si")) return false;
  const { tokens } = marks.a;
  for (let k = m.first; k < m.last; k++)
    if ((tokens[k] as Token).form === "si") return !marks.has("person-at-risk", marks.sentenceOf(m));
  return false;
}

/** "un incendio di polemiche", "una valanga di critiche", "a flood of comments": a figure, not a danger. */
function figurative(marks: Marks, m: LexiconMatch): boolean {
  const of = marks.a.tokens[m.last];
  if (!of || !/^(?:di|d'|of)$/.test(of.form)) return false;
  return marks.of("abstract").some((x) => x.first === m.last + 1);
}

/** "nessun ferito", "senza feriti", "non c'è fumo": the danger is denied. */
function negated(marks: Marks, m: LexiconMatch): boolean {
  const head = marks.head(m);
  if (inScope(head, "negated") && !DENIAL_IS_THE_DANGER.has(m.entry.cls)) return true;
  const { tokens } = marks.a;
  for (let k = Math.max(0, m.first - 2); k < m.first; k++) if (NEGATORS.has((tokens[k] as Token).form)) return true;
  return false;
}

/** Effects written with a negation ("non respira") are not denied by a negation before them in the clause. */
const DENIAL_IS_THE_DANGER = new Set(["danger-effect", "missing", "foreign-effect"]);
const NEGATORS = new Set(["nessun", "nessuna", "nessuno", "senza", "niente", "no", "ningun", "aucun"]);
