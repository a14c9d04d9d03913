import type { Finding } from "../detector";
import { finding } from "./analyse";
import { inScope, type LexiconMatch, type Token } from "./analysis";
import { isStrong, type Marks } from "./marks";

/**
 * Propaganda is a call to vote (vote-call) joined to a list, a candidate or a party: the verb an appeal
 * (imperative, "votiamo", "tutti a votare"), the next words a name, a hashtag or a party (party); or a call
 * that needs no name ("votatemi", "crocetta su", "scrivi CAVICCHI sulla scheda"); or a candidate campaigning
 * (campaign: "mi candido", "iscrivetevi al comitato") or a list hashtag (#VotaRossi, #CentoFutura). Clear-cut
 * only inside an election period (par condicio). An attack on a candidate, and campaign talk with no call,
 * go to a human.
 */
export function detectPolitical(marks: Marks, electionPeriod: boolean): Finding[] {
  const propaganda = findPropaganda(marks);
  if (propaganda) return [finding("political", "political.propaganda", electionPeriod, propaganda, 0.85)];
  const attack = candidateAttack(marks);
  if (attack) return [finding("political", "political.candidate-attack", false, attack)];
  // "Iscrivetevi al circolo", "seguite il comitato": a call to join or follow an organisation of the campaign.
  for (const m of marks.of("self-promotion")) {
    const org = marks.of("campaign").find((c) => c.first > m.first && c.first <= m.last + 2 && !vetoed(marks, c));
    if (org) return [finding("political", "political.campaign", false, { start: m.start, end: org.end })];
  }
  // Two campaign signs, a candidate aside ("alle prossime elezioni… firmate la petizione di Apuania Futura").
  const campaign = marks.of("campaign").filter((m) => !vetoed(marks, m) && !CANDIDATE.test(m.entry.text));
  if (new Set(campaign.map((m) => m.entry.text)).size >= 2)
    return [finding("political", "political.campaign", false, campaign[0] as LexiconMatch)];
  return [];
}

function findPropaganda(marks: Marks): { start: number; end: number } | undefined {
  for (const m of marks.of("vote-call")) {
    const head = marks.head(m);
    if (inScope(head, "question") || inScope(head, "reported") || inScope(head, "quoted")) continue;
    if (isStrong(m) || (appeal(marks, m) && (targetAfter(marks, m.last) || pointsAtSomeone(marks, m)))) return m;
  }
  const campaign = marks.of("campaign").find((m) => isStrong(m) && !vetoed(marks, m));
  if (campaign) return campaign;
  const { tokens } = marks.a;
  for (const t of tokens) {
    if (t.kind === "hashtag" && isListHashtag(marks.a.text.slice(t.start, t.end))) return t;
    // "v o t a t e M A R C H E T T I s i n d a c o" is read as one word.
    if (t.kind === "word" && /^vot(?:ate|a|iamo)[a-z]{4,}/.test(t.form) && t.analyses.length === 0) return t;
  }
  // "Crespiatica Domani, lista n. 2".
  for (const m of marks.of("party")) {
    const next = tokens[m.last];
    const number = [tokens[m.last + 1], tokens[m.last + 2]].some((t) => t?.kind === "number");
    if (m.entry.text === "lista" && (next?.form === "n" || next?.form === "numero") && number) return m;
  }
  return undefined;
}

/** The verb asks: an imperative, "votiamo", "a votare", or an English call opening its sentence. */
function appeal(marks: Marks, m: LexiconMatch): boolean {
  const head = marks.head(m);
  if (m.entry.tags.includes("nominal")) return true;
  if (m.entry.lang === "en") return marks.a.sentences[head.sentence]?.first === head.index || m.first === 0;
  const previous = marks.a.tokens[m.first - 1];
  return head.analyses.some(
    (r) =>
      r.pos === "verb" &&
      (r.mood === "impr" ||
        (r.mood === "ind" && r.tense === "pres" && r.person === 1 && r.number === "p") ||
        (r.mood === "inf" && (previous?.form === "a" || previous?.form === "per" || previous?.form === "fate"))),
  );
}

/**
 * "Votatemi", "votatelo", "non dategli il voto": the object pronoun of a call to vote itself is the candidate (not
 * of "sosteniamoli", said of volunteers as often as of candidates).
 */
const pointsAtSomeone = (marks: Marks, m: LexiconMatch) =>
  m.entry.tags.includes("pronoun") &&
  marks.head(m).clitics.some((c) => ["mi", "lo", "la", "li", "le", "gli", "ci"].includes(c));

/**
 * Words between a call and its object: "votate (la lista) X", "votate (sempre) X", "votate e fate votare X",
 * "il voto utile è (solo per) X", "il voto giusto è (uno solo:) X".
 */
const BRIDGE = new Set([
  "il",
  "la",
  "lo",
  "l'",
  "i",
  "gli",
  "le",
  "per",
  "a",
  "anche",
  "sempre",
  "solo",
  "e",
  "fate",
  "votare",
  "uno",
  ":",
]);

/** A list, a candidate or a party named within a few words after the call. */
function targetAfter(marks: Marks, from: number): boolean {
  const { tokens } = marks.a;
  for (let k = from; k < Math.min(tokens.length, from + 5); k++) {
    const t = tokens[k] as Token;
    // "votate per noi", "votate me": the author's own list or candidacy.
    if (t.kind === "hashtag" || t.kind === "mention" || t.capitalised || t.form === "noi" || t.form === "me")
      return true;
    if (marks.of("party").some((p) => p.first === k)) return true;
    if (!BRIDGE.has(t.form)) return false;
  }
  return false;
}

/** "Mi candido per una delle posizioni… a chi invio il CV?" is a job application. */
const vetoed = (marks: Marks, m: LexiconMatch) => marks.has("not-campaign", marks.sentenceOf(m));

/** Words that make a CamelCase hashtag a party or civic-list name (#PiacenzaLibera, #CentoDomani, #ForzaRossi). */
const LIST_NAME =
  /(?:^vota|^forza|sindac[oa]|presidente|liber[ao]|futur[ao]|domani|insieme|benecomune|progetto|alcentro|civic[ao]|popol[oa]|moviment|fratelli|lega|sinistra|destra)/;

function isListHashtag(hashtag: string): boolean {
  const tag = hashtag.slice(1);
  const camelCase = (tag.match(/\p{Lu}/gu) ?? []).length >= 2;
  return (camelCase || /^vota/i.test(tag)) && LIST_NAME.test(tag.toLowerCase());
}

const CANDIDATE = /^candidat[oa]$/;

/** One candidate discredited: "il candidato Neri non ha mai fatto nulla", "la candidata … è una bugiarda". */
function candidateAttack(marks: Marks): LexiconMatch | undefined {
  for (const m of marks.of("campaign")) {
    if (!CANDIDATE.test(m.entry.text) || !/[oa]$/.test(marks.head(m).form)) continue;
    const s = marks.sentenceOf(m);
    const negative =
      ["insult", "vulgar", "negative-attribute"].some((cls) => marks.has(cls, s)) ||
      marks.a.tokens.some((t) => t.sentence === s && t.index > m.first && inScope(t, "negated"));
    if (negative) return m;
  }
  return undefined;
}
