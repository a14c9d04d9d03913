import type { Finding } from "../detector";
import { finding } from "./analyse";
import { type Analysis, inScope, type LexiconMatch, type Token } from "./analysis";
import { endorsementAfter, isCopula, isName, isSomeoneElses, namesGroup, sentenceRange } from "./frames";
import { labelAim } from "./insult";

/**
 * Hate as a frame: a slur, a dehumanising word, a curse, a negative feeling, a negative generalisation or a call
 * to exclude, joined to an identity group. Slurs, curses and dehumanising words are clear-cut (hide); the rest
 * goes to a human. Counter-speech (hate quoted or reported in order to condemn it) is not the author's; a
 * negation of the positive ("non sopporto i gay") is hate, a negated generalisation ("i rom non sono ladri")
 * is not.
 */

const condemned = (a: Analysis) => a.matches.some((m) => m.entry.cls === "condemnation");

/** What a frame word says of the group it is near: within a few words after it, or right before "di" + group. */
function near(a: Analysis, g: LexiconMatch, m: LexiconMatch, after: number, before: number): boolean {
  if (a.tokens[m.first]?.sentence !== a.tokens[g.first]?.sentence) return topicThen(a, g, m);
  if (m.first >= g.last && m.first <= g.last + after) return true;
  return m.last <= g.first && m.last >= g.first - before;
}

const FRAMES: { cls: string; ruleId: string; clearCut: boolean; after: number; before: number; said?: boolean }[] = [
  { cls: "curse", ruleId: "discrimination.vulgar-at-group", clearCut: true, after: 0, before: 0 },
  { cls: "dehumanising", ruleId: "discrimination.dehumanising", clearCut: true, after: 7, before: 2, said: true },
  { cls: "negative-feeling", ruleId: "discrimination.negative-feeling", clearCut: false, after: 5, before: 5 },
  {
    cls: "negative-attribute",
    ruleId: "discrimination.generalisation",
    clearCut: false,
    after: 7,
    before: 2,
    said: true,
  },
  // An insult said of a whole group ("i tunisini sono tutti stupidi") generalises about it.
  { cls: "insult", ruleId: "discrimination.generalisation", clearCut: false, after: 7, before: 2, said: true },
  { cls: "exclusion", ruleId: "discrimination.exclusion", clearCut: false, after: 6, before: 6 },
];

/** "Fanculo i rumeni", "maledetti gli …": a curse before the group with only its article between. */
const curseThenArticle = (a: Analysis, m: LexiconMatch, g: LexiconMatch) =>
  m.last === g.first - 1 && (a.tokens[m.last] as Token).analyses.some((r) => r.pos === "det");

/** Words between a group and what is said of it that make it a predication: "sono (tutti) (dei|come i) …". */
const PREDICATION: ReadonlySet<string> = new Set([
  "come",
  "tipo",
  "solo",
  "soltanto",
  "tutti",
  "tutte",
  "dei",
  "degli",
  "delle",
  "una",
  "un",
  "uno",
  "dei",
  "i",
  "le",
  "gli",
  "cosi",
  "dei",
  "proprio",
  "davvero",
  "veramente",
  "sempre",
  "ormai",
  "a",
  "di",
  "are",
  "all",
  "like",
  "il",
  "la",
  "l'",
  "un",
  "una",
  "un'",
  "come",
  "such",
  "so",
  // Dialect forms of "tutti": "i xe tuti ladri", "hinn tücc…", "i èn tùt…".
  "tuti",
  "tucc",
  "tut",
  "tutt",
]);

const ATTRIBUTION: ReadonlySet<string> = new Set([":", "="]);

/** "Gli albanesi? Ignoranti, tutti quanti.": the group asked as a topic, what is said of it opens the next sentence. */
function topicThen(a: Analysis, g: LexiconMatch, m: LexiconMatch): boolean {
  const s = a.sentences[(a.tokens[g.first] as Token).sentence];
  const next = a.sentences[(a.tokens[g.first] as Token).sentence + 1];
  if (!s?.question || !next || s.last - s.first > 9) return false;
  return m.first >= next.first && m.first <= next.first + 4;
}

/**
 * A noun or adjective is said of the group when it touches it ("zingari topi", "topi di zingari") or follows a
 * copula ("sono", "sembrano", "restano") with only quantifiers and determiners in between; a verb ("rubano",
 * "puzzano") is a predicate itself. "Gli anziani hanno paura del virus" says nothing of the elderly.
 */
