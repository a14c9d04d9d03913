import { Decision, ItemKind, Platform } from "@sentinella/core";
import { classify, policies } from "@sentinella/policy";
import fc from "fast-check";
import { describe, expect, it } from "vitest";

const item = fc.record({
  text: fc.oneof(fc.string({ maxLength: 300 }), fc.string({ unit: "grapheme", maxLength: 200 }), fc.lorem()),
  kind: fc.constantFrom(...ItemKind.options),
  platform: fc.constantFrom(...Platform.options),
});
const policy = fc.constantFrom(...policies);
const context = fc.record({ electionPeriod: fc.boolean() }, { requiredKeys: [] });

describe("classify on any text", () => {
  it("never throws and returns a valid decision whose actions follow the guide's rules", () => {
    fc.assert(
      fc.property(item, policy, context, (i, p, c) => {
        const decision = Decision.parse(classify(i, p, c));
        const { actions } = decision;
        expect(actions.includes("allow")).toBe(decision.categories.length === 0);
        if (actions.includes("allow")) expect(actions).toEqual(["allow"]);
        expect(actions.includes("hide") && actions.includes("review")).toBe(false);
      }),
    );
  });

  it("is deterministic: the same item, policy and context give the same decision", () => {
    fc.assert(
      fc.property(item, policy, context, (i, p, c) => {
        expect(classify(i, p, c)).toEqual(classify(i, p, c));
      }),
    );
  });
});
