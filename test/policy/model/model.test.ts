import { CLASSIFIER_VERSION, classify, getPolicy } from "@sentinella/policy";
import { describe, expect, it } from "vitest";
import { formatDecision } from "../../../packages/cli/src/classify";
import { trainingDataHash } from "../../../packages/policy/scripts/training-data";
import { analyse } from "../../../packages/policy/src/language/analyse";
import { MODEL, scores } from "../../../packages/policy/src/model";
import { FEATURES_VERSION } from "../../../packages/policy/src/model/features";

const cento = getPolicy("comune-cento");
const decide = (text: string) => classify({ text, kind: "comment", platform: "facebook" }, cento);
const modelCategories = (text: string) =>
  decide(text).categories.filter((c) => c.ruleIds.some((id) => id.startsWith("model.")));

// A threat with none of the rules' violent verbs, weapons or second-person forms: the intent is in the circumstances.
const VEILED_THREAT = "Quel consigliere prima o poi lo faccio sparire, segnatevelo";

describe("statistical layer over the rules", () => {
  it("sends a threat the rules do not match to review at least, as model.threat with its clause", () => {
    const d = decide(VEILED_THREAT);
    expect(d.actions).toContain("review");
    const threat = d.categories.find((c) => c.category === "threat");
    expect(threat?.ruleIds).toEqual(["model.threat"]);
    expect(threat?.clause).toBe(cento.rules.threat.clause);
    expect(threat?.clearCut).toBe(false);
  });

  it("explains its finding with the words that weighed most", () => {
    const threat = modelCategories(VEILED_THREAT)[0];
    const words = threat?.evidence.map((e) => VEILED_THREAT.slice(e.start, e.end)) ?? [];
    expect(words.length).toBeGreaterThan(0);
    expect(threat?.evidence.every((e) => e.ruleId === "model.threat")).toBe(true);
    for (const w of words) expect(VEILED_THREAT).toContain(w);
  });

  it("shows a moderator's terminal the model's rule id and the words it weighed", () => {
    const threat = modelCategories(VEILED_THREAT)[0];
    const first = threat?.evidence[0];
    const shown = formatDecision(decide(VEILED_THREAT), VEILED_THREAT);
    expect(shown).toContain("model.threat");
    expect(shown).toContain(`indizi «${VEILED_THREAT.slice(first?.start, first?.end)}»`);
  });

  it.each([
    "Buongiorno a tutti e buona domenica!",
    "Grazie mille per l'informazione, molto utile",
    "A che ora apre l'ufficio anagrafe il sabato mattina?",
    "Quando passa il camion della raccolta differenziata in via Roma?",
  ])("leaves a plain greeting or a service question alone: %s", (text) => {
    expect(modelCategories(text)).toEqual([]);
    expect(decide(text).actions).not.toContain("review");
  });

  it("never hides: its categories only ever add review or escalate", () => {
    const texts = [
      VEILED_THREAT,
      "Stanotte aspetto il vigile sotto casa sua e vediamo se torna a camminare",
      "Buongiorno a tutti e buona domenica!",
      "Non si respira più, c'è fumo nero che esce dalle finestre della scuola",
    ];
    for (const text of texts) {
      const d = decide(text);
      const onlyModel =
        d.categories.length > 0 && d.categories.every((c) => c.ruleIds.every((id) => id.startsWith("model.")));
      if (onlyModel) for (const action of d.actions) expect(["review", "escalate"]).toContain(action);
    }
    for (const c of MODEL.categories)
      expect(c.escalate === undefined || ["threat", "emergency"].includes(c.category)).toBe(true);
    for (const c of MODEL.categories) if (c.escalate !== undefined) expect(c.escalate).toBeGreaterThanOrEqual(c.review);
  });

  it("scores the same text the same way every time", () => {
    const first = scores(analyse(VEILED_THREAT));
    expect(scores(analyse(VEILED_THREAT))).toEqual(first);
    expect(decide(VEILED_THREAT)).toEqual(decide(VEILED_THREAT));
    expect(decide(VEILED_THREAT).classifierVersion).toBe(CLASSIFIER_VERSION);
  });
});

describe("shipped weights", () => {
  it("were trained on the training files as they are now (else run `npm run train-model`)", () => {
    expect(MODEL.trainingData).toBe(trainingDataHash());
  });

  it("were trained with the feature extractor as it is now (else run `npm run train-model`)", () => {
    expect(MODEL.featuresVersion).toBe(FEATURES_VERSION);
  });
});
