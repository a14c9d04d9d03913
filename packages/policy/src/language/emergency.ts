import type { Finding } from "../detector";
import { find, finding, type Hit } from "./match";
import type { Normalized } from "./normalize";

/** Dangers that, described in the present, are happening now. */
const HAZARDS: RegExp[] = [
  // fire
  /\bincendio\b(?! (?:di|del|della) (?:ieri|scors))|\bfiamme\b|\b(?:va|vanno|sta andando|stanno andando) a fuoco\b|\bsta(?:nno)? bruciando\b|\bfumo (?:nero|denso|che esce|dal tetto)\b|\bfumo arriva\b|\b(?:esce|escono|uscendo) (?:del |tanto |molto )?fumo\b|\bfumo (?:dalla finestra|dalle finestre|dal palazzo|dalla casa|dalla cantina|dal garage)\b|\bfire\b/,
  // flood
  /\bsta(?:nno)? (?:esondando|straripando)\b|\b(?:sta|stanno) (?:uscendo|salendo|entrando)\b.{0,80}\bacqua\b|\bacqua\b.{0,80}\b(?:sta|stanno) (?:uscendo|salendo|entrando)\b|\b(?:acqua|fango) (?:e )?(?:gia )?(?:sulla|in) (?:strada|carreggiata|casa)\b|\bpien[oa] d'acqua\b|\ballagament\w* in corso\b|\b(?:macchina|auto|persona|persone|bambin\w+)\b.{0,30}\bbloccat[aoie] (?:dentro|nell'acqua|in acqua|nel sottopasso)\b|\ballagat[oaie] (?:adesso|ora|in questo momento)\b|\bflood(?:ing|ed)\b/,
  // landslide, rockfall, collapse
  /\b(?:sta|stanno) (?:cadendo|franando|crollando|cedendo|scendendo)\b.{0,40}\b(?:sassi|massi|pietre|detriti|alberi|albero|rami|tetto|muro|ponte|calcinacci|versante|frana)\b|\b(?:sassi|massi|pietre|detriti|alberi|albero|rami|tetto|muro|ponte|calcinacci|versante|frana)\b.{0,40}\b(?:sta|stanno) (?:cadendo|franando|crollando|cedendo|scendendo)\b|\b(?:sassi|massi|pietre|detriti|rami|calcinacci) che (?:cadono|scendono|rotolano)\b|\b(?:massi|sassi|pietre|detriti) (?:in mezzo|sulla strada|sulla carreggiata|sulla corsia)\b|\bfrana (?:in corso|adesso|ora)\b|\be crollat[oa] (?:adesso|ora|un)\b/,
  // gas
  /\b(?:fuga|odore|puzza|perdita) (?:forte )?di gas\b|\b(?:odore|puzza) (?:forte |fortissim[oa] )?di (?:bruciato|fumo)\b|\bterremoto\b.{0,3}!!|\b(?:terremoto|scossa) (?:adesso|ora|in corso|in questo momento|fortissima)\b|\b(?:rott\w+|spaccat\w+|bucat\w+) (?:un |il )?tubo del gas\b|\btubo del gas\b.{0,30}\b(?:rott|spaccat|bucat|perde)\w*|\bgas\b.{0,60}\bpuzza\b|\bsmell of gas\b|\bgas leak\b/,
  // accident, person in danger
  /\bincidente (?:adesso|ora|appena|in questo momento|grave)\b|\b(?:auto|macchin[ae]|camion|furgon[ei]) (?:\w+ )?fuori strada\b|\b(?:finit[oaie]|uscit[oaie]) (?:fuori strada|nel fosso|nel canale|nel fiume)\b|\b(?:vuole|sta per|minaccia di) (?:buttarsi|gettarsi|lanciarsi)\b|\bci sono (?:dei |due |tre |molti )?feriti\b|\bferit[oi] (?:a terra|grav[ei])\b|\b(?:persone|persona|gente) incastrat[aei]\b|\bc'e un (?:brutto |grave )?incidente\b|\b(?:auto|macchina|camion|furgone|moto) ribaltat[oa]\b|\bservono (?:i )?soccorsi\b|\bnon si muove\b|\bchiamate (?:qualcuno|un'ambulanza|l'ambulanza|i soccorsi)\b|\bnon respira\b|\bpersona (?:sul tetto|intrappolata|in acqua)\b|\bintrappolat[oaie]\b|\bnon risponde da\b|\b(?:bambin[oa]|signora|anzian[oa]|persona|gente)\b.{0,40}\bal freddo\b|\baiuto\b.{0,3}$|^aiuto\b/,
  // a hazard verb in the present progressive, an event "in corso", someone trapped or collapsed
  /\b(?:sta|stanno) (?:allagando|bruciando|affondando|annegando|andando a fuoco)\b|\b(?:incendio|incendi|frana|allagamento|esondazione|fuga di gas|crollo) in corso\b|\b(?:ci sono|c'e) (?:ancora )?(?:persone|qualcuno|gente|bambini|un bambino|una persona) (?:dentro|intrappolat\w*|bloccat\w*|sotto|in acqua)\b|\bsi e sentit[oa] male\b|\be svenut[oa]\b|\bha (?:avuto )?un malore\b/,
  // hazards left on the road or live wires
  /\b(?:alber[oi]|pal[oi]) cadut[oi]\b.{0,80}\b(?:adesso|ora|in questo momento|al buio|occupa|blocca)\b|\b(?:e|sono) cadut[oi] (?:un |due |degli |dei |il |un grosso )?(?:alber[oi]|pal[oi])\b.{0,80}\b(?:occupa|occupano|blocca|bloccano|pericol\w*)\b|\bcavi (?:elettrici )?(?:a terra|scoperti|staccati|penzolanti)\b|\bscintille\b/,
];
/** Words that put the event in the past or make it a recurring complaint, not a report. */
const NOT_NOW =
  /\b(?<!da )ieri\b|\bc'era\b|\bscors[oa]\b|\bl'avevano\b|\bl'anno scorso\b|\bogni volta\b|\bdell'alluvione\b|\bultima alluvione\b|\bda (?:mesi|anni)\b|\bogni (?:settimana|giorno|mese|anno|inverno|estate)\b|\bera stat[oa]\b|\bsono arrivati\b|\bc'e stat[oa]\b|\bci sono stati\b/;
