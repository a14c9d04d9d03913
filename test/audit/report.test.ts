import { describe, expect, it } from "vitest";
import { monthlyFigures, renderMonthlyReport, romeMonthRange } from "../../packages/audit/src";
import { recorded } from "./fixtures";

describe("Rome months", () => {
  it("start and end at Rome midnight, across the change to and from summer time", () => {
    expect(romeMonthRange("2026-11")).toEqual({ from: "2026-10-31T23:00:00.000Z", to: "2026-11-30T22:59:59.999Z" });
    expect(romeMonthRange("2026-07")).toEqual({ from: "2026-06-30T22:00:00.000Z", to: "2026-07-31T21:59:59.999Z" });
    expect(romeMonthRange("2026-10")).toEqual({ from: "2026-09-30T22:00:00.000Z", to: "2026-10-31T22:59:59.999Z" });
    expect(() => romeMonthRange("2026-13")).toThrow(RangeError);
  });
});

describe("monthly report", () => {
  const decisions = [
    recorded({ itemId: "q1", at: "2026-11-02T09:00:00Z", actions: ["reply"], categories: ["question"] }),
    recorded({ itemId: "h1", at: "2026-11-03T09:00:00Z", actions: ["hide"], categories: ["insult"] }),
    recorded({
      itemId: "h2",
      at: "2026-11-10T09:00:00Z",
      platform: "instagram",
      actions: ["hide"],
      categories: ["insult"],
    }),
    recorded({
      itemId: "t1",
      at: "2026-11-10T10:00:00Z",
      kind: "reply",
      actions: ["hide", "escalate"],
      categories: ["threat"],
    }),
    recorded({ itemId: "e1", at: "2026-11-11T10:00:00Z", event: "edited", actions: ["hide"], categories: ["insult"] }),
  ];
  const figures = monthlyFigures({
    entity: { id: "comune-cento", name: "Comune di Cento" },
    month: "2026-11",
    asOf: "2026-12-01T08:00:00Z",
    decisions,
    staff: [{ itemKey: decisions[1]?.itemKey ?? "", action: "unhide", at: "2026-11-03T12:00:00Z" }],
    obligations: new Map([
      [
        decisions[0]?.itemKey ?? "",
        {
          status: "closed" as const,
          closedBy: "staff_reply" as const,
          closedAt: "2026-11-03T08:00:00Z",
          dueAt: "2026-11-04T09:00:00Z",
          holdingReply: undefined,
        },
      ],
    ]),
  });

  it("counts what the records say", () => {
    expect(figures.received.total).toBe(4);
    expect(figures.received.edits).toBe(1);
    expect(figures.decisions.total).toBe(5);
    expect(figures.overrides).toEqual({ automaticHides: 4, overridden: 1, rate: 0.25 });
    expect(figures.replyRule.opened).toBe(1);
    expect(figures.replyRule.answeredInTime).toBe(1);
    expect(figures.escalated.threat).toBe(1);
    expect(figures.offenders).toBeUndefined();
  });

  it("renders Italian HTML with Vega charts as SVG, and no personal data", async () => {
    const html = await renderMonthlyReport(figures);
    expect(html).toContain('<html lang="it">');
    expect(html).toContain("novembre 2026");
    expect(html.match(/<svg /g)?.length).toBe(4);
    expect(html).toContain("@media print");
    expect(html).toContain("25%");
    for (const personal of ["author-1", "imbecille", "biblioteca", "q1", "facebook-cento"])
      expect(html).not.toContain(personal);
  });
});
