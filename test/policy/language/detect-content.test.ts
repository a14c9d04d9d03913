import type { Category, Item } from "@sentinella/core";
import { describe, expect, it } from "vitest";
import type { DetectorInput } from "../../../packages/policy/src/detector";
import { detectContent } from "../../../packages/policy/src/language";

const ROADWORKS_POST =
  "Da lunedì chiusa la strada provinciale per il rifacimento dell'asfalto, deviazione dalla rotonda nord.";

function input(text: string, options: Partial<DetectorInput> = {}): DetectorInput {
  return {
    text,
    kind: "comment" as Item["kind"],
    platform: "facebook",
    postText: ROADWORKS_POST,
    electionPeriod: false,
    contacts: { emails: ["urp@comune.esempio.it"], phones: ["800 123 456"], websites: ["www.comune.esempio.it"] },
    allowedDomains: ["comune.esempio.it"],
    recentTextsByAuthor: [],
    ...options,
  };
}

/** "insult!" = clear-cut insult finding, "insult?" = one for review. */
function labels(text: string, options?: Partial<DetectorInput>): string[] {
  return detectContent(input(text, options)).map((f) => `${f.category}${f.clearCut ? "!" : "?"}`);
}

type Case = [text: string, expected: string];

/** Each case names the finding it must produce; the item may carry others (a threat is often an insult too). */
function expectFinding(cases: Case[], options?: Partial<DetectorInput>) {
  it.each(cases)("%s → %s", (text, expected) => {
    expect(labels(text, options)).toContain(expected);
  });
}

/** Each case names a category that must not fire at all. */
function expectNo(cases: [text: string, category: Category][], options?: Partial<DetectorInput>) {
  it.each(cases)("%s ↛ %s", (text, category) => {
    expect(labels(text, options).filter((l) => l.startsWith(category))).toEqual([]);
  });
}

describe("insults", () => {
  describe("strong insults aimed at someone are clear-cut, in any disguise", () => {
    expectFinding([
      ["Sei un emerito stronzo, assessore", "insult!"],
      ["questi coglioni della giunta non capiscono niente", "insult!"],
      ["Bastardi, ci avete lasciati senza riscaldamento", "insult!"],
      ["Andate a fare in culo voi e le vostre multe", "insult!"],
      ["il dirigente è una testa di c4zz0", "insult!"],
      ["il vicesindaco è un pezzo di m e r d a", "insult!"],
      ["Sindaco st🤬ronzo", "insult!"],
      ["ѕtronzі in comune", "insult!"],
      ["s.t.r.o.n.z.a la vigilessa", "insult!"],
      ["sei un c*glione", "insult!"],
      ["vaffanculo Provincia", "insult!"],
      ["figli di p*ttana tutti quanti", "insult!"],
      ["𝓬𝓸𝓰𝓵𝓲𝓸𝓷𝓲 in ufficio", "insult!"],
      ["C O G L I O N I", "insult!"],
      ["andatevene a cagare tutti quanti", "insult!"],
    ]);
  });

  describe("mild insults and vulgar emphasis go to a human", () => {
    expectFinding([
      ["Siete dei pagliacci", "insult?"],
      ["quei somari dell'ufficio tecnico hanno sbagliato tutto", "insult?"],
      ["Cialtroni! Tre mesi per una buca", "insult?"],
      ["che cazzo di orari avete messo", "insult?"],
      ["ma porca puttana, ancora chiuso", "insult?"],
      ["sta piazza fa cagare", "insult?"],
      ["d1o c4ne che freddo in aula", "insult?"],
      ["marciapiede di merda, mi sono slogato una caviglia", "insult?"],
      ["🖕 a chi ha deciso questa viabilità", "insult?"],
    ]);
  });

  describe("mild insults are not clear-cut", () => {
    it.each(["Siete dei buffoni", "che imbecilli", "Cretini!"])("%s", (text) => {
      expect(labels(text)).not.toContain("insult!");
    });
  });

  describe("the Scunthorpe trap: everyday words that contain or equal an entry", () => {
    expectNo([
      ["Che schifo queste buche, porca miseria", "insult"],
      ["Cavolo, di nuovo chiuso", "insult"],
      ["Amministrazione incompetente, vergognatevi", "insult"],
      ["La processione parte da Piazza Madonna della Neve", "insult"],
      ["Grazie a Dio è finita la stagione delle piogge", "insult"],
      ["Lavori anche a Cazzaniga e in via Cazzaniga", "insult"],
      ["Che figata la nuova pista ciclabile!", "insult"],
      ["Hanno dipinto di nero la facciata", "discrimination"],
      ["Da Roma arrivano i fondi per la scuola", "discrimination"],
      ["Il falegname ha usato la sega circolare tutto il giorno", "insult"],
      ["La pompa di calore della palestra è rotta", "insult"],
      ["Al museo c'è la mostra sul cavallo di Troia", "insult"],
      ["Il consigliere Negro ha presentato una mozione", "discrimination"],
      ["Il preside Negri ha chiuso la scuola per neve", "discrimination"],
      ["In vacanza a Troia, in Puglia, c'è una cattedrale stupenda", "insult"],
      ["Il nostro allenatore è un bastardo dentro, vince sempre", "insult"],
      ["Guadagnate la fiducia dei cittadini con i fatti", "spam"],
      ["Lavoro da casa e sento i camion tutta la notte", "spam"],
      ["Sabato arrivano i pagliacci del carnevale per i bambini", "insult"],
      ["Pescheria e cassoeula alla sagra", "insult"],
    ]);
  });
});

