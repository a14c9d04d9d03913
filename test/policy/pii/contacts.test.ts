import { describe, expect, it } from "vitest";
import { detectPersonalData } from "../../../packages/policy/src/pii";
import { expectFound, expectNothing, found, input } from "./helpers";

describe("e-mail and PEC addresses", () => {
  expectFound([
    ["se vi serve scrivetemi a giulia.neri88@gmail.com", "pii.email! giulia.neri88@gmail.com"],
    ["la mail del perito è L.Bassi-Studio@Libero.IT, chiedete a lui", "pii.email! L.Bassi-Studio@Libero.IT"],
    ["mandatemi tutto a avv.ferri@pec.it entro domani", "pii.pec! avv.ferri@pec.it"],
    ["la mia PEC: impresa.galli@legalmail.it", "pii.pec! impresa.galli@legalmail.it"],
    ["scrivetemi: anna punto verdi chiocciola yahoo punto it", "pii.email! anna punto verdi chiocciola yahoo punto it"],
    ["contatto: paolo.gatti [at] hotmail [dot] com", "pii.email! paolo.gatti [at] hotmail [dot] com"],
    ["oppure lucabianchi (chiocciola) gmail (punto) com", "pii.email! lucabianchi (chiocciola) gmail (punto) com"],
    ["scrivete a marta @ outlook . it", "pii.email! marta @ outlook . it"],
    ["scrivete a lucaferri85 at gmail dot com", "pii.email! lucaferri85 at gmail dot com"],
  ]);

  expectNothing([
    "Ho scritto a urp@comune.esempio.it e mi hanno risposto subito",
    "la PEC del Comune è protocollo@pec.comune.esempio.it",
    "URP: URP@Comune.Esempio.IT",
    "per i tributi c'è tributi@comune.altrove.it, lo trovate sul sito",
    "la Provincia ha l'indirizzo protocollo@cert.provincia.xx.it",
    "grazie @ProvinciaMB e @mario.rossi per la foto",
    "ci vediamo alle 10@piazza",
    "ottimo punto di vista, a che punto siamo con i lavori?",
    "meet me at the station, at noon",
  ]);

  it("leaves an office-like or staff mailbox that is not a published contact to a human", () => {
    expect(found("chiedete a info@prolocoesempio.it")).toEqual(["pii.email? info@prolocoesempio.it"]);
    expect(found("la dirigente risponde a m.fabbri@comune.esempio.it")).toEqual([
      "pii.email? m.fabbri@comune.esempio.it",
    ]);
  });
});

describe("phone numbers", () => {
  expectFound([
    ["chiamatemi al 347 218 5593 dopo cena", "pii.phone! 347 218 5593"],
    ["il mio numero 333 123 45 67", "pii.phone! 333 123 45 67"],
    ["3331234567 sono io", "pii.phone! 3331234567"],
    ["cell. 338.445.12.90", "pii.phone! 338.445.12.90"],
    ["+39 320 998 7766 su whatsapp", "pii.phone! +39 320 998 7766"],
    ["+393209987766", "pii.phone! +393209987766"],
    ["mio figlio risponde allo 0039 349 101 2020", "pii.phone! 0039 349 101 2020"],
    ["chiama il 345-667-1234 se lo trovi", "pii.phone! 345-667-1234"],
    ["telefono di casa 051 683 2291", "pii.phone! 051 683 2291"],
    ["fisso 02/12345678", "pii.phone! 02/12345678"],
    ["chiamate mio figlio al 338/1234567", "pii.phone! 338/1234567"],
    ["a casa: 06.6982.1234", "pii.phone! 06.6982.1234"],
    [
      "numero: tre tre nove, otto due uno, quattro cinque sei sette",
      "pii.phone! tre tre nove, otto due uno, quattro cinque sei sette",
    ],
    ["scrivetemi al tre quattro otto 1 2 3 4 5 6 7", "pii.phone! tre quattro otto 1 2 3 4 5 6 7"],
    ["chiamatemi al 347 650 1193 2 volte se serve", "pii.phone! 347 650 1193"],
    ["dopo le 18 3331234567", "pii.phone! 3331234567"],
    ["whatsapp ３４７ ２１８ ５５９３", "pii.phone! ３４７ ２１８ ５５９３"],
    ["whatsapp 𝟑𝟒𝟕𝟐𝟏𝟖𝟓𝟓𝟗𝟑 subito", "pii.phone! 𝟑𝟒𝟕𝟐𝟏𝟖𝟓𝟓𝟗𝟑"],
    ["cell 333 1234567 / casa 0523 456789", "pii.phone! 0523 456789"],
    ["333 1234567 - 0523 456789", "pii.phone! 0523 456789"],
  ]);

  it.each([
    "il numero verde 800 123 456 non risponde mai",
    "ho chiamato il numero verde 800123456",
    "ho chiamato lo 0585/816343 e mi hanno risposto",
    "il centralino 0523.795111 è sempre occupato",
    "ho chiamato il 112 e poi il 115, poi il 1515",
    "il bando è la determinazione n. 412 del 03/03/2024",
    "la domanda ha prot. n. 18452/2024",
    "spesi 3.500.000 € per una rotonda",
    "dalle 8.30 alle 12.30, il 12/05/2025",
    "costa 350.000.000 euro",
    "la SP 412R al km 23+300",
    "sei persone, tre auto e due moto in coda",
    "il 20/02/2013 e il 14.03.24",
    "la ditta ha P.IVA 01234567890",
    "fornitore 00743110157, fattura pagata",
  ])("%s → no phone", (text) => {
    expect(found(text).filter((f) => f.startsWith("pii.phone"))).toEqual([]);
  });
});

describe("an office's landline", () => {
  it("goes to a human, who knows whether it is published", () => {
    expect(found("il centralino dell'ospedale è lo 0523 303111")).toEqual(["pii.phone? 0523 303111"]);
    expect(found("la guardia medica risponde allo 0523 303111")).toEqual(["pii.phone? 0523 303111"]);
  });
  it("while a mobile is personal wherever it appears", () => {
    expect(found("il mio ufficio ormai è il cellulare, 347 218 5593")).toEqual(["pii.phone! 347 218 5593"]);
  });
});

describe("private messages", () => {
  it("expose nothing in public, so they yield no finding", () => {
    expect(detectPersonalData(input("il mio cellulare è 347 218 5593", { kind: "message" }))).toEqual([]);
  });
});
