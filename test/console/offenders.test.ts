import { offenderStatus } from "@sentinella/console";
import type { OffenderEvent } from "@sentinella/core";
import { getPolicy } from "@sentinella/policy";
import { describe, expect, it } from "vitest";

const monza = getPolicy("provincia-monza-brianza").repeatOffenders;
const cento = getPolicy("comune-cento").repeatOffenders;

function event(kind: OffenderEvent["kind"], at: string, itemKey?: string): OffenderEvent {
  return {
    entityId: "e",
    authorId: "u",
    platform: "facebook",
    accountId: "fb",
    kind,
    at,
    eventId: `${at}#r`,
    itemKey,
    by: "sentinella",
  };
}

const now = new Date("2026-12-10T00:00:00.000Z");

describe("repeat-offender ledger", () => {
  it("Monza: the first hidden item brings a warning, the next one after it a ban proposal", () => {
    const first = [event("violation", "2026-12-01T10:00:00.000Z", "i1")];
    expect(offenderStatus(first, monza, now, "u").nextStep).toBe("warn");
    const warned = [...first, event("warning", "2026-12-01T11:00:00.000Z")];
    expect(offenderStatus(warned, monza, now, "u").nextStep).toBe("none");
    const again = [...warned, event("violation", "2026-12-02T10:00:00.000Z", "i2")];
    expect(offenderStatus(again, monza, now, "u").nextStep).toBe("propose_ban");
    const proposed = [...again, event("ban_proposed", "2026-12-02T11:00:00.000Z")];
    expect(offenderStatus(proposed, monza, now, "u").nextStep).toBe("ban_pending");
    const approved = [...proposed, event("ban_approved", "2026-12-02T12:00:00.000Z")];
    expect(offenderStatus(approved, monza, now, "u").nextStep).toBe("banned");
  });

  it("Cento: a repetition is several hidden items within the window; one is not", () => {
    expect(cento.violations).toBeGreaterThan(1);
    const one = [event("violation", "2026-12-01T10:00:00.000Z", "i1")];
    expect(offenderStatus(one, cento, now, "u").nextStep).toBe("none");
    const many = Array.from({ length: cento.violations }, (_, i) =>
      event("violation", `2026-12-0${i + 1}T10:00:00.000Z`, `i${i}`),
    );
    expect(offenderStatus(many, cento, now, "u").nextStep).toBe("warn");
    const later = new Date(now.getTime() + (cento.windowDays + 10) * 86_400_000);
    expect(offenderStatus(many, cento, later, "u")).toMatchObject({ violations: 0, nextStep: "none" });
  });

  it("does not count a hide that staff undid, nor the same item twice", () => {
    const events = [
      event("violation", "2026-12-01T10:00:00.000Z", "i1"),
      event("violation", "2026-12-01T10:05:00.000Z", "i1"),
      event("withdrawn", "2026-12-01T11:00:00.000Z", "i1"),
    ];
    expect(offenderStatus(events, monza, now, "u")).toMatchObject({ violations: 0, nextStep: "none" });
  });

  it("after a rejected ban proposal waits for a new violation", () => {
    const events = [
      event("violation", "2026-12-01T10:00:00.000Z", "i1"),
      event("warning", "2026-12-01T11:00:00.000Z"),
      event("violation", "2026-12-02T10:00:00.000Z", "i2"),
      event("ban_rejected", "2026-12-02T11:00:00.000Z"),
    ];
    expect(offenderStatus(events, monza, now, "u").nextStep).toBe("none");
    events.push(event("violation", "2026-12-03T10:00:00.000Z", "i3"));
    expect(offenderStatus(events, monza, now, "u").nextStep).toBe("propose_ban");
  });
});
