import { type Category, Entity } from "@sentinella/core";
import { createObligation, officeTimeBetween, planObligation } from "@sentinella/replies";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { entity, instant } from "./arbitraries";
import { citizenItem, decisionFor } from "./fixtures";

const withRule = fc
  .tuple(entity, fc.constantFrom(1 / 7, 8, 24, 48, 72), fc.constantFrom("calendar" as const, "office" as const))
  .map(([e, deadlineHours, clock]) => Entity.parse({ ...e, replyRule: { deadlineHours, clock } }));
const categories = fc.constantFrom<Category[]>(["question"], ["personal_request"], ["emergency"], ["question", "pii"]);

/** An obligation just opened, as the classifier leaves it. */
const opened = fc.tuple(withRule, instant, categories).map(([e, created, found]) => {
  const item = citizenItem({ entityId: e.id, createdAt: created.toISOString() });
  const redactedText = found.includes("pii") ? "[dati personali]" : item.text;
  return { entity: e, obligation: createObligation(item, decisionFor(item, found, { redactedText }), e) };
});

describe("planner properties", () => {
  it("wakes the scheduler exactly when something becomes due, and not before", () => {
    fc.assert(
      fc.property(opened, ({ entity: e, obligation }) => {
        const plan = planObligation(obligation, e, new Date(obligation.createdAt));
        const wakeAt = plan.steps.length ? new Date(obligation.createdAt) : plan.wakeAt;
        expect(wakeAt).toBeDefined();
        if (!wakeAt) return;
        expect(planObligation(obligation, e, new Date(wakeAt.getTime() - 1)).steps).toEqual([]);
        expect(planObligation(obligation, e, wakeAt).steps.length).toBeGreaterThan(0);
      }),
    );
  });

  it("plans the holding reply before the deadline, and only when staff cannot answer in time or 75% has gone", () => {
    fc.assert(
      fc.property(opened, ({ entity: e, obligation }) => {
        const created = Date.parse(obligation.createdAt);
        const due = Date.parse(obligation.dueAt);
        let at = created;
        let plan = planObligation(obligation, e, new Date(at));
        // Follow the wake times as the scheduler does until the holding reply comes up.
        while (!plan.steps.some((step) => step.type === "holding_reply") && plan.wakeAt) {
          at = plan.wakeAt.getTime();
          plan = planObligation(obligation, e, new Date(at));
        }
        expect(plan.steps.some((step) => step.type === "holding_reply")).toBe(true);
        expect(at).toBeLessThanOrEqual(due);
        const staffTimeLeft = officeTimeBetween(e, new Date(at), new Date(due));
        const elapsedShare = (at - created) / (due - created);
        const early = obligation.kind === "emergency" || obligation.channel === "private";
        expect(early || staffTimeLeft <= 3_600_000 || elapsedShare >= 0.75 - 1e-9).toBe(true);
      }),
    );
  });
});
