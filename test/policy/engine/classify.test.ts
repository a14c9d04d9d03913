import { Decision, type ItemKind } from "@sentinella/core";
import { type ClassifyContext, classify, getPolicy } from "@sentinella/policy";
import { describe, expect, it } from "vitest";

const cento = getPolicy("comune-cento");
const decide = (text: string, kind: ItemKind = "comment", context: ClassifyContext = {}) =>
  classify({ text, kind, platform: "facebook" }, cento, context);
const categoriesOf = (text: string, kind?: ItemKind) => decide(text, kind).categories.map((c) => c.category);

describe("classify: the guide's actions", () => {
  it.each([
    // Criticism, however harsh, is never a violation.
    ["Incompetenti, la ciclabile è piena di buche da due anni e nessuno fa niente", ["allow"]],
    ["Che schifo queste strade, porca miseria, cavolo sistemate", ["allow"]],
    ["Il sindaco Bianchi ha promesso il parcheggio e non l'ha fatto: bocciato", ["allow"]],
    ["Grazie a Dio hanno riaperto il ponte", ["allow"]],
    ["", ["allow"]],
    ["👍👍👍", ["allow"]],
    ["The new bike lane looks great", ["allow"]],
    // Strong insults aimed at someone are hidden, in plain or disguised form.
    ["Siete degli stronzi", ["hide"]],
    ["sei un c0gl10n3", ["hide"]],
    ["assessore s.t.r.o.n.z.o", ["hide"]],
    ["m e r d a di amministrazione", ["hide"]],
    // Mild insults and undirected vulgarity go to a human.
    ["Il vigile mi ha dato del coglione davanti a tutti", ["review"]],
    ['Stasera al cinema all\'aperto danno "Bastardi senza gloria"', ["review"]],
    ["Siete dei pagliacci", ["review"]],
    ["Finalmente cazzo, era ora", ["review"]],
    ["Siete dei ladri, con i nostri soldi", ["review"]],
    ["Stanotte i ladri sono entrati in tre case, servono telecamere", ["allow"]],
    // Threats are hidden and escalated.
    ["Se non sistemate la strada ti aspetto fuori dal comune", ["hide", "escalate"]],
    ["Prima o poi qualcuno ve la farà pagare", ["review", "escalate"]],
    ["Vi ammazzerei tutti quanti", ["hide", "escalate"]],
    ["Bisognerebbe dare fuoco alla sede con dentro tutta la giunta", ["hide", "escalate"]],
    ["Gli assessori andrebbero appesi in piazza", ["hide", "escalate"]],
    ["Domani vengo in municipio e faccio una strage", ["hide", "escalate"]],
    ["Assessore, stai attento quando esci di casa la sera", ["review", "escalate"]],
    ["La strage di Bologna non va dimenticata", ["allow"]],
    ["Il pagamento è ritardato di un mese", ["allow"]],
    // An animal or a disability thrown at someone is a strong insult wherever it is aimed (guide, engine-5).
    ["Quel ritardato del presidente", ["hide"]],
    ["Quel maiale del consigliere", ["hide"]],
    ["Sagra del maiale sabato in piazza, venite!", ["allow"]],
    ["Chi ha firmato questo progetto meriterebbe di essere preso a calci", ["review", "escalate"]],
    // Emergencies: reply pointing to 112 and alert staff at once.
    ["C'è un incendio adesso nel capannone dietro la stazione, fiamme altissime!", ["reply", "escalate"]],
    ["Allagamento in corso nel sottopasso, c'è un'auto bloccata dentro", ["reply", "escalate"]],
    ["C'è un incidente sulla tangenziale, un'auto ribaltata, servono soccorsi", ["reply", "escalate"]],
    ["Su quella curva c'è un incidente ogni settimana, mettete un semaforo", ["allow"]],
    // Questions of public interest get a reply; rhetorical ones do not.
    ["A che ora apre l'ufficio anagrafe il sabato?", ["reply"]],
    ["Ma vi sembra normale lasciare la piazza così?", ["allow"]],
    ["Parco giochi chiuso da mesi. Ma tanto a voi che importa?", ["allow"]],
    // Personal requests: one's own case, redirected to the official channel.
    ["Sono in graduatoria per l'alloggio da due anni, quando tocca a me?", ["reply"]],
    ["Vi segnalo che il semaforo dell'incrocio è spento da ieri", ["reply"]],
    ["Vorrei presentare un reclamo formale per la mensa scolastica", ["reply"]],
    ["Buongiorno, attendo da tre mesi il rimborso della TARI", ["reply"]],
    ["Chiedo la riduzione delle tasse per tutti i commercianti!", ["allow"]],
    ["Ho mandato tre mail per il mio passo carrabile e nessuno risponde", ["reply"]],
    ["Informazioni sugli orari della biblioteca per favore", ["reply"]],
    // Illegal offers are hidden; reporting an illegal activity is not an offer.
    ["Chi vuole cocaina mi scriva in privato", ["hide"]],
    ["Vendo sigarette di contrabbando, scrivetemi", ["hide"]],
    ["Vendo scarpe Nike taroccate, spedizione gratuita", ["hide"]],
    ["Al parco spacciano cocaina ai ragazzi, intervenite", ["allow"]],
    ["Vi scrivo in privato per il fumo del camino del vicino", ["allow"]],
    // Promoting piracy is queued; offering it is hidden.
    ["Guardatevi la partita sul link pirata che gira, altro che abbonamento", ["review"]],
    // A stereotype about a group without slurs goes to a human.
    ["Quelli del sud non sanno lavorare, ecco perché il cantiere è fermo", ["review"]],
    ["I disabili sono un peso per il bilancio", ["review"]],
    ["Basta moschee, che se ne tornino a casa loro", ["review"]],
    ["Il servizio torna a casa vostra da lunedì", ["allow"]],
    ["Questi zingari di merda", ["hide"]],
    ["Gli stranieri che lavorano qui pagano le tasse come tutti", ["allow"]],
    // Minors: details that single out a child go to a human.
    ["La bimba dei Galli, quella in carrozzina, resta fuori dalla mensa", ["review"]],
    // Trolling and questions to other users are never answered by the office.
    ["Primo commento! Ciao a tutti", ["review"]],
    ["Chi viene alla sagra domenica?", ["allow"]],
    ["Avete pubblicato la foto di mia nipote senza permesso, toglietela", ["reply"]],
    // Spam.
    ["Guadagna 500€ al giorno lavorando da casa, scrivimi in privato!", ["hide"]],
    ["Ciao, sono Giada e cerco nuovi amici nella tua zona 😘 guarda il mio profilo", ["hide"]],
    ["Date un'occhiata al sito w w w . vincisempre . net per scoprire come", ["hide"]],
    // A business promoting itself is doubtful: a human decides.
    ["Complimenti! Venite a trovarci nella nostra pizzeria in centro, menu speciale", ["review"]],
    ["Iscrivetevi al servizio di allerta meteo, visitate il sito della Provincia", ["allow"]],
  ])("%j → %j", (text, actions) => {
    expect(decide(text).actions).toEqual(actions);
  });

  it.each([
    ["Gatto smarrito ieri in zona stazione, si chiama Briciola", ["review"]],
    ["Mi consigliate un buon meccanico in zona?", ["review"]],
    ["Il nuovo calendario arriva anche a chi abita in campagna?", ["reply"]],
  ])("under a post on waste collection: %j → %j", (text, actions) => {
    const post = "Raccolta differenziata: il nuovo calendario dal 1° marzo";
    expect(classify({ text, kind: "comment", platform: "facebook", postText: post }, cento).actions).toEqual(actions);
  });

  it("never puts hide and review together, and allow stands alone", () => {
    const decision = decide("Siete dei pagliacci e degli stronzi");
    expect(decision.actions).toEqual(["hide"]);
  });

  it("hides propaganda only inside an election period, and otherwise queues it", () => {
    const text = "Domenica votate Marco Bianchi sindaco!";
    expect(decide(text, "comment", { electionPeriod: true }).actions).toEqual(["hide"]);
    expect(decide(text, "comment", { electionPeriod: false }).actions).toEqual(["review"]);
  });

  it.each([
    ["Domenica tutti a votare per Martini, l'unico serio!", ["hide"]],
    ["La candidata Neri ha fatto solo danni da assessora, non merita fiducia", ["review"]],
    ["Chi deve votare per posta come fa?", ["reply"]],
  ])("in an election period: %j → %j", (text, actions) => {
    expect(decide(text, "comment", { electionPeriod: true }).actions).toEqual(actions);
  });

  it("finds the election period from the date when the caller does not say", () => {
    const text = "Domenica votate Marco Bianchi sindaco!";
    const [period] = cento.electionPeriods;
    expect(period).toBeDefined();
    const inside = new Date(`${period?.to}T10:00:00Z`);
    expect(decide(text, "comment", { at: inside }).actions).toEqual(["hide"]);
    expect(decide(text, "comment", { at: new Date("2019-01-15T10:00:00Z") }).actions).toEqual(["review"]);
  });
});

