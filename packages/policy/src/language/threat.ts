import type { Finding } from "../detector";
import { finding } from "./analyse";
import { type Analysis, inScope, type LexiconMatch, type Morph, type Token } from "./analysis";
import { clauseRange, isSomeoneElses, matchesIn, sentenceRange, type Target, targetIn } from "./frames";
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

/** Readings in tokens [from, to) of the clause before the action that make it the speaker's intent or a call. */
function governingIntent(a: Analysis, from: number, to: number, head: Token): Intent | undefined {
  const headIsNonFinite = head.analyses.some((m) => m.mood === "inf" || m.mood === "part" || m.lang === "en");
  const participle = head.analyses.some((m) => m.mood === "part" || (m.lang === "en" && m.tense === "past"));
  for (let i = to - 1; i >= from; i--) {
    const t = a.tokens[i] as Token;
    const previous = a.tokens[i - 1];
    if (t.form === "poi" && previous?.form === "o" && a.tokens[i - 2]?.form === "prima") return "speaker";
    if (!headIsNonFinite) continue;
    for (const m of t.analyses) {
      if (m.pos !== "verb") continue;
      if ((m.lemma === "volere" || m.lemma === "dovere" || m.lemma === "stare") && m.person === 1) return "speaker";
      if ((m.lemma === "venire" || m.lemma === "tornare" || m.lemma === "passare") && isFirstPersonNowOrLater(m))
        return "speaker";
      if (m.lemma === "potere" && m.person === 1 && m.mood === "cond") return "possible";
      if (m.lemma === "bisognare" || m.lemma === "meritare") return "incitement";
      if (m.lemma === "dovere" && m.person === 3) return "incitement";
      if (m.lemma === "andare" && participle && m.person !== 1) return "incitement";
    }
    if (t.form === "intenzione" || t.form === "voglia") return "speaker";
    // English: "I'll", "I will", "I'm going to", "we gonna", "someone should", "they should be".
    if (t.form === "i'll" || t.form === "we'll") return "speaker";
    if (["will", "gonna", "going", "wanna", "want", "shall"].includes(t.form)) {
      for (let k = i - 1; k >= Math.max(from, i - 3); k--) {
        const p = a.tokens[k] as Token;
        if (["i", "i'm", "im", "we", "we're"].includes(p.form)) return "speaker";
      }
    }
    if (t.form === "should" || t.form === "must" || t.form === "deserve" || t.form === "deserves") return "incitement";
  }
  return undefined;
}

/** Why the action at `m` is meant: the speaker's own (1st person), a call to others (imperative), or intent. */
function intentOf(a: Analysis, m: LexiconMatch, clause: { first: number }): Intent | undefined {
  const head = a.tokens[m.first] as Token;
  const readings = head.analyses.filter((r) => r.pos === "verb");
  if (readings.some(isFirstPersonNowOrLater)) return "speaker";
  const governed = governingIntent(a, Math.max(clause.first, m.first - 6), m.first, head);
  if (governed) return governed;
  if (readings.some((r) => r.mood === "impr" && (r.person === 2 || r.person === 1))) return "incitement";
  return undefined;
}

/** The action's target: in the clause around it; for a passive call ("vanno impiccati") the whole sentence. */
function targetOf(a: Analysis, m: LexiconMatch, clause: { first: number; last: number }): Target | undefined {
  const head = a.tokens[m.first] as Token;
  const before = targetIn(a, Math.max(clause.first, m.first - 4), m.first);
  const onHead = targetIn(a, m.first, m.first + 1);
  const after = targetIn(a, m.last, clause.last);
  const found = onHead ?? before ?? after;
  if (found) return found;
  if (head.analyses.some((r) => r.mood === "part")) {
    const s = sentenceRange(a, m.first);
    return targetIn(a, s.first, s.last);
  }
  return undefined;
}

/** "mi ammazzo dalle risate", "ti ammazzo di baci", "ammazzare il tempo": right after the action. */
const isFigure = (a: Analysis, m: LexiconMatch) =>
  a.matches.some((f) => f.entry.cls === "figure" && f.first >= m.last && f.first <= m.last + 2);

function violentAction(a: Analysis): Finding | undefined {
  let veiled: Finding | undefined;
  for (const m of a.matches) {
    if (m.entry.cls !== "violence") continue;
    const head = a.tokens[m.first] as Token;
    if (inScope(head, "negated") || isSomeoneElses(head) || isFigure(a, m)) continue;
    const clause = clauseRange(a, m.first);
    const intent = intentOf(a, m, clause);
    if (!intent) continue;
    const target = targetOf(a, m, clause);
    const passive = head.analyses.some((r) => r.mood === "part") && tagValue(m.entry, "object") === "human";
    if (!target && !passive) continue;
    const clearCut =
      intent !== "possible" && target !== undefined && m.entry.strength === "strong" && !inScope(head, "question");
    const evidence = target ? { start: Math.min(m.start, target.start), end: Math.max(m.end, target.end) } : m;
    if (clearCut) return finding("threat", "threat.explicit", true, evidence, 0.9);
    veiled ??= finding("threat", "threat.veiled", false, evidence, 0.6);
  }
  return veiled;
}

const MOVING = ["venire", "arrivare", "passare", "tornare", "portare", "salire", "entrare"];

/** Coming armed ("lunedì verrò in comune con una tanica di benzina"), or wishing a bullet on someone. */
function armedOrWished(a: Analysis): Finding | undefined {
  for (const m of a.matches) {
    if (m.entry.cls !== "weapon" && m.entry.cls !== "harm") continue;
    const tokens = a.tokens.slice(Math.max(sentenceRange(a, m.first).first, m.first - 8), m.first);
    const negated = (t: Token) => inScope(t, "negated") || isSomeoneElses(t);
    const moving = tokens.find(
      (t) => !negated(t) && t.analyses.some((r) => MOVING.includes(r.lemma) && isFirstPersonNowOrLater(r)),
    );
    if (m.entry.cls === "weapon" && moving)
      return finding("threat", "threat.armed", true, { start: moving.start, end: m.end });
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
  for (const m of matchesIn(a, "intimidation", { first: 0, last: a.tokens.length })) {
    const head = a.tokens[m.first] as Token;
    if (inScope(head, "negated") || isSomeoneElses(head)) continue;
    const person = tagValue(m.entry, "person");
    const words = a.tokens.slice(m.first, m.last);
    if (person && !words.some((t) => t.analyses.some((r) => r.pos === "verb" && String(r.person) === person))) continue;
    if (m.entry.tags.includes("target")) {
      const clause = clauseRange(a, m.first);
      if (!targetIn(a, Math.max(clause.first, m.first - 3), Math.min(clause.last, m.last + 1))) continue;
    }
    if (m.entry.strength === "strong" && !inScope(head, "question"))
      return finding("threat", "threat.intimidation", true, m, 0.9);
    veiled ??= finding("threat", "threat.veiled", false, m, 0.6);
  }
  return veiled;
}

export function detectThreat(a: Analysis): Finding[] {
  const found = violentAction(a) ?? armedOrWished(a);
  if (found?.clearCut) return [found];
  const intimidating = intimidation(a);
  const best = intimidating?.clearCut ? intimidating : (found ?? intimidating);
  return best ? [best] : [];
}