function saidOf(a: Analysis, g: LexiconMatch, m: LexiconMatch): boolean {
  const head = a.tokens[m.first] as Token;
  if (head.analyses.some((r) => r.pos === "verb" && r.person !== undefined)) return true;
  if (m.first === g.last || m.last === g.first || topicThen(a, g, m)) return true;
  if (m.last <= g.first) return g.first - m.last === 1 && /^d/.test(a.tokens[m.last]?.form ?? "");
  // "…i rumeni: roba da subumani", "africani = scimmie": an attribution after a colon or an equals sign.
  for (let i = g.last; i < m.first && i <= g.last + 1; i++)
    if (ATTRIBUTION.has((a.tokens[i] as Token).form)) return m.first - i <= 4;
  let copula = false;
  for (let i = g.last; i < m.first; i++) {
    const t = a.tokens[i] as Token;
    if (isCopula(a, i)) copula = true;
    else if (!copula) {
      // "i marocchini di Cento sono…", "gli albanesi al parco sono…": a short complement before the copula.
      if (i - g.last > 3) return false;
    } else if (!PREDICATION.has(t.form)) return false;
  }
  return copula;
}

function framed(a: Analysis, g: LexiconMatch): Finding | undefined {
  let doubt: Finding | undefined;
  for (const frame of FRAMES) {
    for (const m of a.matches) {
      if (m.entry.cls !== frame.cls || !near(a, g, m, frame.after, frame.before)) continue;
      // The curse must touch the group: "zingari di merda", "sporchi zingari".
      if (frame.cls === "curse" && !(m.first === g.last || m.last === g.first || curseThenArticle(a, m, g))) continue;
      if (frame.said && !saidOf(a, g, m)) continue;
      if (frame.cls === "insult" && m.entry.strength === "strong") continue;
      const head = a.tokens[m.first] as Token;
      if (inScope(head, "negated")) continue;
      const span = { start: Math.min(g.start, m.start), end: Math.max(g.end, m.end) };
      if (frame.clearCut) return finding("discrimination", frame.ruleId, true, span, 0.9);
      doubt ??= finding("discrimination", frame.ruleId, false, span, 0.6);
    }
  }
  return doubt;
}

export function detectHate(a: Analysis): Finding[] {
  const out: Finding[] = [];
  const counterSpeech = condemned(a);
  for (const m of a.matches) {
    if (m.entry.cls !== "slur" || isName(a, m) || inAnotherLanguage(a, m)) continue;
    const head = a.tokens[m.first] as Token;
    if (
      m.entry.tags.includes("label") &&
      !labelAim(a, m) &&
      !namesGroup(a, { ...m, entry: { ...m.entry, tags: ["det"] } })
    )
      continue;
    if (m.entry.tags.includes("det") && !namesGroup(a, m)) continue;
    // Someone else's slur, quoted or reported, is not the author's unless the author adopts it ("…: ha ragione").
    if (isSomeoneElses(head) && !endorsementAfter(a, m.last)) continue;
    out.push(finding("discrimination", "discrimination.slur", true, m, 0.95));
    if (labelAim(a, m) === "one" || a.matches.some((c) => c.entry.cls === "curse" && c.first === m.last))
      out.push(finding("insult", "insult.slur-at-person", true, m, 0.9));
  }
  for (const g of a.matches) {
    if (g.entry.cls !== "identity" && g.entry.cls !== "slur") continue;
    if ((isName(a, g) && g.entry.lang !== "en") || !namesGroup(a, g) || denied(a, g)) continue;
    const f = framed(a, g);
    if (!f) continue;
    // Counter-speech and reports: hate quoted or reported is someone else's, unless the author adopts it.
    const someoneElses =
      a.tokens.slice(g.first, g.last).some(isSomeoneElses) ||
      isSomeoneElses(a.tokens[sentenceRange(a, g.first).first] as Token);
    if (someoneElses && (counterSpeech || !endorsementAfter(a, g.last))) continue;
    out.push(f);
    if (f.clearCut) break;
  }
  if (!out.some((f) => f.category === "discrimination")) {
    const referred = groupReferences(a)
      .map((r) => framed(a, r))
      .find((f) => f !== undefined);
    if (referred) out.push({ ...referred, clearCut: false, confidence: 0.6 });
  }
  const pronounHate = feelingAtPronoun(a);
  if (pronounHate && !out.some((f) => f.category === "discrimination")) out.push(pronounHate);
  for (const m of a.matches) {
    if (m.entry.cls === "exclusion" && m.entry.tags.includes("alone") && isCall(a, m))
      out.push(finding("discrimination", "discrimination.exclusion", false, m, 0.6));
  }
  return out;
}

