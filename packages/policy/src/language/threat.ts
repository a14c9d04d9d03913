import type { Finding } from "../detector";
import { find, finding } from "./match";
import type { Normalized } from "./normalize";

/**
 * Explicit threats: a violent verb in the first person aimed at "you/him" ("ti ammazzo", "gli spacco la
 * faccia"), calls to do violence to someone ("bisognerebbe bruciargli la macchina"), intimidation ("so dove
 * abiti", "ti aspetto fuori") and coming armed. "Vi denuncio", "ammazza che caldo" or "questa strada
 * ammazza qualcuno" have no such shape and are left alone.
 */
const EXPLICIT: RegExp[] = [
  /\b(?:ti|vi|gli|te|ve)\s+(?:ammazz(?:o|iamo|ero|eremo)|uccid(?:o|iamo)|uccidero|sparo|spariamo|sparero|sgozzo|accoltello|strozzo|brucio|bruciamo|massacro|massacriamo|squarto|meno|meniamo|pesto|pestiamo|gonfio|gonfiamo|ammazzerei|ucciderei|sparerei|strozzerei|massacrerei|squarterei|faccio fuori|facciamo fuori|faccio la pelle|faccio male|facciamo male|taglio la gola|stacco la testa|faccio a pezzi|facciamo a pezzi|sfondo|sfondiamo|apro in due|apriamo in due)\b/,
  /\b(?:ti|vi|gli)\s+(?:spacco|spacchiamo|rompo|rompiamo|spacchero|rompero|spezzo|spezziamo|spezzero)\s+(?:la faccia|le gambe|le braccia|le mani|le ossa|le costole|la testa|il collo|la schiena|il culo|il muso|i denti|il naso)\b/,
  /\b(?:lo|la|li|le)\s+(?:ammazzo|ammazziamo|uccido|uccidiamo|sgozzo|accoltello|massacro|faccio fuori|facciamo fuori)\b/,
  /\b(?:te|ve)\s+la\s+(?:faccio|facciamo|faremo|faro)\s+pagare\b|\bme la pagher(?:ai|ete)\b/,
  /\b(?:ti|vi)\s+(?:aspetto|aspettiamo|trovo|troviamo|becco|becchiamo)\s+(?:fuori|sotto casa|all'uscita|sotto il comune)/,
  /\b(?:ti|vi)\s+(?:vengo|veniamo|verro|verremo)\s+a\s+(?:prendere|cercare)\b|\b(?:vengo|veniamo|verro|verremo) a (?:prender|cercar)(?:ti|vi|lo|la|li|le)\b/,
  /\b(?:so|sappiamo|sappiamo bene|so bene)\s+dove\s+(?:abiti|vivi|lavori|abitate|vivete|stai|parcheggi|abita|vive|vanno a scuola)\b/,
  /\b(?:ti|vi|gli)\s+(?:faccio|facciamo|faro|faremo)\s+saltare\b/,
  /\b(?:vengo|veniamo|verro|verremo|torno|torniamo|tornero|arrivo|arriviamo|arrivero|passo|passiamo|passero|salgo|porto|portiamo|portero)\b.{0,40}\b(?:col|con il|con la|con un|con una|con le|il|la|un|una|le|i)\s+(?:fucile|fucili|pistola|pistole|coltello|coltelli|mazza|mazze|spranga|spranghe|machete|tanica|benzina|bomba|molotov|ascia)\b/,
  /\b(?:bisognerebbe|bisogna|andrebbe|si dovrebbe|dovremmo|dobbiamo|meriterebbe|meritano|meriterebbero|vorrei|voglio)\s+(?:\w+\s+){0,2}?(?:ammazzar|uccider|impiccar|fucilar|bruciar|sparar|linciar|sgozzar|gambizzar|pestar|menar|picchiar|spaccar|massacrar|accoltellar)(?:gli|lo|la|li|le)\b/,
  /\b(?:vanno|andrebbero|devono essere|dovrebbero essere|meritano di essere|meritate di essere|meriterebbero di essere|dovreste essere|andreste)\s+(?:tutti\s+)?(?:ammazzati|uccisi|impiccati|fucilati|bruciati|sterminati|linciati|gambizzati|appesi|giustiziati|messi al muro)\b/,
  /\b(?:va|andrebbe|deve essere|dovrebbe essere|merita di essere)\s+(?:\w+\s+)?(?:ammazzat|impiccat|fucilat|sparat|linciat|gambizzat)[oa]\b/,
  /\b(?:faccio|facciamo|faro|faremo) (?:una strage|un massacro|una carneficina)\b/,
  /\b(?:meriteresti|meritereste|meriti|meritate|meriterebbe|meriterebbero|meritano|merita) (?:una pallottola|un proiettile|una coltellata|una fucilata|di morire|la morte)\b/,
  // Setting fire to a place, in the first person, or with people inside it.
  /\b(?:do|diamo|daro|daremo) fuoco (?:a tutto|a tutti|a voi|a te|a casa|(?:al|alla|all'|ai|alle) (?:comune|municipio|palazzo|ufficio|uffici|sede|provincia|casa|macchina|auto|negozio|sindaco|assessore|giunta))\b|\b(?:bruciar\w*|dar\w* fuoco\b|far saltare|incendiar\w*).{0,60}\bcon (?:tutti |loro |voi )?dentro\b/,
  /\b(?:andrebbe|bisognerebbe|bisogna|si dovrebbe) da(?:to|re) fuoco\b|\b(?:dargli|dategli|diamogli) fuoco\b|\bgli (?:brucio|bruciamo|bruciano) (?:la|il) (?:macchina|casa|auto|ufficio|negozio)\b/,
  /\bi(?:'ll| will| am going to|'m going to|m gonna| gonna) (?:kill|shoot|stab|hurt|beat) (?:you|him|her|them)\b/,
];

/** Wording that may be a threat or a figure of speech: a human decides, and staff are alerted. */
const VEILED: RegExp[] = [
  /\bnon rispondo (?:piu )?(?:delle mie azioni|di me)\b/,
  /\b(?:prima o poi|presto|un giorno|stai sicur[oa] che) (?:ti|vi) (?:trovo|troviamo|becco|becchiamo|prendo|prendiamo|vengo a trovare)(?=\s*(?:[.!?,;]|$|e\b|sotto|fuori))|\bguarda(?:ti|rti|tevi) le spalle\b|\bi(?:'ll| will) find you\b/,
  /\b(?:prima o poi|un giorno|presto) qualcuno (?:perde la pazienza|perdera la pazienza|si fa giustizia|ve la fa pagare|vi fa male|si fa male)\b/,
  /\b(?:vi|ve la|te la|ti|gliela|gli) (?:fara|faranno|fa|fanno) pagare\b/,
  /\bpoi non (?:piangete|lamentatevi)\b|\bve ne pentirete\b|\bte ne pentirai\b|\bla pagherete\b|\bfinira male\b/,
  /\b(?:stai|state|stia) attent[oaie] a (?:cosa|quello che|come) (?:fai|fate|scrivi|scrivete|dici|dite)\b/,
  /\b(?:stai|state|stia) attent[oaie] (?:quando (?:esci|uscite|esce|torni|tornate|torna)|la sera|di notte)\b/,
  /\b(?:morti che camminano|(?:sei|e) un (?:uomo|morto) morto|una bomba (?:sotto|sopra|dentro|in|nel|nella|al|alla))\b/,
  /\b(?:pres[oiae]|prend\w*) (?:tutti )?a (?:calci|bastonate|sprangate|pugni|schiaffi)\b|\bforconi\b|\bgiustizia (?:da soli|fai da te|sommaria)\b|\barmiamoci\b|\ba morte (?:il|la|i|gli|le|tutti)\b/,
  /\b(?:tutti|andiamo tutti|andiamo) sotto (?:il palazzo|il comune|la provincia|la prefettura|casa (?:sua|vostra|del sindaco))\b/,
];

/**
 * Word stems every pattern above needs, one of them at least: most comments have none, and one cheap scan
 * spares them the patterns. Keep it in step when adding a pattern.
 */
const MAY_THREATEN =
  /ammazz|uccid|uccis|spar|sgozz|accoltell|strozz|bruc|massacr|squart|men[aio]|pest|gonfi|fuori|pelle|male|gola|testa|spacc|romp|paga|aspett|prende|cerca|trov|becc|dove|fucil|pistol|coltell|mazz|sprang|machete|tanica|benzin|bomb|molotov|ascia|impicc|linci|gambizz|picchi|stermin|pres[oiae] |fuoco|strage|carneficina|appes|giustiziat|muro|mort|bomba|kill|shoot|stab|hurt|beat|saltare|rispondo|qualcuno|piang|lamentat|pentir|finira|attent|forcon|giustizia|armiamo|morte|sotto|prend|merit|incendi|pezzi|spezz|sfond|in due|pallottol|proiettil|coltellat|fucilat|spalle|find/;

export function detectThreat(n: Normalized): Finding[] {
  if (!MAY_THREATEN.test(n.text)) return [];
  for (const re of EXPLICIT) {
    const hit = find(n, re);
    if (hit) return [finding(n, "threat", "threat.explicit", true, hit, 0.9)];
  }
  for (const re of VEILED) {
    const hit = find(n, re);
    if (hit) return [finding(n, "threat", "threat.veiled", false, hit, 0.6)];
  }
  return [];
}
