import { describe, expect, it } from "vitest";
import { analyse } from "../../../packages/policy/src/language/analyse";
import { detectThreat } from "../../../packages/policy/src/language/threat";

const threat = (text: string) => detectThreat(analyse(text))[0];

describe("a threat is an intent joined to a violent action and a human target, whoever it is", () => {
  it.each([
    "Ho deciso: stasera vado a prendere a sprangate quel geometra",
    "Voglio scoprire dove parcheggia il dirigente e spaccargli la faccia",
    "Sto per uscire di casa per andare a strangolare il vicino",
    "Non vedo l'ora di pestare quell'assessore",
    "Chi abita vicino al sindaco vada a picchiarlo",
    "L'assessore è da impiccare",
    "Se passa di qui lo investo con la macchina",
    "Stasera vi sfascio tutte le vetrine",
    "Domani do fuoco al municipio",
    "oggi tispaccolafaccia",
  ])("%s (clear-cut)", (text) => expect(threat(text)?.clearCut).toBe(true));

  it.each([
    "Spero che al consigliere venga un accidente",
    "Sarebbe un peccato se alla dirigente prendesse fuoco il garage",
    "Prima o poi a quelli della giunta capiterà qualcosa",
  ])("%s (a misfortune wished on someone: veiled)", (text) =>
    expect(threat(text)).toMatchObject({ clearCut: false, ruleId: "threat.wished-misfortune" }),
  );

  it.each([
    "Il ghiaccio sul cavalcavia ammazza qualcuno ogni inverno, serve più sale",
    "Il Comune vuole investire due milioni nelle scuole",
    "Spero che al consigliere non capiti niente con questo ghiaccio",
    "Spero che la giunta dia i contributi alle associazioni",
    "Voglio trovare chi ha scritto quelle minacce e denunciarlo",
    "Domani brucio le sterpaglie nel mio orto",
    "Non ho nessuna intenzione di picchiare nessuno",
    "almeno mettete un cartello",
  ])("%s (no threat)", (text) => expect(threat(text)).toBeUndefined());
});

describe("engine-5: threats by knowledge, by placing a weapon, by topic, adopted, in English", () => {
  it.each([
    "Tengo la pistola nel cassetto e so quando rientra a casa l'assessora",
    "Domattina lancio una molotov contro la caserma",
    "Il comandante dei vigili? Da impiccare.",
    "Uno qui sotto dice che vuole sfregiare la sindaca: ha ragione, ci penso io",
    "I'm coming to stab that inspector",
    "I will slit the throat of the warden",
  ])("%s (clear-cut)", (text) => expect(threat(text)?.clearCut).toBe(true));

  it.each([
    "So a che ora porta i bambini a scuola la dirigente",
    "Conosco la strada di casa sua, al consigliere",
    "Hai le ore contate, caro assessore",
  ])("%s (veiled)", (text) => expect(threat(text)).toMatchObject({ clearCut: false }));

  it.each([
    "So dove si pagano le multe, grazie lo stesso",
    "Non so a che ora apre l'ufficio anagrafe",
    "Qualcuno ha scritto che vorrebbe picchiare il sindaco: vergognati",
    "Un incendio in via Dante ha bloccato il traffico",
    "Stai attento quando esci dal parcheggio, c'è ghiaccio",
    "Il sindaco? Da ringraziare.",
  ])("%s (no threat)", (text) => expect(threat(text)).toBeUndefined());
});

describe("engine-5: the manner makes a verb violent; pests are no target; an unknown conditional is the speaker's", () => {
  it.each([
    "Quel controllore lo butto giù dal treno a cazzotti",
    "Lo rimando in ufficio a calci, quel dirigente",
    "Quel tecnico del gas lo accompagno alla porta a pugni",
    "Io il bando lo sistemerei con una molotov nella sede di chi l'ha scritto",
  ])("%s (clear-cut)", (text) => expect(threat(text)?.clearCut).toBe(true));

  it.each([
    "I piccioni della stazione li sterminerei tutti col veleno",
    "Le vespe sotto il tetto le brucerei col lanciafiamme, altro che disinfestazione",
    "Chi ha aperto la partita IVA da meno di sei mesi può chiedere il contributo?",
    "I bambini restano al freddo davanti alla scuola ogni mattina",
    "Quel mutuo per la piscina sarà una bomba a orologeria sui conti del Comune",
  ])("%s (no threat)", (text) => expect(threat(text)).toBeUndefined());
});

describe("engine-5: a word that is a noun and a verb, read by what surrounds it", () => {
  it.each(["Giuro che brucio il magazzino della Provincia", "Vado a far saltare l'archivio del Comune"])(
    "%s (clear-cut)",
    (text) => expect(threat(text)?.clearCut).toBe(true),
  );
  it.each(["Mamma mia che freddo stamani", "Un incendio nel capannone di via Po"])("%s (no threat)", (text) =>
    expect(threat(text)).toBeUndefined(),
  );
});

describe("engine-6: every future form, a call on the group to harm one person, lawful means, knowledge told to the face", () => {
  it.each([
    // The dictionary gave these verbs "prenderà" as the first person of the future.
    "Lo prenderò a calci appena scende dalla macchina, quel geometra",
    "Prima o poi appenderò al lampione il direttore",
    "Andiamo a prendere a pugni il consigliere Galli stasera",
    "Serve solo uno con il fegato di sgozzarlo, il questore",
    "Stasera sotto casa del dirigente: lo prendiamo a calci",
    "So dove abiti, ricordatelo",
    "So dove abita la dirigente. Stia attenta",
  ])("%s (clear-cut)", (text) => expect(threat(text)?.clearCut).toBe(true));

  it.each([
    "Qualcuno dovrebbe prenderli a calci tutti, quelli là",
    "Conosciamo la tua famiglia, ricorda",
    "Il questore andrebbe preso a pugni",
    "Un giorno o l'altro qualcuno lo ammazzerà, quel dirigente",
    "Un giorno qualcuno gliela farà pagare, a quell'assessore",
  ])("%s (veiled)", (text) => expect(threat(text)).toMatchObject({ clearCut: false }));

  it.each([
    "Te la faremo pagare alle elezioni, caro sindaco",
    "Alle urne li prenderemo a calci, questi assessori",
    "Li denuncerò tutti e li porterò in tribunale",
    "Alle prossime elezioni vi facciamo a pezzi, cari consiglieri",
  ])("%s (no threat)", (text) => expect(threat(text)).toBeUndefined());
});

describe("recall round: threats in other languages, exhortations by infinitive, blows at a body part, deaths called for", () => {
  it.each([
    "Domani passo in ufficio e je vais te tuer",
    "Dacă nu îmi dați autorizația, vă sparg capul",
    "Do ta djeg makinën e kryetarit",
    "Impiccarli tutti in piazza, quelli della giunta",
    "Al geometra gli tiro un mattone in testa appena lo incrocio",
    "Al vigile di turno gli apro la testa",
    "Morte ai consiglieri che hanno votato il bilancio",
    "A morte il questore",
  ])("%s (clear-cut)", (text) => expect(threat(text)?.clearCut).toBe(true));

  it.each([
    "No te voy a matar, era una broma",
    "Ringraziarli tutti, quelli della giunta, sarebbe il minimo",
    "Al geometra gli tiro fuori tutti i documenti che vuole",
    "Morte a Venezia è un bel film",
    "La morte del consigliere ci addolora",
  ])("%s (no threat)", (text) => expect(threat(text)).toBeUndefined());
});