/**
 * "Hanno aperto un centro per <group>. Quelli lì sono…": a reference with no personal pronoun (group-reference.txt)
 * stands for the last identity group named before it, in its sentence or the one before; the author's words only.
 */
function groupReferences(a: Analysis): LexiconMatch[] {
  const out: LexiconMatch[] = [];
  for (const r of a.matches) {
    if (r.entry.cls !== "group-reference" || isSomeoneElses(a.tokens[r.first] as Token)) continue;
    const sentence = (a.tokens[r.first] as Token).sentence;
    const group = a.matches.findLast(
      (g) =>
        (g.entry.cls === "identity" || g.entry.cls === "slur") &&
        g.last <= r.first &&
        sentence - (a.tokens[g.first] as Token).sentence <= 1 &&
        namesGroup(a, g) &&
        !isName(a, g),
    );
    if (group) out.push({ ...r, entry: group.entry });
  }
  return out;
}

/** "Non è vero che i rom rubano", "è falso che…": the author denies the generalisation that follows. */
function denied(a: Analysis, g: LexiconMatch): boolean {
  const s = sentenceRange(a, g.first);
  return a.matches.some((d) => d.entry.cls === "denial" && d.first >= s.first && d.last <= g.first);
}

/**
 * The slur's sentence is written in another language ("hay humo negro saliendo…"): an Italian slur there is that
 * language's everyday word. Known from that language's lexicon entries: one beside the slur, or two in the sentence.
 */
function inAnotherLanguage(a: Analysis, m: LexiconMatch): boolean {
  const s = sentenceRange(a, m.first);
  const foreign = a.matches.filter(
    (x) => x.first >= s.first && x.first < s.last && x.entry.lang !== "it" && x.entry.lang !== "en",
  );
  return foreign.length >= 2 || foreign.some((x) => Math.abs(x.first - m.first) <= 2);
}

const PLURAL_OBJECTS: ReadonlySet<string> = new Set(["li", "le", "them", "loro"]);

/**
 * A negative feeling aimed by a pronoun at a group named just before: "al mercato ci sono sempre più albanesi. Io
 * li odio".
 */
function feelingAtPronoun(a: Analysis): Finding | undefined {
  for (const m of a.matches) {
    if (m.entry.cls !== "negative-feeling" && m.entry.cls !== "exclusion") continue;
    const head = a.tokens[m.first] as Token;
    if (inScope(head, "negated") && !m.entry.words[0]?.startsWith("non") && m.entry.words[0] !== "non") continue;
    if (isSomeoneElses(head)) continue;
    const near = [a.tokens[m.first - 1], a.tokens[m.last], head];
    const pronoun = near.some((t) => t && (PLURAL_OBJECTS.has(t.form) || t.clitics.some((c) => PLURAL_OBJECTS.has(c))));
    if (!pronoun) continue;
    const group = a.matches.find(
      (g) =>
        (g.entry.cls === "identity" || g.entry.cls === "slur") &&
        g.last <= m.first &&
        head.sentence - (a.tokens[g.first] as Token).sentence <= 1 &&
        namesGroup(a, g) &&
        !isName(a, g),
    );
    if (group)
      return finding(
        "discrimination",
        "discrimination.negative-feeling",
        false,
        { start: group.start, end: m.end },
        0.6,
      );
  }
  return undefined;
}

/** "tornatevene a casa vostra", "che tornino al loro paese": a call (imperative or subjunctive), not "il servizio torna". */
function isCall(a: Analysis, m: LexiconMatch): boolean {
  const head = a.tokens[m.first] as Token;
  if (isSomeoneElses(head)) return false;
  if (!head.analyses.some((r) => r.pos === "verb")) return true;
  const before = a.tokens[m.first - 1];
  const opens =
    !before || before.kind === "punct" || before.analyses.some((r) => r.pos === "clitic" || r.pos === "conj");
  return opens && head.analyses.some((r) => r.mood === "impr" || r.mood === "sub");
}
