import { Category } from "@sentinella/core";
import { getPolicy, loadPolicy, policies } from "@sentinella/policy";
import { describe, expect, it } from "vitest";
import cento from "../../../packages/policy/policies/comune-cento.json" with { type: "json" };

describe("seed policies", () => {
  it("are the five entities of the corpus, each with a rule and a clause for every category", () => {
    expect(policies.map((p) => p.id).sort()).toEqual([
      "comune-cento",
      "comune-crespiatica",
      "provincia-massa-carrara",
      "provincia-monza-brianza",
      "provincia-piacenza",
    ]);
    for (const policy of policies) {
      for (const category of Category.options)
        expect(policy.rules[category].clause, `${policy.id} ${category}`).toMatch(new RegExp(`^${policy.name}, `));
    }
  });

  it("carry the published staffing: Monza Mon–Thu 9–18 and Fri 9–13, Massa-Carrara split shifts Mon–Wed", () => {
    const monza = getPolicy("provincia-monza-brianza").officeHours.weekly;
    expect(monza["1"]).toEqual([{ from: "09:00", to: "18:00" }]);
    expect(monza["4"]).toEqual([{ from: "09:00", to: "18:00" }]);
    expect(monza["5"]).toEqual([{ from: "09:00", to: "13:00" }]);
    expect(monza["6"]).toEqual([]);
    const massa = getPolicy("provincia-massa-carrara").officeHours.weekly;
    expect(massa["3"]).toEqual([
      { from: "09:00", to: "13:30" },
      { from: "15:00", to: "17:00" },
    ]);
    expect(massa["4"]).toEqual([{ from: "09:00", to: "13:30" }]);
  });

  it("carry patron days, the reply deadline and the published contacts", () => {
    expect(policies.map((p) => [p.id, p.officeHours.patronDay])).toEqual([
      ["provincia-piacenza", "07-04"],
      ["comune-cento", "02-03"],
      ["provincia-monza-brianza", "06-24"],
      ["comune-crespiatica", "11-30"],
      ["provincia-massa-carrara", "10-04"],
    ]);
    const centoPolicy = getPolicy("comune-cento");
    expect(centoPolicy.replyRule.deadlineHours).toBe(48);
    expect(centoPolicy.contacts.emails).toContain("urp@comune.cento.fe.it");
    expect(centoPolicy.contacts.phones).toContain("800.375.515");
    expect(getPolicy("provincia-massa-carrara").contacts.address).toBe("Palazzo Ducale, Piazza Aranci 1, 54100 Massa");
  });

  it("names the known entities when asked for an unknown one", () => {
    expect(() => getPolicy("comune-di-nessuno")).toThrow(/comune-di-nessuno.*comune-cento/);
  });
});

describe("loadPolicy", () => {
  it("versions a policy by its content: the same document gives the same version, any edit a new one", () => {
    expect(loadPolicy(cento).version).toBe(getPolicy("comune-cento").version);
    const edited = { ...cento, replyRule: { deadlineHours: 24, clock: "calendar" } };
    expect(loadPolicy(edited).version).not.toBe(getPolicy("comune-cento").version);
  });

  it("refuses a policy that would hide off-topic comments automatically", () => {
    const rules = { ...cento.rules, off_topic: { ...cento.rules.off_topic, clearCut: ["hide"] } };
    expect(() => loadPolicy({ ...cento, rules })).toThrow(/off_topic is never hidden automatically/);
  });

  it("refuses a policy that hides on a doubt, or leaves a category without a rule", () => {
    const doubtfulHide = { ...cento.rules, insult: { ...cento.rules.insult, doubtful: ["hide"] } };
    expect(() => loadPolicy({ ...cento, rules: doubtfulHide })).toThrow();
    const { spam: _, ...missing } = cento.rules;
    expect(() => loadPolicy({ ...cento, rules: missing })).toThrow(/spam/);
  });
});
