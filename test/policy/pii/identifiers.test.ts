import { describe, expect, it } from "vitest";
import { expectFound, expectNothing, found } from "./helpers";

describe("codice fiscale", () => {
  expectFound([
    ["ho trovato una tessera sanitaria, codice fiscale VRDGPP80A01F205X", "pii.codice-fiscale! VRDGPP80A01F205X"],
    ["il mio cf è vrdgpp80a01f205x, controllate voi", "pii.codice-fiscale! vrdgpp80a01f205x"],
    ["omocodia: RSSMRA8LA01H501F", "pii.codice-fiscale! RSSMRA8LA01H501F"],
    ["CF: VRD GPP 80A01 F205X grazie", "pii.codice-fiscale! VRD GPP 80A01 F205X"],
    ["V R D G P P 8 0 A 0 1 F 2 0 5 X", "pii.codice-fiscale! V R D G P P 8 0 A 0 1 F 2 0 5 X"],
    ["VRD-GPP-80A01-F205X", "pii.codice-fiscale! VRD-GPP-80A01-F205X"],
  ]);

  it.each([
    ["il sito rifiuta VRDGPP80A01F205Y, eppure è il mio", "pii.codice-fiscale-invalid? VRDGPP80A01F205Y"],
    [
      "nel modulo il codice fiscale è VRDGPP80A01F205 senza lettera finale",
      "pii.codice-fiscale-invalid? VRDGPP80A01F205",
    ],
    ["cod. fisc. VRDGPP80A01F205, manca l'ultima", "pii.codice-fiscale-invalid? VRDGPP80A01F205"],
  ])("a formally invalid but plainly personal code goes to review: %s", (text, expected) => {
    expect(found(text)).toEqual([expected]);
  });

  expectNothing([
    "VRD GPP 80A01 F205Y", // spaced and wrong check letter: could be words joined by chance
    "precipitevolissimevolmente",
    "il codice della pratica è AB12",
  ]);
});

describe("IBAN", () => {
  expectFound([
    ["rimborsate qui: IT60X0542811101000000123456 intestato a me", "pii.iban! IT60X0542811101000000123456"],
    ["IBAN IT60 X054 2811 1010 0000 0123 456.", "pii.iban! IT60 X054 2811 1010 0000 0123 456"],
    ["iban it60x0542811101000000123456", "pii.iban! it60x0542811101000000123456"],
    ["IBAN IT 60 X 05428 11101 000000123456", "pii.iban! IT 60 X 05428 11101 000000123456"],
    ["conto tedesco DE89 3704 0044 0532 0130 00", "pii.iban! DE89 3704 0044 0532 0130 00"],
    ["bonifico su GB29 NWBK 6016 1331 9268 19 grazie", "pii.iban! GB29 NWBK 6016 1331 9268 19"],
  ]);

  it("an IBAN with a character missing or one too many goes to review when called an IBAN", () => {
    expect(found("IBAN IT60X054281110100000012345 grazie")).toEqual(["pii.iban-invalid? IT60X054281110100000012345"]);
    expect(found("iban: IT60 X054 2811 1010 0000 0123 4567 ok")).toEqual([
      "pii.iban-invalid? IT60 X054 2811 1010 0000 0123 4567",
    ]);
  });

  it("the account of a public body quoted for a payment goes to a human", () => {
    expect(found("per i diritti di segreteria l'IBAN del Comune è IT60X0542811101000000123456")).toEqual([
      "pii.iban? IT60X0542811101000000123456",
    ]);
  });

  it("an IBAN with the right layout that fails mod-97 goes to review", () => {
    expect(found("IBAN IT61 X054 2811 1010 0000 0123 456, quando pagate?")).toEqual([
      "pii.iban-invalid? IT61 X054 2811 1010 0000 0123 456",
    ]);
  });

  expectNothing(["la SS62 e la SP12 sono chiuse", "IT60 e basta", "codice IT60X05428111010000001234567890"]);
});

describe("payment cards", () => {
  expectFound([
    ["la carta è 4539 1488 0343 6467 scad. 10/28", "pii.payment-card! 4539 1488 0343 6467"],
    ["mastercard 5555555555554444", "pii.payment-card! 5555555555554444"],
    ["amex 3782-822463-10005", "pii.payment-card! 3782-822463-10005"],
  ]);

  it("without a word about cards, only the usual card lengths are clear-cut", () => {
    expect(found("codice spedizione 4000123412341234")).toEqual(["pii.payment-card! 4000123412341234"]);
    expect(found("codice spedizione 4000123412341238512")).toEqual(["pii.payment-card? 4000123412341238512"]);
  });

  it("a card-like number after 'carta' that fails Luhn goes to review", () => {
    expect(found("carta 4539 1488 0343 6468")).toEqual(["pii.payment-card-invalid? 4539 1488 0343 6468"]);
  });

  expectNothing(["lotto di produzione 1234567890123456", "seriale 9999 9999 9999 9999", "1000000000000000000000000"]);
});
