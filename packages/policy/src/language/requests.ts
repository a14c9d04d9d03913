import type { Item } from "@sentinella/core";
import type { Finding } from "../detector";
import { find, finding, type Hit } from "./match";
import type { Normalized } from "./normalize";

/** The author's own case: their practice, payment, document, family member, or something done to them. */
const OWN_CASE =
  /\b(?:la mia|il mio|le mie|i miei|mia|mio) (?:pratica|domanda|richiesta|istanza|posizione|cv|curriculum|rimborso|multa|verbale|cartella|bolletta|codice fiscale|candidatura|iscrizione|segnalazione|ricorso|figli[oa]|nipot[ei]|foto|fotografia|immagine|padre|madre|marito|moglie|nonn[oa]|papa|mamma|famiglia|contratto|permesso|carta d'identita|patente|attivita|azienda|negozio|passo carra\w+|bidone|bidoni|contatore|utenza|tessera|abbonamento|iban|conto corrente|numero|indirizzo|e-mail|email|mail)\b|\b(?:ho|abbiamo) (?:gia )?(?:fatto|presentato|inviato|mandato|chiesto|pagato|ricevuto|caricato|compilato|depositato|segnalato|scritto)\b|\bvi ho (?:gia )?(?:mandato|scritto|inviato|segnalato)\b|\bmi (?:avete|hanno) (?:escluso|esclusa|multato|multata|tolto|negato|respinto|sospeso)\b|\bmi (?:avete|hanno) (?:fatto|dato|notificato|mandato) (?:una|un) (?:multa|verbale|sanzione|cartella|avviso)\b|\bsono stat[oa] (?:esclus|multat|respint|sospes)\w*|\bil portale mi\b|\bmi (?:dice|risulta)\b|\bsono (?:il|la) titolare\b|\b(?:verbale|pratica|protocollo|prot|fascicolo) (?:n|nr|num|numero)\b|\bsono in graduatoria\b|\blo segnalo da\b|\bl'ho (?:gia )?segnalat\w+|\bsbagliat[oa]\b|\bper errore\b|\bho (?:ricevuto |preso )?(?:una|un) (?:multa|verbale|cartella|sanzione|avviso di pagamento)\b/;
/** Asking the office to act on that case, or complaining that it has not. */
const CASE_REQUEST =
  /\brimborsatemi\b|\bpotete (?:verificare|dirmi|controllare|ricontattarmi|richiamarmi|aiutarmi|sistemare|sollecitare)\b|\bsollecit(?:o|iamo|are)\b|\b(?:verificate|controllate)\b|\bscrivetemi\b|\bper essere (?:ri)?(?:chiamat|contattat)[oa]\b|\bmi (?:dite|dica|sapete dire)\b|\bchi mi (?:puo |potrebbe )?(?:ricontatta|risponde|richiama|chiama|aiuta|aiutare|rispondere|ricontattare|richiamare)\b|\ba chi (?:devo |posso )?(?:l[oaie] |li )?(?:rivolgermi|chiedere|scrivere|mando|mandare|invio|inviare|consegno|consegnare)\b|\ba chi mi (?:devo|posso) rivolgere\b|\b(?:perche )?non (?:mi )?risulta\b|\bsenza (?:risposta|esito)\b|\bnessuna risposta\b|\bnessuno (?:mi |ci )?(?:risponde|ha (?:mai )?risposto|ha (?:mai )?richiamato)\b|\bnon ho (?:piu )?saputo (?:niente|nulla)\b|\ba che punto e\b|\bcome (?:faccio|posso fare|devo fare) (?:a|ad|per|ricorso)\b|\bcome (?:posso|faccio a|si fa a) (?:contestar|impugnar|ricorrer|annullar)\w*|\bdevo (?:venire|presentare|rifare|ripresentare|pagare|fare ricorso)\b|\bvorrei (?:parlare|un appuntamento|sapere|chiedere)\b|\bcon chi posso parlare\b|\b(?:le|vi) chiedo\b|\b(?:ri)?chiamatemi\b|\bricontattatemi\b|\bposso (?:inviarvi|mandarvi)\b|\btoglietel[aoie]\b|\brimuovete\b|\bquando (?:arriva|arrivano|mi)\b|\bsi puo avere\b|\berrore vostro\b|\bcosa devo fare\b|\bquando tocca a (?:me|noi)\b/;

/** Questions that are criticism in disguise ("ma vi sembra normale?"): no reply is owed. */
const RHETORICAL =
  /^\s*e (?:voi|poi|intanto)\b|\bchi (?:vi|ti|li|l') ha (?:votat|elett|mess)\w*|\be voi\s*\?|\blo sapete\b|\bperche non \w+(?:ate|ete|ite)\b|\bvi sembra\b|\bvi pare\b|\b(?:che|quale) fine (?:hanno|ha) fatto\b|\bchi (?:ne )?(?:risponde|paga)\b|\bchi (?:vi|ti|li|ci) (?:paga|pagano|ha pagat\w*|mantiene)\b|\bperche (?:fate|fai|fanno|siete|dovete|continuate)\b.{0,30}\bsempre\b|\bdove (?:vanno a finire|finiscono)\b|\bdov'(?:erano|eravate|eri)\b|\bpagati a\b|\bstate scherzando\b|\bscherziamo\b|\bvi rendete conto\b|\be normale\b|\bdavvero (?:pensate|credete|pensi|credi|volete)\b|\b(?:chi|cosa|che) (?:vuoi|volete|vuole) che\b|\bcome (?:si fa|fate|potete|possono) (?:a|ad) (?:essere|non)\b|\bpossibile che\b|\bci fate o ci siete\b|\bvi vergognate\b|\bsiete seri\b|\bche (?:vi |ve ne |gliene )?importa\b|\bcosa (?:vi|ve ne) importa\b|\bcosa aspettate\b|\bquanto ancora\b|\bfino a quando (?:dobbiamo|dovremo|continuerete|volete)\b/;
/**
 * A sentence, up to its closing mark. The dot of a number ("n. 12", "3.5") or of a common abbreviation ("art.",
 * "dott.") ends none: "il verbale n. 12 è online?" is one question.
 */
const SENTENCE =
  /(?:[^.!?\n]|\.(?=\s?\d)|(?<=\b(?:n|nr|art|prot|dott|sig|sigg|ing|avv|geom|prof|tel|pag|ecc))\.)+(?:\?+|[.!\n]|$)/g;
const SELF_ANSWER = /^\s*(?:no|certo che no|ovviamente no|ovvio|appunto|esatto)\b/;
/** What a request for information sounds like, when the item also carries criticism. */
const INFO_CUE =
  /\b(?:quando|dove|come|a che ora|orari?|quanto costa|entro|fino a|serve|bisogna|occorre|si puo|posso|possiamo|vale|valgono|previst\w|sara|verra|riapr\w+|resta|restano|anche|o solo|c'e|ci sono|is there|are there|where|when|how)\b/;
const CRITICISM =
  /\bvergogn\w+|\bgeni\b|\bcomplimenti\b|\bincompetent\w+|\bschifo\b|\bfate (?:solo )?cassa\b|\bridicol\w+|\bcomplimenti davvero\b|\bbravi bravi\b/;
const ASKS_WITHOUT_MARK =
  /^\s*(?:@\S+\s+)?(?:dove|quando|a che ora|quanto costa|quant[ioae]|quali sono|qual e|quale|da quale|come (?:si|posso|faccio|devo|possiamo)|a chi (?:devo|posso)|is there|where|when|how)\b|\b(?:vorrei sapere|volevo sapere|sapete dirmi|sapete se|mi sapete dire|potete dirmi|mi potete dire|chiedo info|informazioni (?:su|sul|sulla|sugli|sulle|sui|per|riguardo)|come si fa (?:a|ad|per)|quanto cost[ao]|quanto si paga)\b/;
/** Questions put to other users, not to the office. */
const TO_OTHER_USERS =
  /\bqualcuno\b|\bchi (?:viene|vuole venire|ci va|ci viene|si unisce)\b|\bqualcun altro\b|\banyone\b|\banybody\b/;

/**
 * Filing something on a social channel: a formal complaint or application, a claim for one's own refund, waiting
 * for one's own outcome. The office redirects it to its official channel.
 */
const FILING =
  /\b(?:vorrei|voglio|devo|intendo) (?:presentare|fare|sporgere|inoltrare) (?:un |una |formale )?(?:reclamo|ricorso|istanza|esposto|richiesta di \w+)\b|\breclamo formale\b|\bchiedo formalmente\b|\bchiedo (?:il|la|un|una|l') ?(?:rimborso|risarcimento|esenzione|rateizzazione|annullamento|rettifica)\b|\b(?:attendo|aspetto|attendiamo|aspettiamo)\b.{0,30}\b(?:il|la|mio|mia|nostro|nostra) (?:rimborso|pratica|contributo|esito|pagamento|bonus)\b/;
/** Asking to be called or written back: only one's own case is handled that way. */
const CALL_BACK =
  /\b(?:ri)?chiamatemi (?:al|allo|pure|per)\b|\bricontattatemi\b|\bper essere (?:ri)?(?:chiamat|contattat)[oa]\b/;

/** Filing a report on a social channel ("vi segnalo che…"): the office redirects it to its official channel. */
const REPORT =
  /^\s*(?:@\S+\s+)?(?:vi |le |ti )?segnal(?:o|iamo)\b|\b(?:vi|le) segnal(?:o|iamo)\b|\bsegnal(?:o|iamo) che\b/;

export function detectPersonalRequest(n: Normalized): Finding[] {
  const report = find(n, REPORT);
  if (report) return [finding(n, "personal_request", "personal_request.report", true, report, 0.7)];
  const filing = find(n, FILING);
  if (filing) return [finding(n, "personal_request", "personal_request.filing", true, filing, 0.75)];
  const callBack = find(n, CALL_BACK);
  if (callBack) return [finding(n, "personal_request", "personal_request.call-back", true, callBack, 0.75)];
  const own = find(n, OWN_CASE);
  const request = own && find(n, CASE_REQUEST);
  return own && request ? [finding(n, "personal_request", "personal_request.own-case", true, request, 0.8)] : [];
}

export function detectQuestion(n: Normalized, kind: Item["kind"], original: string): Finding[] {
  if (kind !== "mention" && original.trimStart().startsWith("@")) return [];
  // Read only once a sentence asks something: most comments ask nothing.
  let critical: boolean | undefined;
  // An exec loop, not matchAll, which clones the pattern on every call: this runs on most items.
  SENTENCE.lastIndex = 0;
  for (let m = SENTENCE.exec(n.text); m !== null; m = SENTENCE.exec(n.text)) {
    const sentence = m[0];
    const asked = sentence.includes("?") || ASKS_WITHOUT_MARK.test(sentence);
    if (!asked || RHETORICAL.test(sentence) || TO_OTHER_USERS.test(sentence)) continue;
    // A question the author answers at once ("…? No, non lo e.") is a rhetorical one.
    if (SELF_ANSWER.test(n.text.slice(m.index + sentence.length))) continue;
    const words = sentence.match(/[a-z]+/g)?.length ?? 0;
    const informative = INFO_CUE.test(sentence);
    critical ??= CRITICISM.test(n.text);
    if ((words <= 3 || critical) && !informative) continue;
    const hit: Hit = { from: m.index, to: m.index + sentence.length };
    return [finding(n, "question", "question.information", true, hit, informative ? 0.85 : 0.7)];
  }
  return [];
}