const NOW = /\b(?:adesso|ora|in questo momento|stanno|sta|right now|now|gia|subito)\b|!!|\baiuto\b|\bqualcuno avvisi\b/;

/** Word stems every hazard pattern needs, one at least: a cheap scan that spares most comments the patterns. */
const MAY_BE_HAZARD =
  /incendi|fiamm|fuoco|bruci|fumo|fire|esond|strarip|uscendo|salendo|acqua|fango|allagat|allagament|bloccat|flood|cadendo|franando|crollando|cedendo|frana|crollat|gas|incidente|ribaltat|soccors|muove|respira|persona|intrappolat|risponde|freddo|aiuto|chiamate|cadut|cavi|entrando|scendendo|cadono|scendono|rotolano|feriti|ferito|incastrat|allagando|affondando|annegando|crollo|persone|qualcuno|gente|bambin|intrappol|sentit|svenut|malore|buttarsi|gettarsi|lanciarsi|scintille|terremoto|scossa|odore|fosso|canale|fiume|fuori strada/;

export function detectEmergency(n: Normalized): Finding[] {
  if (!MAY_BE_HAZARD.test(n.text)) return [];
  let hazard: Hit | undefined;
  for (const re of HAZARDS) {
    hazard = find(n, re);
    if (hazard) break;
  }
  if (!hazard || NOT_NOW.test(n.text)) return [];
  return [finding(n, "emergency", "emergency.report", true, hazard, NOW.test(n.text) ? 0.9 : 0.7)];
}
