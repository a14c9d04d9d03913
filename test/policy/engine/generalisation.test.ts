import type { Action, ItemKind } from "@sentinella/core";
import { type ClassifyContext, classify, getPolicy } from "@sentinella/policy";
import { describe, expect, it } from "vitest";

const monza = getPolicy("provincia-monza-brianza");
const actionsOf = (text: string, kind: ItemKind = "comment", context: ClassifyContext = {}) =>
  classify({ text, kind, platform: "instagram" }, monza, context).actions;

type Case = [text: string, actions: Action[]];
const expectActions = (cases: Case[]) =>
  it.each(cases)("%s → %j", (text, actions) => expect(actionsOf(text)).toEqual(actions));

describe("an emoji standing for a letter, or a word glued to a spelled-out insult, still counts", () => {
  expectActions([
    ["il dirigente è un c🤬glione", ["hide"]],
    ["str💩nza di una funzionaria", ["hide"]],
    ["b🔥stardi tutti in Provincia", ["hide"]],
    ["v a f f a n c u l o e basta", ["hide"]],
    ["e s t r o n z i", ["hide"]],
    // An emoji between two ordinary words is no disguise.
    ["Sono🙂contento del nuovo orario", ["allow"]],
    ["Bravi👏finalmente", ["allow"]],
  ]);
});

describe("a capitalised surname that opens a sentence is a name", () => {
  expectActions([
    ["Negro ha ragione sul bilancio.", ["allow"]],
    ["Ottimo intervento. Negro Luisa chiede trasparenza e ha ragione.", ["allow"]],
    ["Troia è una bella città della Puglia", ["allow"]],
    // Shouted at someone it is still a slur or an insult.
    ["Negro, tornatene al tuo paese", ["hide"]],
    ["Stronzo che non sei altro", ["hide"]],
  ]);
});

describe("repetition spam compares the masked forms the pipeline stores", () => {
  const text = "Vendo bici elettrica quasi nuova, chiamate il 347 765 4321 per info";
  const stored = "Vendo bici elettrica quasi nuova, chiamate il [omissis] per info";
  it.each([
    ["stored (redacted) history", [stored, stored]],
    ["raw history", [text, text]],
    ["history with another number", [text.replace("765 4321", "111 2233"), stored]],
  ])("the third copy is hidden as spam with %s", (_, history) => {
    const decision = classify({ text, kind: "comment", platform: "facebook" }, monza, {
      recentTextsByAuthor: history,
    });
    expect(decision.actions).toEqual(["hide"]);
    expect(decision.categories.map((c) => c.category)).toContain("spam");
  });
  it("a different text with the same masked number is not a copy", () => {
    const decision = classify(
      { text: "Il mio numero è 347 765 4321, chiamatemi per la pratica", kind: "message", platform: "facebook" },
      monza,
      {
        recentTextsByAuthor: [stored, stored],
      },
    );
    expect(decision.categories.map((c) => c.category)).not.toContain("spam");
  });
});

describe("emergencies described as happening now, in more of the ways people write them", () => {
  expectActions([
    ["Sta andando a fuoco il fienile dietro la chiesa", ["reply", "escalate"]],
    ["L'acqua sta entrando nei garage di via Po, mandate qualcuno", ["reply", "escalate"]],
    ["La frana sta scendendo verso le case", ["reply", "escalate"]],
    ["Sassi che rotolano sulla statale, attenzione", ["reply", "escalate"]],
    ["Scontro frontale alla rotonda, ci sono due feriti", ["reply", "escalate"]],
    ["È caduto un grosso albero sulla ciclabile e la blocca", ["reply", "escalate"]],
    // Past events and figures of speech are not reports.
    ["L'anno scorso la frana stava scendendo e nessuno ha fatto niente", ["allow"]],
    ["I prezzi stanno andando alle stelle", ["allow"]],
  ]);
});

describe("threats: setting fire, deserving to be hanged, kicking people out", () => {
  expectActions([
    ["Domani porto la benzina e do fuoco al municipio", ["hide", "escalate"]],
    ["Bisognerebbe incendiare l'ufficio tecnico con loro dentro", ["hide", "escalate"]],
    ["Meritate di essere impiccati, tutti", ["hide", "escalate"]],
    ["Andrebbero presi tutti a calci nel sedere", ["review", "escalate"]],
    ["Qualcuno dovrebbe prenderli a schiaffi", ["review", "escalate"]],
    // Fire in other senses is no threat.
    ["Il falò di San Giuseppe: diamo fuoco alla vecchia alle 21", ["allow"]],
  ]);
});