describe("threats", () => {
  describe("explicit threats and incitement are clear-cut", () => {
    expectFinding([
      ["Ti spacco le gambe se ti rivedo in giro", "threat!"],
      ["vi ammazzo tutti, giuro", "threat!"],
      ["Al sindaco andrebbe sparato, altro che elezioni", "threat!"],
      ["Assessore, so dove abita. Ci pensi bene", "threat!"],
      ["ti aspetto sotto casa stasera", "threat!"],
      ["Lunedì verrò in comune con una tanica di benzina", "threat!"],
      ["prima o poi vi faccio saltare in aria", "threat!"],
      ["t1 4mm4zz0", "threat!"],
      ["vi veniamo a cercare uno per uno", "threat!"],
      ["I'll kill you if you close the road again", "threat!"],
    ]);
  });

  describe("veiled threats go to a human", () => {
    expectFinding([
      ["State attenti a quello che fate con il parco", "threat?"],
      ["Se chiudete la scuola non rispondo di me", "threat?"],
      ["Continuate così e poi non lamentatevi", "threat?"],
    ]);
  });

  describe("threat-like wording that is not a threat", () => {
    expectNo([
      ["Vi denuncio tutti, ho già parlato con l'avvocato", "threat"],
      ["Ci vediamo alle elezioni, state tranquilli", "threat"],
      ["Ammazza che caldo oggi alla fermata", "threat"],
      ["Questo incrocio prima o poi uccide qualcuno", "threat"],
      ["Vi faccio causa per i danni alla macchina", "threat"],
      ["Ti aspetto alla riunione di giovedì in biblioteca", "threat"],
      ["Le sterpaglie vanno bruciate solo con il permesso", "threat"],
    ]);
  });
});

describe("discrimination", () => {
  describe("slurs and dehumanising language are clear-cut", () => {
    expectFinding([
      ["troppi negri sul bus della mattina", "discrimination!"],
      ["quei froci del corteo", "discrimination!"],
      ["sei un handicappato?", "discrimination!"],
      ["Gli immigrati sono bestie", "discrimination!"],
      ["i rom sono parassiti, tutti", "discrimination!"],
      ["t3rr0ni ovunque in ufficio", "discrimination!"],
    ]);
    it("a slur thrown at a person is an insult too", () => {
      expect(labels("sei un handicappato?")).toContain("insult!");
    });
  });

  describe("stereotypes, segregation and hostile remarks go to a human", () => {
    expectFinding([
      ["Gli stranieri rubano sempre le bici in stazione", "discrimination?"],
      ["le donne non dovrebbero guidare gli autobus", "discrimination?"],
      ["tornatevene a casa vostra", "discrimination?"],
      ["i musulmani sono tutti uguali", "discrimination?"],
      ["fate una classe solo per i disabili, separati dagli altri", "discrimination?"],
      ["le donne non sanno guidare i mezzi pesanti", "discrimination?"],
      ["le case popolari vanno tutte agli stranieri, agli italiani le briciole", "discrimination?"],
    ]);
  });

  describe("talking about a group is not discrimination", () => {
    expectNo([
      ["Servono più fondi per gli anziani soli", "discrimination"],
      ["Ottimo il corso per donne imprenditrici", "discrimination"],
      ["La comunità rom ha partecipato alla festa del quartiere", "discrimination"],
      ["Il quartiere è pieno di stranieri che lavorano nei campi", "discrimination"],
      ["Gli immigrati del centro d'accoglienza hanno pulito la spazzatura del parco", "discrimination"],
    ]);
  });
});

