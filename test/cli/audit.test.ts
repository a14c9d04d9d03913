import { DynamoDecisionStore, DynamoStaffRecords, decisionTable } from "@sentinella/aws";
import type { StaffRecord } from "@sentinella/core";
import { parse } from "csv-parse/sync";
import { beforeAll, describe, expect, it } from "vitest";
import { audit, period } from "../../packages/cli/src/audit";
import { printStatement } from "../../packages/cli/src/statement";
import { recorded } from "../audit/fixtures";
import { useDynamoDbLocal } from "../support/dynamodb";

const hide = {
  ...recorded({
    itemId: "c1",
    at: "2026-11-02T09:00:00.000Z",
    authorId: "mario",
    actions: ["hide"],
    categories: ["insult"],
  }),
  fullText: 'Siete "incapaci"; chiamate il 333 1234567',
  redactedText: 'Siete "incapaci"; chiamate il [telefono]',
};
const question = recorded({ itemId: "c2", at: "2026-11-10T23:30:00.000Z", authorId: "anna", actions: ["reply"] });
const december = recorded({ itemId: "c3", at: "2026-12-01T09:00:00.000Z", authorId: "mario", actions: ["allow"] });
const unhide: StaffRecord = {
  schemaVersion: 1,
  recordType: "staff",
  recordId: "2026-11-03T10:00:00.000Z#x",
  itemKey: hide.itemKey,
  entityId: hide.entityId,
  platform: "facebook",
  accountId: hide.accountId,
  itemId: "c1",
  authorId: "mario",
  action: "unhide",
  source: "console",
  by: { userId: "u1", name: "maria@comune.cento.fe.it" },
  at: "2026-11-03T10:00:00.000Z",
  note: "critica, non insulto",
  result: { status: "done" },
};

describe("sentinella audit and statement on DynamoDB Local", () => {
  const dynamo = useDynamoDbLocal();
  let output = "";
  let deps: Parameters<typeof audit>[0];
  const run = async (...args: Parameters<typeof audit> extends [unknown, ...infer R] ? R : never) => {
    output = "";
    await audit(deps, ...args);
    return output;
  };

  beforeAll(async () => {
    const tableName = await dynamo.freshTable(decisionTable);
    const { document } = dynamo.clients;
    const decisions = new DynamoDecisionStore({ document, tableName });
    for (const record of [hide, question, december]) await decisions.put(record);
    const staff = new DynamoStaffRecords(document, tableName);
    await staff.append(unhide);
    deps = { decisions, staff, write: (text) => (output += text) };
  });

  it("exports a month as a CSV LibreOffice in an Italian locale reads: BOM, `;`, quoted text, Rome dates", async () => {
    const csv = await run({ by: "entity", entityId: hide.entityId }, { month: "2026-11", csv: true, locale: "it" });
    expect(csv.startsWith("\uFEFF")).toBe(true);
    expect(csv).toContain("\r\n");
    const rows: Record<string, string>[] = parse(csv, { bom: true, delimiter: ";", columns: true });
    expect(rows.map((r) => r.elemento)).toEqual(["c1", "c2"]);
    expect(rows[0]).toMatchObject({ decisa_il: "02/11/2026 10:00:00", autore: "mario", decisione: "automatica" });
    // 23:30 UTC on 10 November is already the 11th in Rome.
    expect(rows[1]?.decisa_il).toBe("11/11/2026 00:30:00");
    expect(rows[0]?.testo_oscurato).toBe(hide.redactedText);
    expect(rows[0]?.categorie).toBe("linguaggio offensivo");
  });

  it("writes an English-locale CSV with commas and ISO-ordered dates", async () => {
    const csv = await run({ by: "entity", entityId: hide.entityId }, { month: "2026-11", csv: true, locale: "en" });
    const rows: Record<string, string>[] = parse(csv, { bom: true, delimiter: ",", columns: true });
    expect(rows[0]?.decisa_il).toBe("2026-11-02 10:00:00");
  });

  it("lists by action, category and author, each within the period", async () => {
    const items = async (query: Parameters<typeof run>[0], month?: string) =>
      (
        JSON.parse(await run(query, { json: true, locale: "it", ...(month ? { month } : {}) })) as { itemId: string }[]
      ).map((r) => r.itemId);
    const entityId = hide.entityId;
    expect(await items({ by: "action", entityId, action: "hide" })).toEqual(["c1"]);
    expect(await items({ by: "category", entityId, category: "insult" })).toEqual(["c1"]);
    expect(await items({ by: "author", entityId, authorId: "mario" })).toEqual(["c1", "c3"]);
    expect(await items({ by: "author", entityId, authorId: "mario" }, "2026-12")).toEqual(["c3"]);
  });

  it("shows staff decisions apart from automatic ones, and an item's whole history", async () => {
    const staff = await run({ by: "staff", entityId: hide.entityId }, { csv: true, locale: "it" });
    const rows: Record<string, string>[] = parse(staff, { bom: true, delimiter: ";", columns: true });
    expect(rows).toEqual([
      expect.objectContaining({ elemento: "c1", azione: "reso di nuovo visibile", nota: "critica, non insulto" }),
    ]);
    const history = await run({ by: "item", itemKey: hide.itemKey }, { locale: "it" });
    expect(history).toContain("1 decisioni automatiche.");
    expect(history).toContain("maria@comune.cento.fe.it");
    expect(history).not.toContain("333 1234567");
    const json = JSON.parse(await run({ by: "item", itemKey: hide.itemKey }, { json: true, locale: "it" }));
    expect(json.decisions[0]).not.toHaveProperty("fullText");
  });

  it("refuses a bad period and conflicting outputs", () => {
    expect(() => period({ month: "2026-13" })).toThrow("AAAA-MM");
    expect(() => period({ month: "2026-11", from: "2026-11-01" })).toThrow("--month");
    expect(() => period({ from: "ieri" })).toThrow("ISO");
  });

  it("prints a hidden item's statement of reasons with its riesame, and refuses a decision that hid nothing", async () => {
    output = "";
    const clock = { now: () => new Date("2026-11-05T00:00:00Z") };
    await printStatement({ ...deps, clock }, hide.itemKey, {});
    expect(output).toContain(hide.itemVersionKey);
    expect(output).toContain("reso di nuovo visibile – critica, non insulto");
    output = "";
    await printStatement({ ...deps, clock }, hide.itemVersionKey, { html: true });
    expect(output).toMatch(/^<!doctype html>/i);
    await expect(printStatement({ ...deps, clock }, question.itemKey, {})).rejects.toThrow("non richiede");
    await expect(printStatement({ ...deps, clock }, "facebook#x#nope", {})).rejects.toThrow("Nessuna decisione");
  });
});
