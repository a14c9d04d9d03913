import type { Finding } from "../detector";
import { find, finding, type Hit, whole } from "./match";
import { type Normalized, originalSpan } from "./normalize";

/** An imperative to vote for someone: the next word names a list or candidate (capitalised or a hashtag). */
const VOTE_FOR =
  /\b(?:vota|votate|votiamo|votatemi|votami|votare per|a votare|scegli|scegliete|preferenza a|preferenza per|sostenete|sosteniamo|sostieni)\b\s+(?:(?:il|la|per|a|anche)\s+)?/g;
/** "chi vota", "non votate", "si vota": a statement or a negation, not an appeal. */
const NOT_AN_APPEAL = /\b(?:chi|che|non|si|lo|la|li|le|ci|mi|ti)\s+$/;
/** A call to vote that needs no name after it. */
const CALL_TO_VOTE: RegExp[] = [
  /\bvotatemi\b|\bvotami\b|\bvota(?:tel|temol)[oaie]\b/,
  /\bcroce su(?:l|lla|i)?\b/,
  /\b(?:sosteniamo|sostenete|sostieni|votiamo) \p{L}+(?: \p{L}+)? sindac[oa]\b/u,
  /\blista n(?:\.|umero)?\s?\d+\b/,
  /#vota[a-z]+/,
  /\bscrivete\s+\w+\s+sindaco\b/,
];
/** A candidate or list campaigning: self-presentation, recruitment, campaign promises. */
const CAMPAIGNING: RegExp[] = [
  /\b(?:sono|mi sono|mi) (?:candidat[oa]|candido|ricandido)\b|\bla mia candidatura\b/,
  /\biscriv(?:iti|etevi|ervi) al (?:circolo|partito|movimento)\b|\bvenite a firmare\b|\bcol nostro gazebo\b|\bal nostro gazebo\b|\btesseramento\b/,
  /\b(?:il nostro|la nostra) (?:programma|lista|candidat[oa])\b/,
  /\bcon noi\b.{0,60}\bsar(?:a|anno) (?:solo )?un ricordo\b|\bcon noi (?:sindac\w+|in comune|al governo|alla guida)\b/,
];
/** Discrediting a candidate without asking for a vote: review. */
const CANDIDATE_ATTACK =
  /\b(?:il|la|quel|quella|questo|questa) candidat[oa]\b.{0,120}\b(?:non ha|mai|bugiard\w*|ladr\w*|incapace|vergogna|si fa bello|si fa bella|ricordatevelo|ricordatevi|non votatelo|non votatela|condannat\w*|indagat\w*|non merita\w*|solo danni|non sa|figuriamoci)\b/;
/** Words that make a CamelCase hashtag a party or civic-list name (#PiacenzaLibera, #CentoDomani). */
const LIST_NAME =
  /(?:sindac[oa]|liber[ao]|futur[ao]|domani|insieme|benecomune|progetto|alcentro|civic[ao]|popol[oa]|moviment|fratelli|lega|forzaitalia|sinistra|destra|^vota)/;

function capitalisedAfter(original: string, n: Normalized, at: number): boolean {
  const { start } = originalSpan(n, at, at + 1);
  const next = original.slice(start, start + 3).match(/^[#@]?\p{L}/u)?.[0];
  return next !== undefined && (next.startsWith("#") || next !== next.toLowerCase());
}

function partyHashtag(original: string): boolean {
  if (!original.includes("#")) return false;
  for (const m of original.matchAll(/#(\p{L}[\p{L}\p{N}]*)/gu)) {
    const tag = m[1] as string;
    const camelCase = (tag.match(/\p{Lu}/gu) ?? []).length >= 2;
    if (camelCase && LIST_NAME.test(tag.toLowerCase())) return true;
  }
  return false;
}

/**
 * Stems every pattern above needs, one at least: most comments have none, and one cheap scan spares them the
 * patterns. Keep it in step when adding a pattern.
 */
const MAY_CAMPAIGN =
  /vot|scegli|preferenz|croce|sost|lista|#|scrivete|candid|iscriv|firmare|gazebo|tesseramento|nostr|con noi/;

/** Propaganda is clear-cut only inside an election period (par condicio); outside it, and for attacks, review. */
export function detectPolitical(n: Normalized, original: string, electionPeriod: boolean): Finding[] {
  if (!MAY_CAMPAIGN.test(n.text)) return [];
  let propaganda: Hit | undefined;
  for (const m of n.text.matchAll(VOTE_FOR)) {
    const appeal = !NOT_AN_APPEAL.test(n.text.slice(Math.max(0, m.index - 6), m.index));
    if (appeal && capitalisedAfter(original, n, m.index + m[0].length)) {
      propaganda = { from: m.index, to: m.index + m[0].length };
      break;
    }
  }
  for (const re of [...CALL_TO_VOTE, ...CAMPAIGNING]) propaganda ??= find(n, re);
  if (!propaganda && partyHashtag(original)) propaganda = whole(n);
  if (propaganda) return [finding(n, "political", "political.propaganda", electionPeriod, propaganda, 0.85)];
  const attack = find(n, CANDIDATE_ATTACK);
  return attack ? [finding(n, "political", "political.candidate-attack", false, attack)] : [];
}