describe("spam", () => {
  describe("advertising, scams and chain text are clear-cut", () => {
    expectFinding([
      ["Guadagno 300€ al giorno da casa, scrivimi in privato", "spam!"],
      ["INVESTI IN BITCOIN 💰 rendimento garantito, contattami su WhatsApp", "spam!"],
      ["Offerte incredibili su scontissimi punto com", "spam!"],
      ["Iscriviti subito: bit.ly/xyz123", "spam!"],
      ["Follow 4 follow!!", "spam!"],
      ["Ciao, cerco nuovi amici 🔞 guarda il mio profilo", "spam!"],
      ["Copia e incolla sulla tua bacheca prima che lo cancellino", "spam!"],
      ["Corso di inglese completo per soli 19,99€, link nel profilo", "spam!"],
      ["Installiamo caldaie a prezzi imbattibili, chiamaci per un preventivo gratuito", "spam!"],
      ["Comune di Cento informa: bonus per tutti, richiedilo qui comune-cento-bonus.com", "spam!"],
      ["𝗟𝗔𝗩𝗢𝗥𝗔 𝗗𝗔 𝗖𝗔𝗦𝗔 💸 𝗹𝗶𝗻𝗸 𝗶𝗻 𝗯𝗶𝗼", "spam!"],
      ["Vendo erba di qualità, consegna a domicilio, scrivimi su telegram", "spam!"],
    ]);
  });

  it("the same text posted again and again by one author is spam", () => {
    const text = "Nessuno risponde mai in questo comune, scrivetelo ovunque";
    expect(labels(text, { recentTextsByAuthor: [text] })).toContain("spam?");
    expect(labels(text, { recentTextsByAuthor: [text, text.toUpperCase()] })).toContain("spam!");
    expect(labels(text, { recentTextsByAuthor: ["Grazie mille"] })).not.toContain("spam!");
  });

  it("a citizen passing on a free offer with a link is not clear-cut spam", () => {
    const text = "Offerta per le famiglie: il museo è gratis la prima domenica del mese, info su www.museoesempio.it";
    expect(labels(text)).not.toContain("spam!");
  });

  describe("self-promotion is a doubt, not clear-cut", () => {
    expectFinding([
      ["Il mio nuovo libro sulla storia del paese lo trovate su Amazon a 12,90€", "spam?"],
      ["Seguitemi su Instagram @panificio_rossi per le novità", "spam?"],
    ]);
  });

  describe("links to news, institutions or associations in on-topic comments are not spam", () => {
    expectNo([
      ["L'articolo completo: https://www.ilrestodelcarlino.it/ferrara/cronaca", "spam"],
      ["Trovate il bando su https://www.comune.esempio.it/bandi", "spam"],
      ["Info e programma su www.prolocoesempio.it, ingresso gratuito", "spam"],
      ["Ho scritto a urp@comune.esempio.it e mi hanno risposto subito", "spam"],
      ["Che casino stamattina in tangenziale", "spam"],
      ["Il bando che gira su WhatsApp è vecchio, quello valido è sul sito", "spam"],
    ]);
  });
});

describe("illegal", () => {
  describe("offers are clear-cut", () => {
    expectFinding([
      ["Vendo erba e fumo, consegna a domicilio, scrivimi su telegram", "illegal!"],
      ["IPTV con tutti i canali Sky e DAZN, contattami in privato", "illegal!"],
      ["Patenti e diplomi registrati, senza esame. Contatto in privato", "illegal!"],
    ]);
  });
  describe("promotion without an offer goes to a human", () => {
    expectFinding([
      ["tanto i film li scarico gratis con torrent", "illegal?"],
      ["Meglio pagare in nero l'idraulico, si risparmia", "illegal?"],
      ["fatevi fare una fattura falsa dal meccanico", "illegal?"],
    ]);
  });
  expectNo([
    ["Il lavoro nero va combattuto con più controlli", "illegal"],
    ["Fumo nero dalla ciminiera della fabbrica ieri sera", "illegal"],
    ["Il taglio dell'erba è previsto in consegna lavori", "illegal"],
    ["Maria è disponibile per le visite guidate", "illegal"],
  ]);
});

