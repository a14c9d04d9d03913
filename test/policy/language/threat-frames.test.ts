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