describe("classify: the guide's hard cases", () => {
  it.each([
    ["a street named as a place", "In via Roma la buca è ancora lì, quando la sistemate?", ["reply"]],
    [
      "an official named in public role",
      "L'assessore Ferri aveva promesso la ciclabile per giugno: bocciato",
      ["allow"],
    ],
    ["spaced letters", "siete dei s t r o n z i", ["hide"]],
    ["look-alike Unicode letters", "sei un ѕtrоnzо", ["hide"]],
    [
      "a link to a news site on topic",
      "Ne parla il Resto del Carlino: https://www.ilrestodelcarlino.it/ferrara/cronaca",
      ["allow"],
    ],
    ["a link to an institutional site", "Il modulo è su https://www.comune.cento.fe.it/modulistica", ["allow"]],
  ])("%s", (_, text, actions) => {
    expect(decide(text).actions).toEqual(actions);
  });

  it("hides a private home address with house number, not a street named as a place", () => {
    const decision = decide("Abito in via Roma 12, scala B, e da una settimana non passa la raccolta");
    expect(decision.actions).toContain("hide");
    expect(decision.categories.map((c) => c.category)).toContain("pii");
  });
});

describe("classify: personal data", () => {
  it("leaves the entity's own published contacts alone", () => {
    const decision = decide("Scrivete all'URP urp@comune.cento.fe.it o chiamate il numero verde 800 375 515");
    expect(decision.actions).toEqual(["allow"]);
    expect(decision.redactedText).toContain("urp@comune.cento.fe.it");
  });

  it("hides a private e-mail exposed in a comment and masks it in the redacted text", () => {
    const decision = decide("Per le ripetizioni scrivete a giulia.ferri88@gmail.com che vi rispondo");
    expect(decision.actions).toContain("hide");
    expect(decision.categories.map((c) => c.category)).toContain("pii");
    expect(decision.redactedText).not.toContain("giulia.ferri88@gmail.com");
    expect(decision.redactedText).toContain("[omissis]");
  });

  it("hides a number exposed in a public request and still answers the request", () => {
    const decision = decide("Il mio numero è 340 112 2334, richiamatemi per la pratica del passo carraio");
    expect(decision.actions).toEqual(["hide", "reply"]);
    expect(decision.categories.map((c) => c.category).sort()).toEqual(["personal_request", "pii"]);
  });

  it("labels a private message by what it asks, but still masks the identifiers in it", () => {
    const decision = decide("Buongiorno, a che ora apre l'ufficio tributi? Il mio numero è 347 123 4567", "message");
    expect(decision.actions).toEqual(["reply"]);
    expect(decision.categories.map((c) => c.category)).not.toContain("pii");
    expect(decision.redactedText).not.toContain("347 123 4567");
  });
});