describe("personal requests: asking to be called back, formal requests, reminders about one's own case", () => {
  expectActions([
    ["Richiamatemi per favore per la questione della mensa", ["reply"]],
    ["Chiedo formalmente l'accesso agli atti del mio cantiere", ["reply"]],
    ["La mia istanza è ferma da aprile, sollecito una risposta", ["reply"]],
    ["Ho inviato il modulo due volte, verificate per cortesia", ["reply"]],
  ]);
});

describe("questions that are criticism: no reply owed", () => {
  expectActions([
    ["Vi pare una cosa seria? No.", ["allow"]],
    ["È normale pagare così tanto per un servizio così?", ["allow"]],
    ["Cosa volete che vi dica, fate sempre così?", ["allow"]],
    ["Come si fa a non vedere quelle buche?", ["allow"]],
    // Genuine ones still are.
    ["Come si fa a iscriversi al corso?", ["reply"]],
  ]);
});

describe("a phone number followed by words is no IBAN", () => {
  expectActions([
    ["chiamate al 339 456 7812 per il ritiro del divano", ["hide"]],
    ["il numero di mio figlio è al 328 765 4321 dopo le sei", ["hide"]],
  ]);
});

describe("spam, illegal offers and curses at a group, in more wordings", () => {
  expectActions([
    ["Inoltra questo messaggio a 15 contatti o avrai sfortuna in amore", ["hide"]],
    ["Copia e condividi questo post entro stasera, fortuna per 10 anni", ["hide"]],
    ["Col trading ho trasformato 100 euro in 5.000 in due settimane, chiedimi come", ["hide"]],
    ["Infissi nuovi a prezzi di fabbrica, vendiamo e installiamo, chiamateci al 0372 123456", ["hide"]],
    ["Gasolio di contrabbando a 1 euro al litro, chi ne vuole?", ["hide"]],
    ["Champions e Serie A sbloccate, IPTV a 15 euro al mese", ["hide"]],
    ["Sporchi zingari, via dal paese", ["hide"]],
    ["Quegli arabi schifosi non li voglio vedere", ["hide"]],
    ["sei una cogliona", ["hide"]],
    // A price or a phone alone is no offer, and talking about a group is no curse.
    ["Il biglietto del bus costa 2 euro, troppo", ["allow"]],
    ["Gli zingari del campo di via Po chiedono acqua corrente", ["allow"]],
  ]);
});

describe("propaganda: a call not to vote for someone, support for a list, going to vote for a party", () => {
  const inCampaign = (text: string) =>
    classify({ text, kind: "comment", platform: "x" }, monza, { electionPeriod: true });
  it.each([
    ["Il candidato Neri vi ha preso in giro per anni: non votatelo", ["hide"]],
    ["Sostieni Brianza Civica, il voto che conta", ["hide"]],
    ["Tutti a votare Monza Domani!", ["hide"]],
    ["La candidata Fumagalli non sa nemmeno quante scuole ci sono", ["review"]],
    ["Domenica andate a votare, è un diritto", ["allow"]],
  ])("%s → %j", (text, actions) => expect(inCampaign(text).actions).toEqual(actions));
});

describe("off-topic and trolling, by word family rather than by sentence", () => {
  const categoriesOf = (text: string, postText: string) =>
    classify({ text, kind: "comment", platform: "linkedin", postText }, monza, {}).categories.map((c) => c.category);
  const post = "Bando per le borse di studio provinciali: domande entro il 15 marzo.";
  it.each([
    ["Chi conosce un buon commercialista in zona?", "off_topic"],
    ["Sapete consigliarmi un elettricista onesto?", "off_topic"],
    ["Our company closed the year with record sales, proud of the team!", "off_topic"],
    ["Chissà se stavolta avete il fegato di bannarmi", "trolling"],
  ])("%s → %s", (text, category) => expect(categoriesOf(text, post)).toEqual([category]));
  it("asking to be taken off a mailing list is no provocation", () =>
    expect(categoriesOf("Vorrei cancellarmi dalla newsletter delle borse di studio", post)).not.toContain("trolling"));
  it("a call-back number inside an emergency report is part of the report", () =>
    expect(categoriesOf("Sta bruciando un capannone in via Po, chiamatemi al 347 111 2233 vi spiego", post)).toEqual([
      "emergency",
      "pii",
    ]));
});

