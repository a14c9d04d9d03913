import type { Finding } from "../detector";
import { find, finding, type Hit, whole } from "./match";
import type { Normalized } from "./normalize";

/**
 * Off-topic and trolling are never automatic (guide): these rules only queue an item for a human, and only
 * on clear signs, so ordinary criticism never lands here.
 */

/** Subjects that have nothing to do with a public body's post, when the comment shares no word with it. */
const UNRELATED: RegExp[] = [
  /\bqualcuno (?:sa|ha visto|ha perso|ha trovato|conosce|consiglia|mi consiglia)\b|\bqualcun altro\b|\b(?:does|do) anyone\b|\banyone know\b/,
  /\bsi vince\b|\bgioca (?:la|il)\b|\bpartita\b|\bcampionato\b|\bderby\b|\bscudetto\b/,
  /\bauguri (?:a|al|alla|ai) (?:mio|mia|miei|mie)\b|\bbuon compleanno\b|\bcompie \d+ anni\b|\bhappy birthday\b/,
  /\bricetta\b|\brecipe\b/,
  /\b(?:gatt[oaie]|can[ei]|cagnolin[oa]|micio|micia)\b.{0,30}\b(?:smarrit|scompars|pers[oaie]\b|scappat)\w*|\b(?:consigliate|consigliereste|conoscete|mi consigliate|chi mi consiglia|chi conosce|mi consigliereste|sapete consigliarmi) (?:un|una|uno)\s+(?:buon[oa]?\s+)?(?:idraulico|elettricista|meccanico|dentista|ristorante|pizzeria|parrucchiere|hotel|albergo|avvocato|commercialista)\b/,
  /\b(?:musica|canzone|brano) (?:di sottofondo|del video)\b|\bcome si chiama (?:la|questa) canzone\b/,
  // Boasting about one's own business results: a professional network post, not a comment on the body's.
  /\bcongratulations to\b|\b(?:my|our|il mio|la mia|il nostro|la nostra) (?:team|company|azienda|squadra|startup|agenzia)\b.{0,60}\b(?:record|results|risultati|fatturato|sales|vendite|obiettiv\w+|traguard\w+)\b/,
];
/** Stems every UNRELATED pattern needs, one at least: a cheap scan that spares most comments the patterns. */
const MAY_BE_UNRELATED =
  /qualcun|anyone|vince|gioca|partita|campionato|derby|scudetto|auguri|compleanno|compie|birthday|ricetta|recipe|smarrit|scompars|pers|scappat|consiglia|conoscete|conosce|musica|canzone|brano|congratulations|team|company|azienda|squadra|startup|agenzia/;
const UNRELATED_EMOJI = /⚽|🏀|🎂/u;

const STOPWORDS = new Set(
  "anche ancora allora avete della delle degli dalla dalle dagli nella nelle negli sulla sulle sugli questo questa quello quella sono siamo come dove quando perche tutti tutte molto sempre dopo prima oggi ieri domani fare fatto stato essere hanno loro nostro vostro ogni alla alle agli cosa chi".split(
    " ",
  ),
);

/** Lower-case content words; capitalised ones (names, places) say little about the topic. */
function topicWords(text: string): Set<string> {
  const out = new Set<string>();
  for (const m of text.matchAll(/\p{L}{4,}/gu)) {
    const word = m[0];
    if (word[0] !== word[0]?.toLowerCase()) continue;
    const stem = word.toLowerCase().normalize("NFD").replace(/\p{M}/gu, "").slice(0, 5);
    if (!STOPWORDS.has(word.toLowerCase())) out.add(stem);
  }
  return out;
}

function sharesTopic(text: string, post: string): boolean {
  const postWords = topicWords(post.toLowerCase());
  for (const word of topicWords(text)) if (postWords.has(word)) return true;
  return false;
}

export function detectOffTopic(n: Normalized, original: string, postText: string | undefined): Finding[] {
  if (!postText) return [];
  let hit: Hit | undefined;
  if (MAY_BE_UNRELATED.test(n.text)) for (const re of UNRELATED) hit ??= find(n, re);
  if (!hit && UNRELATED_EMOJI.test(original)) hit = whole(n);
  if (!hit || sharesTopic(original, postText)) return [];
  return [finding(n, "off_topic", "off_topic.unrelated", false, hit)];
}

const PROVOKING =
  /\bmoderator\w*\b.{0,40}\b(?:sveglia|coraggio|cancella\w*|banna\w*|censur\w*)|\bcancellami\b|\b(?:banna|censura)(?:mi|temi|rmi)\b|\b(?:non|se) avete il coraggio\b|\bmi bannate\b|\bcensuratemi\b|\blo riscrivo\b|\bsotto ogni post\b|\bfinche non mi (?:bannate|cancellate|bloccate)\b|\bscie chimiche\b|\bgomblott\w+\b/;
const FIRST = /^\s*(?:primo|prima|first)(?:\s*!*\s*$| (?:commento|a commentare)\b)/;
const LAUGHTER_ONLY = /^(?:\s|a?h[ae]h[ae]\w*|lol|xd|!)+$/;
const LAUGHTER_EMOJI = /😂|🤣/u;
/** Bad news: mocking laughter under it is provocation. */
const SERIOUS_POST =
  /\b(?:chius\w+|frana|incident\w+|allerta|lutto|mort[oaie]|decess\w+|emergenz\w+|alluvion\w+|incendi\w*|caduta massi|crollo|ferit[oi])\b/i;
const SHEEP = /🐑|\bpecoron[ei]\b/iu;

export function detectTrolling(n: Normalized, original: string, postText: string | undefined): Finding[] {
  const provoking = find(n, PROVOKING);
  if (provoking) return [finding(n, "trolling", "trolling.provocation", false, provoking)];
  if (FIRST.test(n.text)) return [finding(n, "trolling", "trolling.noise", false, whole(n))];
  const laughing = LAUGHTER_ONLY.test(n.text) && (LAUGHTER_EMOJI.test(original) || /h[ae]h/.test(n.text));
  if (laughing && postText && SERIOUS_POST.test(postText)) {
    return [finding(n, "trolling", "trolling.mockery", false, whole(n))];
  }
  if (/\bsveglia\w*\b/.test(n.text) && SHEEP.test(original))
    return [finding(n, "trolling", "trolling.provocation", false, whole(n))];
  return [];
}
