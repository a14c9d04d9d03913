import { DynamoDecisionStore, DynamoStaffRecords, decisionReader, decisionTable } from "@sentinella/aws";
import type { StaffRecord } from "@sentinella/core";
import { beforeAll, describe, expect, it } from "vitest";
import { recorded } from "../audit/fixtures";
import { useDynamoDbLocal } from "../support/dynamodb";

const cento = "comune-cento";

/** A moderator's decision about `itemKey` at `at`. */
function staffRecord(itemKey: string, at: string, overrides: Partial<StaffRecord> = {}): StaffRecord {
  return {
    schemaVersion: 1,
    recordType: "staff",
    recordId: `${at}#${Math.random().toString(36).slice(2, 10)}`,
    itemKey,
    entityId: cento,
    platform: "facebook",
    accountId: "facebook-cento",
    itemId: itemKey.split("#").at(-1) as string,
    authorId: "author-1",
    action: "unhide",
    source: "console",
    by: { userId: "sub-maria", name: "maria@comune.example", role: "moderator" },
    at,
    note: "numero dell'ufficio, non privato",
    result: { status: "done" },
    ...overrides,
  };
}

/** Staff records share the decision table with the automatic decisions: each access pattern keeps them apart. */
describe("DynamoStaffRecords on DynamoDB Local", () => {
  const dynamo = useDynamoDbLocal();
  let decisions: DynamoDecisionStore;
  let staff: DynamoStaffRecords;
  const hidden = recorded({ itemId: "h1", at: "2026-11-03T09:00:00.000Z", actions: ["hide"], categories: ["pii"] });

  beforeAll(async () => {
    const { document } = dynamo.clients;
    const tableName = await dynamo.freshTable(decisionTable);
    decisions = new DynamoDecisionStore({ document, tableName });
    staff = new DynamoStaffRecords(document, tableName);
    await decisions.put(hidden);
  });

  it("appends a staff record beside the automatic decision, which stays as it was", async () => {
    const unhide = staffRecord(hidden.itemKey, "2026-11-03T11:00:00.000Z", { overrides: hidden.itemVersionKey });
    await staff.append(unhide);

    expect(await staff.listByItem(hidden.itemKey)).toEqual([unhide]);
    const [automatic, ...more] = await decisions.listByItem(hidden.itemKey);
    expect(more).toEqual([]);
    expect(automatic).toMatchObject({ actions: ["hide"], actionsTaken: hidden.actionsTaken });
    // The entity's decision listing (the queue, the report) holds the decision and not the staff row.
    const listed = await decisionReader(decisions).listByEntity(cento, "2026-11-01T00:00:00Z", "2026-11-30T00:00:00Z");
    expect(listed.map((d) => d.itemKey)).toEqual([hidden.itemKey]);
  });

  it("keeps the first record when the same record id comes again, and never overwrites it", async () => {
    const first = staffRecord("facebook#facebook-cento#h2", "2026-11-04T10:00:00.000Z", { action: "hide" });
    await staff.append(first);
    await staff.append({ ...first, action: "allow", note: "un'altra nota" });
    expect(await staff.listByItem(first.itemKey)).toEqual([first]);
  });

  it("lists an entity's records of a period oldest first, past one batch read, and no other entity's", async () => {
    const day = "2026-11-20";
    const many = Array.from({ length: 130 }, (_, n) =>
      staffRecord(
        `facebook#facebook-cento#m${n}`,
        `${day}T${String(8 + Math.floor(n / 60)).padStart(2, "0")}:${String(n % 60).padStart(2, "0")}:00.000Z`,
      ),
    );
    for (const record of [...many].reverse()) await staff.append(record);
    await staff.append(
      staffRecord("facebook#facebook-monza#x1", `${day}T09:00:00.000Z`, { entityId: "provincia-monza-brianza" }),
    );
    await staff.append(staffRecord("facebook#facebook-cento#late", "2026-11-21T09:00:00.000Z"));

    const listed = await staff.listByEntity(cento, `${day}T00:00:00.000Z`, `${day}T23:59:59.999Z`);
    expect(listed.map((r) => r.recordId)).toEqual(many.map((r) => r.recordId));
  });

  it("refuses a record that is not a staff record, and writes nothing", async () => {
    const bad = { ...staffRecord("facebook#facebook-cento#b1", "2026-11-05T10:00:00.000Z"), action: "delete" };
    await expect(staff.append(bad as unknown as StaffRecord)).rejects.toThrow();
    expect(await staff.listByItem("facebook#facebook-cento#b1")).toEqual([]);
  });
});