describe("political propaganda", () => {
  it("a call to vote is clear-cut only inside an election period", () => {
    const text = "Votate Lista Civica Rinascita il 9 giugno!";
    expect(labels(text, { electionPeriod: true })).toContain("political!");
    expect(labels(text, { electionPeriod: false })).toContain("political?");
  });
  describe("campaigning, in an election period", () => {
    expectFinding(
      [
        ["Sono candidato al consiglio comunale, conto sul vostro voto", "political!"],
        ["Bel parco! #VotaRossi", "political!"],
        ["Finalmente un cambio vero #CentoFutura #PiacenzaLibera", "political!"],
        ["Domenica metti una croce su chi ha fatto le ciclabili", "political!"],
        ["Sosteniamo Paola Neri sindaca, mettete la croce sul suo nome", "political!"],
        ["Bella piazza #BianchiSindaco", "political!"],
        ["Almeno la consigliera Neri si è opposta. Votatela!", "political!"],
      ],
      { electionPeriod: true },
    );
  });
  it("an attack on a candidate is a doubt even in an election period", () => {
    expect(
      labels("La candidata Bianchi non ha mai fatto nulla per il quartiere, ricordatevelo", { electionPeriod: true }),
    ).toContain("political?");
  });
  describe("civic talk about elections is not propaganda", () => {
    expectNo(
      [
        ["Oggi ho votato, seggio efficientissimo #iovoto", "political"],
        ["Alle elezioni vi mandiamo tutti a casa", "political"],
        ["Il consiglio vota il bilancio giovedì sera", "political"],
        ["Chi vota questa giunta poi non si lamenti", "political"],
        ["Scrivete all'URP, rispondono in giornata", "political"],
        ["#CarnevaleDiCento #Cento2024 che spettacolo", "political"],
        ["Il sindaco uscente ha lasciato le strade al buio", "political"],
      ],
      { electionPeriod: true },
    );
  });
});

describe("minors", () => {
  expectFinding([
    ["Mia figlia Chiara Neri, 9 anni, della 4B è stata lasciata a piedi", "minors!"],
    ["Il bambino (6 anni) nella foto è mio nipote, toglietela", "minors?"],
    ["La figlia dei Rossi, quella della 3C, fuma davanti alla scuola", "minors?"],
  ]);
  expectNo([
    ["I bambini della materna entrano alle 8 o alle 9?", "minors"],
    ["Mio figlio prende il bus delle 7 tutti i giorni", "minors"],
    ["Segnalato da 3 anni e nessuno fa niente", "minors"],
  ]);
  it("a private message exposes no child", () => {
    expect(
      labels("Mia figlia Chiara Neri, 9 anni, della 4B ha bisogno del sostegno", { kind: "message" }),
    ).not.toContain("minors!");
  });
});

describe("emergencies happening now", () => {
  expectFinding([
    ["C'è un incendio nel bosco sopra il paese adesso, si vedono le fiamme", "emergency!"],
    ["Strada allagata adesso in via Garibaldi, le auto non passano", "emergency!"],
    ["Forte odore di gas davanti alla scuola, correte", "emergency!"],
    ["Un uomo è caduto nel canale e non riesce a uscire, aiuto!", "emergency!"],
    ["Incidente appena successo all'incrocio, c'è un ferito", "emergency!"],
    ["Stanno cadendo pietre dal costone sopra la provinciale", "emergency!"],
    ["Un ciclista è stato investito e non si muove, chiamate un'ambulanza", "emergency!"],
    ["Con lo scavatore hanno bucato il tubo del gas davanti al bar", "emergency!"],
    ["Esce tanto fumo dal garage del condominio, ci sono ancora persone dentro", "emergency!"],
  ]);
  expectNo([
    ["L'incendio dell'anno scorso ha distrutto il bosco", "emergency"],
    ["Ricordate: in caso di emergenza chiamate il 112", "emergency"],
    ["Ieri c'era odore di gas ma hanno già sistemato", "emergency"],
    ["Ogni volta che piove la strada si allaga, sistematela", "emergency"],
    ["La TARI sta salendo ogni anno", "emergency"],
  ]);
});

