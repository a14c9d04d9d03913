import type { Finding } from "../detector";
import { find, finding, type Hit, matchLexicon, sentences, whole } from "./match";
import { type Normalized, originalSpan } from "./normalize";

/** People a vulgar word can be thrown at: "handicappati del cazzo", "quel sindaco di merda". */
const PERSON =
  "(?:sindac[oa]|assessor[ei]|assessora|dirigent[ei]|president[ei]|consiglier[ei]|vigil[ei]|vigiless[ae]|impiegat[oaie]|dipendent[ei]|funzionari[oa]?|politic[oi]|politicanti|amministrator[ei]|tecnic[oi]|operai|autist[ai]|poliziott[oiae]|moderator[ei]|gente|person[ae]|tizi[oa]?|giunta)";
/** The administration itself is a target too (guide: insults aimed at the administration are hidden). */
const TARGET = `(?:${PERSON}|amministrazion[ei]|comune|provincia|regione)`;
const VULGAR_TAIL = /^ (?:del cazzo|di merda|der cazzo)\b/;
/** "ebrei maledetti", "sporchi zingari": a curse thrown at a whole group, before or after it. */
const CURSE_AFTER_GROUP = /^ (?:maledett[oaie]|schifos[oaie]|bastard[oaie]|lurid[oaie])\b/;
const CURSE_BEFORE_GROUP = /\b(?:maledett[oaie]|schifos[oaie]|sporc(?:o|a|hi|he)|lurid[oaie]) $/;
const PERSON_BEFORE_VULGAR = new RegExp(`\\b${TARGET} (?:del cazzo|di merda)\\b`);
/** "merda di amministrazione", "cesso di sindaco": the vulgar noun first, the target after. */
const VULGAR_BEFORE_PERSON = new RegExp(`\\b(?:merda|cesso) (?:di|d'|de) ?${TARGET}\\b`);
/** A slur or insult said to someone's face: "sei mongoloide?", "siete dei ritardati". */
const SECOND_PERSON = /\b(?:sei|siete|sembri|sembrate)(?: proprio| solo)?(?: (?:un|una|uno|dei|degli|delle))? $/;
/** "mi ha dato del coglione": the author reports an insult received, which a human weighs rather than hides. */
const REPORTED =
  /\b(?:mi|ci|ti|gli|le|vi) (?:ha|hanno|aveva|avevano) (?:dato|detto|chiamat[oaie]|urlato|gridato|scritto)(?: (?:del|della|dello|dei|degli|delle|di|un|una|uno))? $/;
/** A mild insult counts when it labels someone: "siete dei buffoni", "quei cialtroni", or shouted on its own. */
const LABELS_BEFORE =
  /(?:[.!?,;:]\s*|\b(?:sei|siete|sono|e|sembri|sembrate|quei|quel|quella|quelle|questi|questo|questa|branco di|banda di|massa di|che|da)(?: proprio| solo| solo dei| tutti)?(?: (?:un|una|uno|dei|degli|delle|di))?\s)$/;
const LABELS_AFTER = /^\s*(?:[.!?,;:]|$|(?:del|della|dello|dei|degli|delle|in|che)\b)/;

/**
 * Hostile generalisations about a protected group, without slurs: a human decides (guide: review).
 * Each needs the group named in the same sentence, before the remark.
 */
const STEREOTYPE =
  /\b(?:non dovrebbero|dovrebbero (?:stare|tornare|restare|andare)|fanno solo|sono tutti|tutti uguali|sono solo|sono un pericolo|rubano|a rubare|non pagano|puzzano|non lavorano|solo per loro|separat[ie] dagli altri|a casa loro|al loro paese|(?:per gli|agli|ai) italiani (?:niente|nulla|mai|le briciole)|prima gli italiani|non sanno (?:lavorare|guidare|parlare|fare)|assumete (?:solo )?italiani|solo (?:agli |per gli )?italiani|vanno (?:rimandati|cacciati|espulsi)|controllano (?:tutto|le banche|i media|il mondo|la finanza|i giornali)|sono un peso|(?:sono|e) (?:dei |delle |una )?(?:malati|malate|malattia|terroristi|delinquenti|criminali)|ci (?:invadono|rubano)|ci stanno invadendo)\b/;
/** Telling someone to go back where they came from, or mocking religious dress, needs no group word. */
const XENOPHOBIC_REMARK =
  /\b(?:torna(?:tene)?\s+(?:al tuo paese|nel tuo paese|a casa tua|da dove sei venut[oa])|tornate(?:vene)?\s+(?:al vostro paese|nel vostro paese|a casa vostra|da dove siete venut[ie])|(?:tornino|tornassero|tornano|tornare)\s+(?:al loro paese|nel loro paese|a casa loro)|col tuo velo|col velo|qui si parla italiano|fuori dall'italia|via dall'italia|prima gli italiani)\b/;

/**
 * What follows a surname that opens a sentence: a first name ("Negro Paolo") or a verb in the third person
 * ("Negro ha ragione", "Troia è bellissima"). A slur shouted at someone is followed by a comma or a second person.
 */
