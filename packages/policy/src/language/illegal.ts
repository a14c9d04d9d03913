import type { Finding } from "../detector";
import { find, finding, type Hit } from "./match";
import type { Normalized } from "./normalize";
import { CONTACT } from "./spam";

const LINK_LIKE =
  /\bhttps?:|\bwww\.|\[\.\]|\b[a-z0-9-]+\.(?:live|tv|xyz|top|club|online|site|to|cc)\b|\bcanale telegram\b/;
const SALE =
  /\b(?:vendo|vendesi|vendiamo|in vendita|consegna|consegne|spedizione|spediamo|a domicilio|di qualita|disponibil\w+|prezzi|ordina|ordinate)\b/;

/** A price asked: for goods that are illegal whoever sells them (contraband, pirate streams), that is an offer. */
const PRICE = /\b\d+(?:[.,]\d{2})?\s?(?:€|euro)|\ba meta prezzo\b|\bprezz\w+ (?:bass|stracciat|onest)\w*/;

/** An offer of something illegal: goods named together with a way to buy or get them (guide: hide). */
const OFFERS: { ruleId: string; goods: RegExp; offer: RegExp[] }[] = [
  {
    ruleId: "illegal.drugs",
    goods:
      /\b(?:erba|fumo|hashish|hascisc|marijuana|cocaina|eroina|mdma|ecstasy|pasticche|anfetamin\w+|ketamina|crack|weed)\b/,
    offer: [SALE, CONTACT],
  },
  {
    // Unambiguous drug names need only a way to get them ("chi vuole cocaina mi scriva"); erba and fumo need a sale.
    ruleId: "illegal.drugs",
    goods: /\b(?:hashish|hascisc|marijuana|cocaina|eroina|mdma|ecstasy|ketamina|anfetamin\w+)\b/,
    offer: [new RegExp(`${CONTACT.source}|${SALE.source}|\\bchi (?:ne )?vuole\\b`)],
  },
  {
    ruleId: "illegal.contraband",
    goods:
      /\b(?:sigarette|tabacco|gasolio|carburante|alcolici)\b.{0,30}\b(?:di contrabbando|contrabbandat\w+|senza accise)\b|\b(?:botti|petardi|fuochi d'artificio)\b.{0,20}\b(?:illegali|non omologat\w+)\b/,
    offer: [new RegExp(`${CONTACT.source}|${SALE.source}|${PRICE.source}|\\bchi (?:ne )?vuole\\b`)],
  },
  {
    ruleId: "illegal.undeclared-work",
    goods:
      /\b(?:faccio|facciamo|eseguo|eseguiamo|lavoro|lavori|lavoretti|riparazioni|ristrutturazioni)\b.{0,30}\b(?:in nero|senza fattura)\b/,
    offer: [new RegExp(`${CONTACT.source}|${SALE.source}|\\bprezz\\w+\\b`)],
  },
  {
    ruleId: "illegal.forged-documents",
    goods:
      /\b(?:patent[ei]|carte? d'identita|diplomi|lauree|passaporti|certificati|green pass|permessi di soggiorno)\b.{0,60}\b(?:registrat[ie]|falsi|false|validi|senza esame|senza frequenza|a pagamento)\b/,
    offer: [CONTACT],
  },
  {
    ruleId: "illegal.pirated-stream",
    goods:
      /\b(?:iptv|pezzotto|abbonament\w+ pirata)\b|\b(?:serie a|champions|sky|dazn|netflix|formula 1|motogp|(?:film|partite|serie tv) in streaming)\b.{0,60}\b(?:gratis|free|senza abbonamento|sbloccat\w+)\b/,
    offer: [new RegExp(`${LINK_LIKE.source}|${CONTACT.source}|${SALE.source}|${PRICE.source}`)],
  },
  {
    ruleId: "illegal.counterfeit",
    goods:
      /\b(?:replica|repliche|falsi|false|taroccat\w+|contraffatt\w+|imitazion\w+)\b.{0,40}\b(?:borse|occhiali|scarpe|orologi|rolex|gucci|prada|vuitton|nike|rayban|ray-ban|profumi|magliette)\b|\b(?:borse|occhiali|scarpe|orologi|rolex|gucci|prada|vuitton|nike|rayban|ray-ban|profumi|magliette)\b.{0,40}\b(?:replica|repliche|falsi|false|taroccat\w+|contraffatt\w+)\b/,
    offer: [SALE],
  },
];

/** Promoting illegal activity without offering it: a human decides (guide: review). */
const PROMOTION: { ruleId: string; re: RegExp }[] = [
  {
    ruleId: "illegal.piracy",
    re: /\b(?:scaric\w+|download\w*)\b.{0,40}\b(?:gratis|free)\b.{0,40}\b(?:telegram|torrent|emule|sit[oi] pirat[ai]|canali)\b|\b(?:pezzotto|iptv|torrent|craccat\w+|crackat\w+)\b|\b(?:scaric\w+|guardat\w+|vedet\w+)\b.{0,60}\b(?:sit[oi]|link|copi[ae]|version[ei]) pirat[ai]\b/,
  },
  {
    ruleId: "illegal.tax-evasion",
    re: /\b(?:fate\w*|fatevi\w*|conviene|consiglio|meglio|pagate\w*|fatevel\w+)\b.{0,30}\b(?:in nero|senza fattura|senza scontrino|fattur[ae] fals[ae]|fals[ae] fattur[ae])\b|\b(?:in nero|senza fattura|senza scontrino)\b.{0,40}\b(?:si risparmia|nessuno controlla|conviene)\b/,
  },
];

/**
 * Stems every goods and promotion pattern above needs, one at least: most comments have none, and one cheap scan
 * spares them the patterns. Keep it in step when adding a pattern.
 */
const MAY_BE_ILLEGAL =
  /erba|fumo|hash|hascisc|marijuana|cocaina|eroina|mdma|ecstasy|pasticche|anfetamin|ketamina|crack|weed|patent|identita|diplomi|lauree|passaporti|certificati|green pass|permessi|iptv|pezzotto|pirat|serie a|champions|sky|dazn|netflix|formula 1|motogp|streaming|replic|fals|taroccat|contraffatt|imitazion|borse|occhiali|scarpe|orologi|rolex|gucci|prada|vuitton|nike|ray|profumi|magliette|sigarette|tabacco|gasolio|carburante|alcolici|botti|petardi|fuochi|in nero|fattur|scontrino|scaric|download|torrent|craccat|crackat/;

/** Illegal offers are also advertising, so they come with a spam finding on the same evidence. */
export function detectIllegal(n: Normalized): Finding[] {
  if (!MAY_BE_ILLEGAL.test(n.text)) return [];
  for (const { ruleId, goods, offer } of OFFERS) {
    const hit = find(n, goods);
    if (hit && offer.every((re) => re.test(n.text))) {
      return [finding(n, "illegal", ruleId, true, hit, 0.9), finding(n, "spam", "spam.illegal-offer", true, hit, 0.9)];
    }
  }
  for (const { ruleId, re } of PROMOTION) {
    const hit: Hit | undefined = find(n, re);
    if (hit) return [finding(n, "illegal", ruleId, false, hit)];
  }
  return [];
}