describe("personal requests and questions", () => {
  expectFinding([
    ["Ho presentato domanda per il bonus affitti a marzo e non ho più saputo niente", "personal_request!"],
    ["Mi avete multato ingiustamente, come faccio a fare ricorso?", "personal_request!"],
    ["Vorrei un appuntamento con l'assessore per la mia pratica edilizia", "personal_request!"],
    ["A che ora apre l'ecocentro il sabato?", "question!"],
    ["Quando si paga la seconda rata", "question!"],
    ["Dove posso ritirare i sacchetti per la differenziata?", "question!"],
    ["Fino a quando è aperta la mostra?", "question!"],
    ["la ztl vale anche la domenica o solo nei feriali??", "question!"],
    ["Come si arriva al nuovo parcheggio dalla tangenziale", "question!"],
    ["quante ore dura il parcheggio gratuito", "question!"],
    ["Chi rilascia il permesso per i disabili e quanto costa", "question!"],
    ["Il mio bidone dell'umido è sparito, come faccio ad averne un altro?", "personal_request!"],
    ["Ho segnalato tre volte la perdita d'acqua davanti a casa e nessuno mi ha risposto", "personal_request!"],
    ["Ho preso una multa in centro ma avevo il permesso, come posso contestarla?", "personal_request!"],
    ["Ho chiesto il rimborso della mensa a settembre, a chi devo rivolgermi?", "personal_request!"],
  ]);
  expectNo([
    ["Ma vi sembra giusto far pagare il parcheggio all'ospedale?", "question"],
    ["Ma dove vanno a finire le nostre tasse?", "question"],
    ["Complimenti. Davvero?", "question"],
    ["Ma perché non asfaltate d'estate come tutti?", "question"],
    ["Due mesi per una rotonda? Siete dei geni.", "question"],
    ["Io la bici la uso tutti i giorni, e voi?", "question"],
    ["Ma chi vi ha eletti?", "question"],
    ["Qualcuno mi dà un passaggio sabato?", "question"],
    ["Mio figlio prende il bus delle 7, è sempre in ritardo", "personal_request"],
    ["Ho chiamato il numero verde e mi hanno risposto subito", "personal_request"],
  ]);
});

it("a mention of the entity asks the office; a comment opening with @someone talks to that user", () => {
  expect(labels("@comune quante ore dura il parcheggio gratuito", { kind: "mention" })).toContain("question!");
  expect(labels("@giulia ci andiamo sabato?", { kind: "comment" })).not.toContain("question!");
});

describe("off-topic and trolling are for review only, and never fire on criticism", () => {
  expectFinding([
    ["Qualcuno sa dove trovare un buon meccanico in zona?", "off_topic?"],
    ["Buon compleanno a mia sorella!!! 🎂", "off_topic?"],
    ["Cancellate pure, tanto lo riscrivo", "trolling?"],
    ["Primo!!", "trolling?"],
    ["Bannatemi se avete il coraggio", "trolling?"],
  ]);
  expectNo([
    ["Lavori lentissimi, vergogna", "off_topic"],
    ["Qualcuno sa se la deviazione dalla rotonda vale anche per i camion?", "off_topic"],
    ["Lavori lentissimi, vergogna", "trolling"],
    ["ahahah che bella notizia", "trolling"],
  ]);
});

describe("evidence spans point at what the author wrote", () => {
  it("for an obfuscated word", () => {
    const text = "Il dirigente è uno 𝘀𝘁𝗿𝗼𝗻𝘇𝗼, punto.";
    const found = detectContent(input(text)).find((f) => f.category === "insult");
    expect(found && text.slice(found.start, found.end)).toBe("𝘀𝘁𝗿𝗼𝗻𝘇𝗼");
  });
});

describe("short, empty and foreign items", () => {
  it.each(["", " ", "👍", "🧡🧡🧡", "ok", "Great job, thanks!", "Très bien", "?"])("%j gives nothing", (text) => {
    expect(labels(text)).toEqual([]);
  });
});

it("an Italian slur in a sentence written in another language is that language's word", () => {
  expect(labels("Sale humo negro del garaje y hay niños dentro")).not.toContain("discrimination!");
});

