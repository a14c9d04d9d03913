import type { Finding } from "../detector";
import { findDisguisedLink, findLinks } from "./links";
import { find, finding, type Hit, whole } from "./match";
import { type Normalized, normalize } from "./normalize";

/** A way to reach the advertiser off the page. */
export const CONTACT =
  /\b(?:dm|in dm|dm aperti|dm me|scrivimi|scrivetemi|scriveteci|scrivici|scrivetemi in privato|contattami|contattatemi|contattaci|contattatela|contattatelo|chiamaci|chiamami subito|contatto in privato|in privato|link in bio|link nel profilo|nel mio profilo|nel profilo|(?:guarda|visita|guardate|visitate) (?:il mio|la mia) (?:profilo|pagina|sito|canale)|whatsapp\s*\+?\d+|telegram\s*@|su telegram|su whatsapp|su instagram\s*@|message me)\b|\b(?:chiama(?:te|mi|teci|ci)?|telefona(?:te|mi|teci)?|tel|cell|whatsapp|prenot(?:a|ate|azioni))\b\W{0,3}(?:al |allo |il )?\+?\d[\d .]{7,}\d/;

/** Signals of advertising, each a family with a weight; three points make clear-cut spam, two a doubt. */
const SIGNALS: { name: string; weight: number; re: RegExp }[] = [
  {
    name: "money-offer",
    weight: 2,
    re: /\bguadagn\w*\b.{0,40}(?:\d|€|euro|\$|soldi|denaro|subito|online|facil|da casa)|\b(?:make|earn)\s+\$|\b\d[\d.,]*\s*(?:€|euro|\$)\s*(?:al|a|per)\s+(?:giorno|settimana|mese)\b|\b(?:weekly|per day|a day)\b.{0,20}\bfrom home\b|\btrasformato\s+\d[\d.,]*\s*(?:€|euro)?\s*in\s+\d|\bprestiti\b|\bfinanziament\w+ (?:senza|anche)\b|\bsenza busta paga\b|\braddoppi\w* (?:i tuoi |il tuo |i vostri |il vostro )?(?:soldi|capitale|investimento|risparmi)\b|\brendimento garantito\b|\b\$\d[\d,.]*\s*(?:weekly|daily|monthly)\b/,
  },
  {
    name: "crypto",
    weight: 2,
    re: /\b(?:bitcoin|btc|cripto|crypto|criptovalut\w*|trading|forex|opzioni binarie|nft)\b/,
  },
  {
    name: "gambling",
    weight: 2,
    re: /\b(?:casino online|slot|slot machine|scommesse|free spins?|senza deposito|giri gratis)\b/,
  },
  {
    name: "work-from-home",
    weight: 2,
    re: /\b(?:lavora|lavorare|lavorando|guadagna|guadagnare|working|work)\s+(?:da|from)\s+(?:casa|home)\b/,
  },
  {
    name: "adult",
    weight: 2,
    re: /\bfoto private\b|\bcontenuti privati\b|\bonlyfans\b|\bconoscermi\b|\bsingle (?:nella|della) tua zona\b|\bnella tua zona\b|\b(?:cerco|cerchiamo) (?:nuov[ie] )?(?:amici|amicizie|compagnia|l'anima gemella)\b/,
  },
  {
    name: "follow-for-follow",
    weight: 3,
    re: /\b(?:follow|like|segui|sub)\s*(?:for|4|x|per)\s*(?:follow|like|segui|sub)\b|\bf4f\b|\bl4l\b/,
  },
  {
    name: "giveaway",
    weight: 2,
    re: /\bregala\b|\bin regalo\b|\bhai vinto\b|\bsei stat[oa] selezionat[oa]\b|\britira il tuo\b|\biphone\b|\bgift card\b|\bbuono amazon\b|\bprimi \d+ iscritti\b/,
  },
  {
    name: "phishing",
    weight: 2,
    re: /\bverifica i tuoi dati\b|\bdati della (?:tua )?carta\b|\bentro 24\s?h\b|\b(?:candidatura|account|pratica|profilo) e stat[oa] sospes[oa]\b|\brichiedilo qui\b|\bcompila il modulo qui\b|\bclicca (?:qui|sul link)\b/,
  },
  {
    name: "trade",
    weight: 2,
    re: /\bcompr(?:o|iamo) (?:oro|argento|auto|moto|orologi|mobili|libri usati)\b|\bsgomber(?:o|i|iamo) (?:cantine|solai|appartamenti)\b|\bpagamento (?:in contanti|immediato)\b/,
  },
  {
    name: "testimonial",
    weight: 2,
    re: /\b(?:vi|ti) cambia la vita\b|\bmi ha cambiato la vita\b|\bgrazie alla mentore\b|\bgrazie al mentore\b|\bmetodo segreto\b/,
  },
  {
    name: "chain",
    weight: 3,
    re: /\bcopi(?:a|ate) e incoll\w+\b|\bcondivid\w* (?:questo|questa|il|la) (?:messaggio|post|catena|preghiera)\b|\bavrai (?:sfortuna|fortuna)\b|\b(?:sfortuna|fortuna) per \d+ anni\b|\bin tutti i gruppi\b|\bfate girare\b|\binoltr\w+ a tutti\b|\bprima che (?:lo )?cancellino\b|\bnon e una bufala\b/,
  },
  { name: "contact", weight: 1, re: CONTACT },
  {
    name: "offer",
    weight: 1,
    re: /-\d{1,2}\s?%|\b\d{1,2}\s?% di sconto\b|\bsconto\b|\bsolo per oggi\b|\boffert[ae]\b|\b(?:per|a) sol[oi] \d|\bprezzi (?:imbattibili|stracciati|bassissimi|competitivi|speciali|di fabbrica|all'ingrosso|scontati)\b|\bmenu (?:fisso|completo|degustazione)\b|\bpreventiv\w+ gratuit\w+|\boffert[ae] (?:incredibil|imperdibil)\w*|\bpromo\b|\bsenza abbonamento\b|\bcodice invito\b|\bregistrati con\b|\bvalutazione gratuita\b|\bmassima discrezione\b/,
  },
  { name: "free", weight: 1, re: /\bgratis\b|\bgratuit[oa]\b|\bfree\b/ },
  {
    name: "business-voice",
    weight: 1,
    re: /\b(?:(?:il|al|dal|nel|del) nostro|(?:la|alla|dalla|nella|della) nostra|(?:i|ai|dai|nei|dei) nostri|(?:le|alle|dalle|nelle|delle) nostre) (?:corso|corsi|servizio|servizi|prodotto|prodotti|negozio|agenzia|offerta|offerte|locale|ristorante|agriturismo|pizzeria|bar|hotel|studio|palestra|impresa|ditta|azienda)\b|\bagenzia\b|\bchiavi in mano\b|\b(?:offro|ripariamo|realizziamo|offriamo|vendiamo|proponiamo|installiamo|effettuiamo|consegniamo)\b/,
  },
  {
    name: "self-promotion",
    weight: 1,
    re: /\bseguit(?:emi|ecci)\b|\bseguimi\b|\bsegui(?:te)? (?:la mia|il mio) (?:pagina|profilo|canale)\b|\biscriv(?:etevi|iti)\b|\blo trovate su\b|\b(?:il|al|sul|nel|del) mio (?:nuovo )?(?:romanzo|libro|album|singolo|canale|negozio|ristorante|sito|blog|podcast)\b|\bpassate dal mio\b|\b(?:venite|passate) a (?:mangiare|trovarci)\b|\bse (?:vi|ti) serve\b.{0,60}\bsono disponibile\b/,
  },
  {
    name: "price",
    weight: 1,
    re: /\b(?:a|per|solo|soli)\s+\d+(?:[.,]\d{2})?\s?(?:€|euro)(?!\s*(?:al|a|per)\s)|\b\d+(?:[.,]\d{2})?\s?(?:€|euro) (?:l'ora|all'ora|a lezione|a persona|a notte)\b/,
  },
  { name: "follow-back", weight: 1, re: /\b(?:che|e) ricambio\b|\bricambio (?:il follow|l'iscrizione|sempre)\b/ },
];

/** Texts shorter than this are too generic ("Grazie!", "Bravi") to count as repetition. */
const MIN_REPEATED_LENGTH = 20;

/** Stored texts are masked ("[omissis]"), so the current one is compared masked too: a copy exposing a phone matches. */
function repetition(n: Normalized, masked: string, recentTexts: readonly string[]): Finding[] {
  if (recentTexts.length === 0 || n.text.trim().length < MIN_REPEATED_LENGTH) return [];
  const key = normalize(masked).text.replace(/[^a-z0-9]+/g, "");
  const copies = recentTexts.filter((t) => normalize(t).text.replace(/[^a-z0-9]+/g, "") === key).length;
  if (copies === 0) return [];
  return [finding(n, "spam", "spam.repeated", copies >= 2, whole(n), copies >= 2 ? 0.9 : 0.6)];
}

/** Signals carried by emoji, which normalisation turns into spaces. */
const ADULT_EMOJI = /🔞/u;

export function detectSpam(
  n: Normalized,
  original: string,
  allowedDomains: readonly string[],
  recentTexts: readonly string[],
  masked = original,
): Finding[] {
  let score = ADULT_EMOJI.test(original) ? 2 : 0;
  let evidence: Hit | undefined = score ? whole(n) : undefined;
  // A plain link only strengthens a scam or an offer with a way to reach the seller, never two weak words.
  let linkCounts = false;
  for (const signal of SIGNALS) {
    const hit = find(n, signal.re);
    if (!hit) continue;
    score += signal.weight;
    linkCounts ||= signal.weight >= 2 || signal.name === "contact";
    evidence ??= hit;
  }
  const untrusted = findLinks(n, allowedDomains).filter((l) => !l.trusted);
  const domains = new Set(untrusted.map((l) => l.domain));
  const disguised = findDisguisedLink(n);
  const suspicious = untrusted.find((l) => l.suspicious);
  if (disguised || suspicious) {
    // Only someone dodging link filters spells a web address out ("w w w", "punto com"): that alone is clear-cut.
    score += disguised ? 3 : 2;
    evidence = disguised ?? suspicious;
  } else if (untrusted.length > 0 && linkCounts) {
    score += 1;
  }
  if (domains.size >= 2) {
    score += 3;
    evidence ??= untrusted[0];
  }
  const out = repetition(n, masked, recentTexts);
  if (score >= 2 && evidence) {
    const clearCut = score >= 3;
    out.push(
      finding(
        n,
        "spam",
        `spam.${clearCut ? "advertising" : "promotion"}`,
        clearCut,
        evidence,
        Math.min(0.95, 0.5 + score * 0.1),
      ),
    );
  }
  return out;
}