const NAME_THEN =
  /^ +(?:\p{Lu}\p{Ll}+|ha|aveva|avr[aà]|è|e'|era|sar[aà]|dice|disse|sostiene|scrive|propone|chiede|risponde|spiega|afferma|interviene|vota|parla)(?!\p{L})/u;

/**
 * "il preside Negri", "in vacanza a Troia": a capitalised word inside a sentence is a name, not an insult; at
 * the start of a sentence it is one when a first name or a third-person verb follows.
 */
function isProperName(n: Normalized, original: string, hit: Hit): boolean {
  const { start, end } = originalSpan(n, hit.from, hit.to);
  if (!/^\p{Lu}\p{Ll}+$/u.test(original.slice(start, end))) return false;
  let i = start - 1;
  while (i >= 0 && /\s/.test(original[i] as string)) i--;
  const opensSentence = i < 0 || /[.!?:;"«(\n@#]/.test(original[i] as string);
  return !opensSentence || NAME_THEN.test(original.slice(end, end + 20));
}

const QUOTE = /["“”«»]/;
const QUOTES = /["“”«»]/g;

/** Inside quotation marks ("Bastardi senza gloria", «mi ha urlato “stronzo”»): a title or reported words. */
function isQuoted(n: Normalized, original: string, hit: Hit): boolean {
  const { start, end } = originalSpan(n, hit.from, hit.to);
  const opened = (original.slice(0, start).match(QUOTES)?.length ?? 0) % 2 === 1;
  return opened && QUOTE.test(original.slice(end));
}

/** Insults, vulgarity and discrimination, from the lexicon and a few sentence patterns. */
export function detectAbuse(n: Normalized, original: string): Finding[] {
  const out: Finding[] = [];
  const hits = matchLexicon(n);
  // Sentence of each hit, found in one pass (hits and sentences are both in text order), and the first
  // protected group named in each sentence.
  const spans = hits.length > 0 ? sentences(n) : [];
  const sentenceIndex: number[] = [];
  const firstGroupIn = new Map<number, Hit>();
  let current = 0;
  for (const hit of hits) {
    while (current < spans.length - 1 && hit.from >= (spans[current] as Hit).to) current++;
    sentenceIndex.push(current);
    const isGroup = hit.classes.includes("group") || hit.classes.includes("slur");
    if (isGroup && !firstGroupIn.has(current)) firstGroupIn.set(current, hit);
  }

  for (const [k, hit] of hits.entries()) {
    const { classes } = hit;
    if (classes.includes("everyday") || isProperName(n, original, hit)) continue;
    const before = n.text.slice(Math.max(0, hit.from - 30), hit.from);
    const after = n.text.slice(hit.to, hit.to + 16);
    const cursed = VULGAR_TAIL.test(after) || CURSE_AFTER_GROUP.test(after) || CURSE_BEFORE_GROUP.test(before);
    if (classes.includes("group") && cursed) {
      // "questi zingari di merda": a vulgar insult thrown at a whole group is a slur.
      out.push(finding(n, "discrimination", "discrimination.vulgar-at-group", true, hit, 0.9));
    } else if (classes.includes("slur")) {
      out.push(finding(n, "discrimination", "discrimination.slur", true, hit, 0.95));
      if (SECOND_PERSON.test(before) || VULGAR_TAIL.test(after))
        out.push(finding(n, "insult", "insult.slur-at-person", true, hit, 0.9));
    } else if (classes.includes("dehumanising") && firstGroupIn.has(sentenceIndex[k] as number)) {
      out.push(finding(n, "discrimination", "discrimination.dehumanising", true, hit, 0.9));
    } else if (classes.includes("strongInsult")) {
      const reported = REPORTED.test(before) || isQuoted(n, original, hit);
      out.push(
        finding(n, "insult", reported ? "insult.reported" : "insult.strong", !reported, hit, reported ? 0.6 : 0.95),
      );
    } else if (classes.includes("mildInsult")) {
      const opensText = hit.from === n.words[0]?.from;
      if (opensText || LABELS_BEFORE.test(before) || LABELS_AFTER.test(after))
        out.push(finding(n, "insult", "insult.mild", false, hit));
    } else if (classes.includes("vulgar") || classes.includes("blasphemy")) {
      out.push(finding(n, "insult", classes.includes("blasphemy") ? "insult.blasphemy" : "insult.vulgar", false, hit));
    }
  }

  const atPerson = find(n, PERSON_BEFORE_VULGAR) ?? find(n, VULGAR_BEFORE_PERSON);
  if (atPerson) out.push(finding(n, "insult", "insult.vulgar-at-person", true, atPerson));
  if (original.includes("🖕")) out.push(finding(n, "insult", "insult.gesture", false, whole(n)));

  // A protected group named in a sentence, followed by a generalisation about it.
  for (const [index, group] of firstGroupIn) {
    const sentence = spans[index] as Hit;
    const remark = STEREOTYPE.exec(n.text.slice(group.to, sentence.to));
    if (remark) {
      const to = group.to + remark.index + remark[0].length;
      out.push(finding(n, "discrimination", "discrimination.stereotype", false, { from: group.from, to }));
      break;
    }
  }
  const remark = find(n, XENOPHOBIC_REMARK);
  if (remark) out.push(finding(n, "discrimination", "discrimination.hostile-remark", false, remark));
  return out;
}