describe("engine-5: a personal request is the author's own case joined to a request or a complaint", () => {
  expectFinding([
    [
      "Ho rinnovato l'abbonamento del bus a ottobre ma la tessera non funziona, potete controllare?",
      "personal_request!",
    ],
    ["Mi è arrivato un sollecito per una rata che ho già pagato, a chi mi rivolgo?", "personal_request!"],
    ["Il mio contatore dell'acqua segna consumi assurdi da luglio, mi aiutate?", "personal_request!"],
    ["Ho spedito il modulo della mensa a inizio mese, e da allora nessuno mi risponde", "personal_request!"],
  ]);
  expectNo([
    ["Mio nonno va a votare in carrozzina: i seggi di via Verdi hanno la rampa?", "personal_request"],
    ["Si possono portare i cartoni all'isola ecologica il sabato pomeriggio?", "personal_request"],
  ]);
});

describe("engine-5: questions the office owes no answer", () => {
  expectNo([
    ["Tre mesi per un marciapiede? Ai tempi dei miei nonni bastava una settimana.", "question"],
    ["Quando penso a come era bello il parco, mi viene da piangere", "question"],
    ["Ma la giunta si vergogna un po', o no?", "question"],
    ["La nuova biblioteca? Bellissima, complimenti a tutti.", "question"],
  ]);
  expectFinding([["Fino a che ora resta aperta la ludoteca comunale di domenica?", "question!"]]);
});

describe("engine-5: counter-speech, denial and reports of hate are not the author's, unless adopted", () => {
  expectNo([
    ["«Gli ebrei sono dei parassiti»: chi scrive queste cose dovrebbe vergognarsi.", "discrimination"],
    ["Non è vero che i cinesi sono sporchi, mangio da loro ogni settimana.", "discrimination"],
    ["Sotto il post uno ha scritto che i rom sono ladri, e nessuno lo ha fermato.", "discrimination"],
  ]);
  expectFinding([
    ["Qualcuno qui sotto ha scritto che i rom sono ladri: ha perfettamente ragione.", "discrimination?"],
    ["I hate Muslims and everyone knows it", "discrimination?"],
    ["Al campo sportivo ci sono sempre più marocchini. Io li detesto.", "discrimination?"],
  ]);
});

describe("engine-5: trolling and off-topic as lexicon frames", () => {
  expectFinding(
    [
      ["Scriverò la stessa cosa sotto ogni post della pagina", "trolling?"],
      ["Admin svegliati, dietro i lampioni nuovi c'è un complotto", "trolling?"],
      ["Qualcuno sa consigliarmi un buon dentista in zona?", "off_topic?"],
    ],
    { postText: ROADWORKS_POST },
  );
  expectNo([["Complimenti per la nuova rotonda, finalmente si passa", "trolling"]]);
});

describe("engine-5: hate said of a group named as a topic or before a colon, in English too", () => {
  expectFinding([
    ["I pakistani? Sporchi e bugiardi, nessuno escluso.", "discrimination?"],
    ["Il chiosco nuovo lo gestiscono i nigeriani: roba da scimmie.", "discrimination!"],
    ["Muslims are all terrorists, everyone knows it", "discrimination?"],
    ["Bisognerebbe far fuori tutti i consiglieri di maggioranza", "threat!"],
    ["Incendio in corso nel bosco sopra Carrara, si vedono le fiamme", "emergency!"],
  ]);
  expectNo([
    ["Someone posted that Jews are rats, which is disgusting", "discrimination"],
    ["Incendio in corso nel bosco sopra Carrara, si vedono le fiamme", "threat"],
  ]);
});

describe("engine-6: hate through a reference, a feeling the group causes, a negated verb with its pronoun, dialect", () => {
  expectFinding([
    ["Hanno messo una mensa per i senegalesi vicino al mercato. Quelli lì sono tutti delinquenti.", "discrimination?"],
    ["In stazione ci sono sempre i rom, questa gente mi fa schifo.", "discrimination?"],
    ["Gli ebrei mi stanno sulle scatole, lo dico chiaro.", "discrimination?"],
    ["I musulmani non li posso soffrire.", "discrimination?"],
    ["I rumeni i xe tuti ladri.", "discrimination?"],
    ["Sul treno c'erano troppi ritardati, che fastidio.", "discrimination!"],
  ]);
  expectNo([
    ["Hanno messo una mensa per i senegalesi vicino al mercato. Quelli lì sono bravissimi cuochi.", "discrimination"],
    ["In stazione ci sono sempre i rom, questa gente lavora dalle sei.", "discrimination"],
    ["Il treno delle otto è ritardato di venti minuti.", "discrimination"],
    ["Le buche in via Roma mi stanno sulle scatole.", "discrimination"],
  ]);
});

