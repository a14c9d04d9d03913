import { describe, expect, it } from "vitest";
import { detectPersonalData } from "../../../packages/policy/src/pii";
import { CONTACTS, expectFound, expectNothing, input } from "./helpers";

describe("identity documents need a word naming the document", () => {
  expectFound([
    ["il portale rifiuta la mia carta d'identità CB12345DE", "pii.identity-document! CB12345DE"],
    ["CIE n. CA 00123 XY scaduta?", "pii.identity-document! CA 00123 XY"],
    ["vecchia carta di identità AR1234567", "pii.identity-document! AR1234567"],
    ["numero passaporto YB7654321", "pii.identity-document! YB7654321"],
    ["la mia patente è U1532B456K", "pii.identity-document! U1532B456K"],
    ["il permesso di soggiorno I12345678 è scaduto", "pii.identity-document! I12345678"],
    ["tessera sanitaria n. 80380000123456789012", "pii.identity-document! 80380000123456789012"],
  ]);
  expectNothing(["codice articolo CB12345DE in offerta", "ordine YB7654321 spedito", "la patente B costa troppo"]);
});

describe("licence plates need a vehicle nearby", () => {
  expectFound([
    ["il camion targato GH 482 KL passa col rosso", "pii.licence-plate! GH 482 KL"],
    ["una Panda bianca, targa fp317zd, sempre in doppia fila", "pii.licence-plate! fp317zd"],
    ["lo scooter AB 12345 è parcheggiato sul marciapiede", "pii.licence-plate! AB 12345"],
    ["EX 123 AB è l'auto che blocca il passo carraio", "pii.licence-plate! EX 123 AB"],
    ["il furgone AB-123-CD scarica sulle strisce", "pii.licence-plate! AB-123-CD"],
  ]);
  expectNothing(["il modulo AB 123 CD va consegnato in ufficio", "la SP 412 RA è chiusa"]);
});

describe("a private person's home address", () => {
  expectFound([
    ["sono anziana e abito in via Roma 12, scala B, nessuno spala la neve", "pii.home-address! via Roma 12"],
    ["Abitiamo in viale XX Settembre 5/B e l'acqua è marrone", "pii.home-address! viale XX Settembre 5/B"],
    ["sotto casa mia in piazza San Rocco n. 3 c'è una buca enorme", "pii.home-address! piazza San Rocco n. 3"],
    ["in via Garibaldi 5 il signor Bassi tiene i cani sul balcone", "pii.home-address! via Garibaldi 5"],
    ["vivo sopra il panificio, corso Matteotti 27", "pii.home-address! corso Matteotti 27"],
    ["mandate il tecnico da Anna Galli, via Po 14", "pii.home-address! via Po 14"],
    ["abito al civico 8 di via Po, il tombino è intasato", "pii.home-address! civico 8 di via Po"],
  ]);
  expectNothing([
    "via Roma è piena di buche da mesi",
    "abito in via Roma e le buche sono ovunque",
    "in via Verdi passano alle 6, io abito lì vicino",
    "i lavori in via Roma 12 sono fermi da settimane",
    "l'ufficio anagrafe in via Roma 12 apre alle 9, abito lontano",
    "Lavori Pubblici, via Roma 12: nessuno risponde",
    "abito in via Roma, ma la buca è in via Matteotti 15",
    "abito in centro. In via Matteotti 15 hanno chiuso il forno",
    "la via Emilia al km 12 è chiusa, abito a Parma",
    "abito in via Roma da 30 anni",
  ]);
  it("the entity's own address is a public office", () => {
    const contacts = { ...CONTACTS, address: "Piazza Aranci 1, 54100 Massa" };
    const text = "abito a Massa, ho portato la domanda in Piazza Aranci 1";
    expect(detectPersonalData(input(text, { contacts }))).toEqual([]);
  });
});

describe("numbers of a personal practice, but not of public acts", () => {
  expectFound([
    ["ho fatto domanda a marzo, prot. n. 20311/2024, e niente", "pii.practice-number! prot. n. 20311/2024"],
    ["Protocollo 0045678 del 02/04/2024", "pii.practice-number! Protocollo 0045678"],
    ["la mia pratica n. 4521 è ferma da mesi", "pii.practice-number! pratica n. 4521"],
    ["verbale n. 2023/01234/V per sosta vietata", "pii.practice-number! verbale n. 2023/01234/V"],
    ["segnalazione numero 77812 ancora aperta", "pii.practice-number! segnalazione numero 77812"],
    ["cartella esattoriale n. 12345678901234567", "pii.practice-number! cartella esattoriale n. 12345678901234567"],
    ["la TARI non torna, codice utente 45012345", "pii.practice-number! codice utente 45012345"],
    ["la pratica edilizia n. 45/2023 è ferma", "pii.practice-number! pratica edilizia n. 45/2023"],
    ["la mia pratica 2024/556 non si muove", "pii.practice-number! pratica 2024/556"],
    ["verbale di contestazione n. 123456 ingiusto", "pii.practice-number! verbale di contestazione n. 123456"],
  ]);
  expectNothing([
    "la delibera n. 77/2024 dice il contrario",
    "determina n. 312 del 2023, prot. 1234/2023",
    "l'ordinanza n. 45/2024 vieta il transito",
    "mi hanno dato una multa 150 euro",
    "la pratica 12 del manuale",
    "la domanda 3 del questionario non è chiara",
    "il verbale n. 12 della seduta del consiglio",
    "il verbale della seduta verrà pubblicato?",
  ]);
});

describe("health, judicial and private facts about a named person go to a human", () => {
  expectFound([
    ["Il consigliere Bonetti non c'era perché è ricoverato per un tumore", "pii.health-fact? ricoverato"],
    ["La maestra Giulia Serra è in depressione da mesi", "pii.health-fact? depressione"],
    ["Carlo Ferretti è stato arrestato due anni fa, e gli date l'appalto?", "pii.judicial-fact? arrestato"],
    ["lo sanno tutti che Gino Pavan è pieno di debiti", "pii.private-fact? pieno di debiti"],
    ["il vicino, Sergio Mele, ha precedenti per furto", "pii.judicial-fact? precedenti per"],
    ["sono Luca Ferri, nato il 12/04/1985, e aspetto ancora", "pii.private-fact? nato il"],
    ["la signora Nadia Conti del secondo piano ha il covid e gira per il paese", "pii.health-fact? covid"],
    ["@Marta Ghezzi tuo marito si ubriaca ogni sera al bar", "pii.private-fact? ubriaca"],
  ]);
  expectNothing([
    "mia nonna è ricoverata e l'ambulanza ci ha messo un'ora",
    "il paese è pieno di debiti per colpa della giunta",
    "Il Comune è malato di burocrazia",
    "Il sindaco parla, la Giunta tace e i ladri vengono arrestati dai Carabinieri",
  ]);
  it("masks nothing: the fact is evidence, not an identifier", () => {
    const [finding] = detectPersonalData(input("Carlo Ferretti è stato arrestato"));
    expect(finding?.redact).toBeUndefined();
  });
});