describe("classify: spam", () => {
  it("counts the phone number an advertiser posts as part of the spam, not as personal data", () => {
    const decision = decide("Guadagna 500€ al giorno con il trading, scrivimi su WhatsApp al 351 876 5432!");
    expect(decision.actions).toEqual(["hide"]);
    expect(decision.categories.map((c) => c.category)).toEqual(["spam"]);
    expect(decision.redactedText).not.toContain("876 5432");
  });

  it("treats the number left by someone offering undeclared work as part of the offer", () => {
    const decision = decide("Faccio lavori in nero a prezzi bassi, chiamatemi 333 445 5667");
    expect(decision.actions).toEqual(["hide"]);
    expect(decision.categories.map((c) => c.category).sort()).toEqual(["illegal", "spam"]);
  });

  it("treats a trader who leaves a number to call as an advertiser, and without the number queues it", () => {
    const withNumber = decide("Compriamo auto e moto usate, pagamento in contanti, chiamate 339 765 4321");
    expect(withNumber.actions).toEqual(["hide"]);
    expect(withNumber.categories.map((c) => c.category)).toEqual(["spam"]);
    expect(decide("Compriamo auto e moto usate in tutta la provincia").actions).toEqual(["review"]);
  });
});

describe("classify: private messages", () => {
  it("answers a message about one's own refund, whatever identifiers it carries", () => {
    const decision = decide(
      "Vorrei sapere come avere il rimborso della TARI. Il mio IBAN è IT60X0542811101000000123456",
      "message",
    );
    expect(decision.actions).toEqual(["reply"]);
    expect(decision.categories.map((c) => c.category)).toEqual(["personal_request"]);
    expect(decision.redactedText).not.toContain("IT60X0542811101000000123456");
  });

  it("archives clear-cut spam in a message, but only queues an insult there", () => {
    expect(decide("Guadagna 500€ al giorno lavorando da casa, scrivimi in privato!", "message").actions).toEqual([
      "hide",
    ]);
    expect(decide("Siete degli stronzi", "message").actions).toEqual(["review"]);
  });
});