describe("engine-6: an insult's target read from the verb that addresses, the copula and the name after a shout", () => {
  expectFinding([
    ["Taci, deficiente, che non sai niente del bilancio", "insult!"],
    ["La vicesindaca Gatti si rivela un'imbecille ogni volta", "insult!"],
    ["Vaffanculo LucaB_74", "insult!"],
    ["Il bus delle sette non è passato, vaffanculo!", "insult?"],
    ["Quelli dell'ufficio tecnico? Dei bischeri.", "insult?"],
  ]);
  expectNo([["Il treno delle otto è ritardato, come al solito", "insult"]]);
});

describe("engine-6: illegal offers are the speaker's, reports of seizures are not; what the author did asks nothing", () => {
  expectFinding([
    ["Procuro hashish, contattatemi su Telegram", "illegal!"],
    ["Marijuana a buon prezzo, consegna in giornata", "illegal!"],
    ["Imbiancature a domicilio, preventivo gratuito: 347 123 4567", "spam!"],
  ]);
  expectNo([
    ["I carabinieri hanno sequestrato due chili di hashish al parco, era ora", "illegal"],
    ["Hanno fermato uno che vendeva marijuana davanti alle medie", "illegal"],
    ["Ho aggiornato il mio post di stamattina, ora c'è l'orario giusto", "personal_request"],
    ["Ho già controllato la mia bolletta e torna tutto, grazie", "personal_request"],
  ]);
});

describe("engine-6: propaganda is a call to vote joined to a list, a candidate, a party or the author", () => {
  expectFinding(
    [
      ["Il voto utile è solo per Rinascita Lodigiana", "political!"],
      ["Domenica non dategli il voto, ha già fallito", "political!"],
      ["Alle provinciali votate per noi", "political!"],
    ],
    { electionPeriod: true },
  );
  expectNo([["Sosteniamoli, i volontari del canile fanno un lavoro enorme", "political"]], { electionPeriod: true });
});

describe("recall round: insults called to the reader, and everyday words that are no threat", () => {
  expectFinding([
    ["Opportunista di merda, vergognati", "insult!"],
    ["@pinco sei un arrampicatore del cazzo", "insult!"],
    ["Assessore cretino, torna a studiare", "insult!"],
    ["Porco schifoso, sparisci", "insult!"],
    ["Maiale che non sei altro, leggi la delibera", "insult!"],
  ]);
  expectNo([
    ["Il concerto di ieri in piazza è stato una bomba", "threat"],
    ["Domenica vi ammazzo tutti a scacchi al circolo", "threat"],
    ["D'inverno i senzatetto rischiano di morire di freddo", "threat"],
  ]);
  it("a vulgar tail on a thing is emphasis, not hidden", () =>
    expect(labels("Che settimana di merda, piove sempre")).not.toContain("insult!"));
});

describe("recall round: a group equated to or likened with vermin or disease", () => {
  expectFinding([
    ["Marocchini = parassiti, fine del discorso", "discrimination!"],
    ["I rom sono come un virus", "discrimination!"],
  ]);
  expectNo([
    ["Marocchini = vicini di casa come tutti", "discrimination"],
    ["I rom sono come noi, cittadini", "discrimination"],
  ]);
});

describe("recall round: a complaint about one's own case with no question", () => {
  expectFinding([["La mia pratica per il passo carraio non è mai stata esaminata", "personal_request!"]]);
  expectNo([["La mia pratica per il passo carraio è stata approvata in fretta, grazie", "personal_request"]]);
});

describe("recall round: an animal insult exclaimed of a thing", () => {
  it("is emphasis, not an insult", () =>
    expect(labels("Che bestia di traffico stamattina in tangenziale")).toEqual([]));
  expectFinding([["Che bestia di assessore ci ritroviamo", "insult!"]]);
});