describe("emergencies: hazards in progress, people trapped or collapsed; threats with the pronoun attached", () => {
  expectActions([
    ["Il torrente sta allagando il cortile della scuola", ["reply", "escalate"]],
    ["Frana in corso sulla strada per il castello", ["reply", "escalate"]],
    ["Un'auto è uscita di strada nel canale, c'è ancora una persona dentro", ["reply", "escalate"]],
    ["Una ragazza si è sentita male alla fermata e nessuno si ferma", ["reply", "escalate"]],
    ["Lavori in corso sulla provinciale, ci sono cantieri ovunque", ["allow"]],
    ["Vengo a prenderti sotto l'ufficio, vedrai", ["hide", "escalate"]],
    // "Davvero pensate che…?" is criticism, not a question.
    ["Davvero pensate che qualcuno ci creda?", ["allow"]],
  ]);
});

describe("a question about one's own file is a personal request, not a public-interest question", () => {
  const categoriesOf = (text: string) =>
    classify({ text, kind: "message", platform: "facebook" }, monza, {}).categories.map((c) => c.category);
  it.each([
    "Mi hanno notificato una sanzione per il passo carraio, a chi la mando la contestazione?",
    "Ho versato l'acconto ma non mi risulta registrato, perché?",
    "Pratica nr 2231: a chi mi devo rivolgere per sapere l'esito?",
  ])("%s", (text) => expect(categoriesOf(text)).toEqual(["personal_request"]));
});

describe("regional insults and a word split by one separator", () => {
  expectActions([
    ["Assessore sei proprio un cojone", ["hide"]],
    ["Li mortacci vostra, sempre chiuso", ["hide"]],
    ["va fan culo voi e la vostra ztl", ["hide"]],
    ["il presidente è uno str.onzo", ["hide"]],
    ["bast-ardi in provincia", ["hide"]],
    // Hyphens and dots between ordinary words join nothing offensive.
    ["Il sotto-passo è allagato da ieri, ora è chiuso", ["allow"]],
    ["Ciao.Come si chiama l'assessore allo sport?", ["reply"]],
  ]);
});

describe("more threats and dangers in progress, more rhetorical questions", () => {
  expectActions([
    ["Vi faccio a pezzi uno per uno", ["hide", "escalate"]],
    ["Gli spezzo le braccia a quel vigile", ["hide", "escalate"]],
    ["Meritate una pallottola tutti quanti", ["hide", "escalate"]],
    ["Guardati le spalle, sindaco", ["review", "escalate"]],
    ["Stai sicuro che ti becco.", ["review", "escalate"]],
    ["Un furgone è finito nel fosso sulla provinciale, venite", ["reply", "escalate"]],
    ["Puzza di bruciato fortissima dal quadro elettrico della palestra", ["reply", "escalate"]],
    ["Scossa fortissima, crepe nel campanile", ["reply", "escalate"]],
    ["Perché continuate a rimandare sempre tutto?", ["allow"]],
    ["Chi vi mantiene, noi?", ["allow"]],
    // Not threats, not emergencies.
    ["Prima o poi ti trovo un posto al mercato, promesso", ["allow"]],
    ["Meriti un applauso per la pazienza", ["allow"]],
    ["Il terremoto del 2012 ha lasciato ferite ancora aperte", ["allow"]],
  ]);
});

describe("the dot of a number or an abbreviation does not end a question", () => {
  expectActions([
    ["La delibera n. 45 è già in vigore?", ["reply"]],
    ["Dott. Bianchi riceve ancora il martedì?", ["reply"]],
    ["Ok. Grazie mille.", ["allow"]],
  ]);
});

describe("private lessons and money-doubling as advertising; conspiracy tropes about a group", () => {
  expectActions([
    ["Offro lezioni di chitarra, 20 euro all'ora, scrivetemi", ["hide"]],
    ["Raddoppia il tuo capitale in 7 giorni con le crypto", ["hide"]],
    ["I cinesi controllano il mondo, aprite gli occhi", ["review"]],
    ["Offro un passaggio a chi deve andare al mercato sabato", ["allow"]],
  ]);
});