describe("classify: the decision record", () => {
  it("is a valid core Decision naming the policy clause, the rule and the evidence", () => {
    const text = "Siete degli stronzi";
    const decision = Decision.parse(decide(text));
    const [insult] = decision.categories;
    expect(insult?.category).toBe("insult");
    expect(insult?.clause).toMatch(/^Comune di Cento, Art\. 6/);
    expect(insult?.ruleIds).toContain("insult.strong");
    const [evidence] = insult?.evidence ?? [];
    expect(text.slice(evidence?.start, evidence?.end)).toBe("stronzi");
    expect(decision.policyVersion).toBe(cento.version);
  });

  it("explains in Italian what was done and under which clause", () => {
    expect(decide("Siete degli stronzi").explanation).toMatch(/^Il contenuto è stato nascosto perché .*Art\. 6/);
    expect(decide("Siete dei pagliacci").explanation).toMatch(/verifica di un moderatore/);
    expect(decide("C'è un incendio adesso nel capannone, fiamme altissime!").explanation).toMatch(/112/);
    expect(decide("A che ora apre l'anagrafe?").explanation).toMatch(/urp@comune\.cento\.fe\.it/);
    expect(decide("Votate Marco Bianchi sindaco!", "comment", { electionPeriod: true }).explanation).toMatch(
      /propaganda elettorale durante il periodo elettorale/,
    );
    expect(decide("Guadagna 500€ al giorno lavorando da casa, scrivimi in privato!", "message").explanation).toMatch(
      /^Il messaggio è stato archiviato/,
    );
  });

  it("says what the platform let the account do: review where it cannot hide, deletion where the body chose it", () => {
    const insult = "Siete degli stronzi";
    const reviewed = decide(insult, "comment", { removal: "review" });
    expect(reviewed.actions).toEqual(["review"]);
    expect(reviewed.explanation).toMatch(
      /^Il contenuto resta visibile ed è stato inviato alla verifica di un moderatore/,
    );
    expect(reviewed.explanation).not.toMatch(/nascosto|eliminato/);
    const deleted = decide(insult, "comment", { removal: "delete" });
    expect(deleted.actions).toEqual(["hide"]);
    expect(deleted.explanation).toMatch(/^Il contenuto è stato eliminato perché .*Art\. 6/);
    const threat = decide("Vi ammazzerei tutti quanti", "comment", { removal: "review" });
    expect(threat.actions).toEqual(["review", "escalate"]);
  });

  it("folds a question into the personal request or emergency report it belongs to", () => {
    expect(
      categoriesOf("Ho presentato la mia domanda di contributo a marzo: potete verificare a che punto è?"),
    ).toEqual(["personal_request"]);
  });
});
