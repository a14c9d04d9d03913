import { describe, expect, it } from "vitest";
import { classify, getPolicy } from "../../../packages/policy/src";

const redacted = (text: string) =>
  classify({ text, kind: "comment", platform: "facebook" }, getPolicy("comune-cento")).redactedText;

describe("the stored text masks private persons' names and homes", () => {
  it.each([
    ["sono Mario Rossi, abito in via Modena 12", "sono [omissis], abito in [omissis]"],
    ["Firmato: Giovanna Ferraresi", "Firmato: [omissis]"],
    ["chiedete alla signora Bianchi del terzo piano", "chiedete alla signora [omissis] del terzo piano"],
    ["il dott. Paolo Malaguti non mi ha ancora visitato", "il dott. [omissis] non mi ha ancora visitato"],
    ["@Gianni Pasquali guarda qui, e anche tu @lucia.ferrari", "[omissis] guarda qui, e anche tu [omissis]"],
    ["Il sindaco deve aiutare Mario Rossi", "Il sindaco deve aiutare [omissis]"],
    // A capitalised opener before the name: the whole run is masked, never the surname left.
    ["Sono Lucia Ferri, scrivetemi in privato", "[omissis], scrivetemi in privato"],
    ["Gentile Ettore Vanzini ha ragione lui", "[omissis] ha ragione lui"],
    ["Saluti Carla Benassi", "[omissis]"],
    ["Buongiorno Carla Benassi, grazie", "Buongiorno [omissis], grazie"],
  ])("%s → %s", (text, expected) => {
    expect(redacted(text)).toBe(expected);
  });

  it("never masks a public official named in their role, nor places, feasts or the entity's accounts", () => {
    for (const text of [
      "il sindaco Fabrizio Toselli ha detto che la strada è chiusa",
      "l'assessora ai lavori pubblici Anna Galli non risponde",
      "il presidente della Provincia, Luca Santambrogio, è in ritardo",
      "Complimenti Sindaco Toselli, e grazie al consigliere Zanardi",
      "Buon Natale a tutti da Reggio Emilia, scrivete a urp@comune.cento.fe.it",
      "seguite @ProvinciaMB per gli aggiornamenti",
    ]) {
      expect(redacted(text)).toBe(text);
    }
  });

  it("keeps a first name alone, which identifies nobody", () => {
    expect(redacted("chiamate Luca per la chiave della palestra")).toBe("chiamate Luca per la chiave della palestra");
  });

  it("masks names without making them a finding: a signed comment is not hidden", () => {
    const decision = classify(
      { text: "Quando riapre la biblioteca? Grazie, Marta Cavicchi", kind: "comment", platform: "facebook" },
      getPolicy("comune-cento"),
    );
    expect(decision.actions).not.toContain("hide");
    expect(decision.categories.map((c) => c.category)).not.toContain("pii");
    expect(decision.redactedText).toBe("Quando riapre la biblioteca? Grazie, [omissis]");
  });
});
