import { buildQueue, undoneAutomaticHides, viewQueue } from "@sentinella/console";
import type { DecisionListing, StaffRecord } from "@sentinella/core";
import { describe, expect, it } from "vitest";
import { decision } from "./fixtures";

const listing = (record: ReturnType<typeof decision>): DecisionListing => ({
  ...record,
  categories: record.categories.map((finding) => finding.category),
});

function staffRecord(itemKey: string, action: StaffRecord["action"], at: string): StaffRecord {
  return {
    schemaVersion: 1,
    recordType: "staff",
    recordId: `${at}#x`,
    itemKey,
    entityId: "comune-cento",
    platform: "facebook",
    accountId: "fb-comune-cento",
    itemId: itemKey.split("#")[2] as string,
    action,
    source: "console",
    by: { userId: "u", name: "maria" },
    at,
    result: { status: "done" },
  };
}

describe("review queue", () => {
  it("puts threats and emergencies first, then the longest waiting", () => {
    const old = listing(decision({ itemId: "old", decidedAt: "2026-12-01T08:00:00.000Z" }));
    const recent = listing(decision({ itemId: "recent", decidedAt: "2026-12-01T11:00:00.000Z" }));
    const threat = listing(
      decision({
        itemId: "threat",
        categories: ["threat"],
        actions: ["review", "escalate"],
        decidedAt: "2026-12-01T11:30:00.000Z",
      }),
    );
    const emergency = listing(
      decision({
        itemId: "sos",
        categories: ["emergency"],
        actions: ["reply", "escalate"],
        decidedAt: "2026-12-01T10:00:00.000Z",
      }),
    );
    const view = viewQueue(buildQueue([recent, threat, old, emergency], []), {});
    expect(view.entries.map((e) => e.decision.itemId)).toEqual(["sos", "threat", "old", "recent"]);
  });

  it("leaves out what Sentinella allowed and what staff settled, and counts each state", () => {
    const allowed = listing(decision({ itemId: "ok", actions: ["allow"], categories: [] }));
    const review = listing(decision({ itemId: "doubt" }));
    const hidden = listing(decision({ itemId: "hidden", actions: ["hide"], categories: ["spam"] }));
    const settled = listing(decision({ itemId: "settled" }));
    const entries = buildQueue(
      [allowed, review, hidden, settled],
      [staffRecord(settled.itemKey, "allow", "2026-12-01T11:00:00.000Z")],
    );
    const view = viewQueue(entries, {});
    expect(view.entries.map((e) => e.decision.itemId)).toEqual(["doubt", "hidden"]);
    expect(view.counts).toEqual({ to_review: 1, auto_hidden: 1, hidden: 0, visible: 1 });
    expect(viewQueue(entries, { state: "visible" }).entries.map((e) => e.decision.itemId)).toEqual(["settled"]);
  });

  it("reopens an item edited after a person decided on it", () => {
    const first = decision({ itemId: "edit", decidedAt: "2026-12-01T09:00:00.000Z" });
    const edited = {
      ...first,
      itemVersionKey: `${first.itemKey}#edited#1`,
      event: "edited" as const,
      decidedAt: "2026-12-01T11:00:00.000Z",
    };
    const entries = buildQueue(
      [listing(first), listing(edited)],
      [staffRecord(first.itemKey, "allow", "2026-12-01T10:00:00.000Z")],
    );
    expect(entries[0]?.state).toBe("to_review");
    expect(entries[0]?.waitingSince).toBe("2026-12-01T09:00:00.000Z");
  });

  it("filters by platform, category and words of the text, accents ignored", () => {
    const entries = buildQueue(
      [
        listing(decision({ itemId: "a", text: "Che vergogna, è una città sporca", categories: ["insult"] })),
        listing(decision({ itemId: "b", text: "compra crypto", categories: ["spam"], platform: "instagram" })),
      ],
      [],
    );
    expect(viewQueue(entries, { search: "CITTA sporca" }).entries.map((e) => e.decision.itemId)).toEqual(["a"]);
    expect(viewQueue(entries, { platform: "instagram" }).entries.map((e) => e.decision.itemId)).toEqual(["b"]);
    expect(viewQueue(entries, { category: "insult" }).entries.map((e) => e.decision.itemId)).toEqual(["a"]);
  });

  it("measures the share of automatic hides staff undid", () => {
    const hides = ["h1", "h2", "h3", "h4"].map((itemId) =>
      listing(decision({ itemId, actions: ["hide"], categories: ["spam"] })),
    );
    const entries = buildQueue(hides, [
      staffRecord(hides[0]?.itemKey as string, "unhide", "2026-12-01T11:00:00.000Z"),
      staffRecord(hides[1]?.itemKey as string, "confirm", "2026-12-01T11:00:00.000Z"),
    ]);
    expect(undoneAutomaticHides(entries)).toEqual({ autoHidden: 4, undone: 1 });
  });
});
