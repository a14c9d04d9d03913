import { buildQueue, undoneAutomaticHides, viewQueue } from "@sentinella/console";
import type { ActionTaken, DecisionListing, StaffRecord } from "@sentinella/core";
import { describe, expect, it } from "vitest";
import { decision } from "./fixtures";

const listing = (record: ReturnType<typeof decision>): DecisionListing => ({
  ...record,
  categories: record.categories.map((finding) => finding.category),
});

/** What Sentinella recorded of the platform's answers to its hides, by item version. */
const hidesTaken = (
  records: readonly { itemVersionKey: string }[],
  status: ActionTaken["status"] = "done",
  code = "10",
): Map<string, ActionTaken[]> =>
  new Map(
    records.map((r) => [
      r.itemVersionKey,
      [
        {
          action: "hide",
          status,
          at: "2026-12-01T10:00:01.000Z",
          ...(status === "failed" && { error: { code, message: "refused" } }),
        },
      ],
    ]),
  );

function staffRecord(
  itemKey: string,
  action: StaffRecord["action"],
  at: string,
  result: StaffRecord["result"] = { status: "done" },
): StaffRecord {
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
    result,
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
    const view = viewQueue(buildQueue([recent, threat, old, emergency], [], new Map()), {});
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
      hidesTaken([hidden]),
    );
    const view = viewQueue(entries, {});
    expect(view.entries.map((e) => e.decision.itemId)).toEqual(["doubt", "hidden"]);
    expect(view.counts).toEqual({
      to_review: 1,
      hide_failed: 0,
      hide_pending: 0,
      auto_hidden: 1,
      hidden: 0,
      visible: 1,
    });
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
      new Map(),
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
      new Map(),
    );
    expect(viewQueue(entries, { search: "CITTA sporca" }).entries.map((e) => e.decision.itemId)).toEqual(["a"]);
    expect(viewQueue(entries, { platform: "instagram" }).entries.map((e) => e.decision.itemId)).toEqual(["b"]);
    expect(viewQueue(entries, { category: "insult" }).entries.map((e) => e.decision.itemId)).toEqual(["a"]);
  });

  it("measures the share of automatic hides staff undid", () => {
    const hides = ["h1", "h2", "h3", "h4"].map((itemId) =>
      listing(decision({ itemId, actions: ["hide"], categories: ["spam"] })),
    );
    const refused = listing(decision({ itemId: "h5", actions: ["hide"], categories: ["spam"] }));
    const entries = buildQueue(
      [...hides, refused],
      [
        staffRecord(hides[0]?.itemKey as string, "unhide", "2026-12-01T11:00:00.000Z"),
        staffRecord(hides[1]?.itemKey as string, "confirm", "2026-12-01T11:00:00.000Z"),
        staffRecord(refused.itemKey, "allow", "2026-12-01T11:00:00.000Z"),
      ],
      new Map([...hidesTaken(hides), ...hidesTaken([refused], "failed")]),
    );
    // The refused hide never hid anything: leaving it visible undoes nothing.
    expect(undoneAutomaticHides(entries)).toEqual({ autoHidden: 4, undone: 1 });
  });

  it("shows a hide the platform refused, or has not answered yet, as not hidden, open, with the platform's code", () => {
    const refused = listing(decision({ itemId: "refused", actions: ["hide"], categories: ["pii"] }));
    const pending = listing(decision({ itemId: "pending", actions: ["hide"], categories: ["spam"] }));
    const entries = buildQueue([refused, pending], [], hidesTaken([refused], "failed", "x_not_own_conversation"));
    const view = viewQueue(entries, {});
    expect(view.entries.map((e) => [e.decision.itemId, e.state, e.refusal])).toEqual([
      ["pending", "hide_pending", undefined],
      ["refused", "hide_failed", "x_not_own_conversation"],
    ]);
    expect(view.counts.auto_hidden).toBe(0);
  });

  it("leaves an item not hidden when a person's hide fails, and hidden once a retry takes effect", () => {
    const doubt = listing(decision({ itemId: "doubt" }));
    const failedHide = staffRecord(doubt.itemKey, "hide", "2026-12-01T11:00:00.000Z", {
      status: "failed",
      error: { kind: "permanent", code: "100", message: "refused" },
    });
    const [failed] = buildQueue([doubt], [failedHide], new Map());
    expect([failed?.state, failed?.refusal, failed?.settledBy]).toEqual(["hide_failed", "100", undefined]);
    const retry = staffRecord(doubt.itemKey, "hide", "2026-12-01T11:05:00.000Z");
    const [retried] = buildQueue([doubt], [failedHide, retry], new Map());
    expect([retried?.state, retried?.settledBy]).toEqual(["hidden", retry]);
  });
});
