import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { monthlyFigures } from "@sentinella/audit";
import {
  DynamoDecisionStore,
  DynamoObligationStore,
  DynamoOffenderLedger,
  DynamoStaffRecords,
  decisionTable,
  obligationTable,
  offenderTable,
} from "@sentinella/aws";
import { pngSize } from "@sentinella/local/browser";
import { getPolicy } from "@sentinella/policy";
import { beforeAll, describe, expect, it } from "vitest";
import { readMonth, writeReport } from "../../packages/cli/src/report";
import { recorded } from "../audit/fixtures";
import { useDynamoDbLocal } from "../support/dynamodb";

const cento = "comune-cento";
const records = [
  recorded({ itemId: "h1", at: "2026-11-03T09:00:00.000Z", actions: ["hide"], categories: ["insult"] }),
  recorded({
    itemId: "h2",
    at: "2026-11-10T09:00:00.000Z",
    platform: "instagram",
    actions: ["hide"],
    categories: ["insult"],
  }),
  recorded({ itemId: "t1", at: "2026-11-20T09:00:00.000Z", actions: ["hide", "escalate"], categories: ["threat"] }),
  recorded({ itemId: "r1", at: "2026-11-21T09:00:00.000Z", actions: ["review"], categories: ["trolling"] }),
  // Outside the month in Rome: 1 December 00:30.
  recorded({ itemId: "late", at: "2026-11-30T23:30:00.000Z", actions: ["hide"], categories: ["insult"] }),
];

describe("sentinella report on DynamoDB Local", () => {
  const dynamo = useDynamoDbLocal();
  let deps: Parameters<typeof readMonth>[0];

  beforeAll(async () => {
    const { document } = dynamo.clients;
    const decisions = await dynamo.freshTable(decisionTable);
    deps = {
      decisions: new DynamoDecisionStore({ document, tableName: decisions }),
      staff: new DynamoStaffRecords(document, decisions),
      obligations: new DynamoObligationStore({
        document,
        tableName: await dynamo.freshTable(obligationTable),
        entityFor: getPolicy,
      }),
      offenders: new DynamoOffenderLedger(document, await dynamo.freshTable(offenderTable)),
      clock: { now: () => new Date("2026-12-02T08:00:00.000Z") },
    };
    for (const record of records) await deps.decisions.put(record);
    const [h1, , , r1] = records;
    for (const [item, action, at] of [
      [h1, "unhide", "2026-11-03T11:00:00.000Z"],
      [r1, "allow", "2026-11-21T13:00:00.000Z"],
    ] as const)
      await deps.staff.append({
        schemaVersion: 1,
        recordType: "staff",
        recordId: `${at}#x`,
        itemKey: item?.itemKey ?? "",
        entityId: cento,
        platform: "facebook",
        accountId: "facebook-cento",
        itemId: item?.itemId ?? "",
        action,
        source: "console",
        by: { userId: "u", name: "maria" },
        at,
        result: { status: "done" },
      });
    await deps.offenders.append({
      entityId: cento,
      authorId: "author-1",
      platform: "facebook",
      accountId: "facebook-cento",
      kind: "warning",
      at: "2026-11-22T09:00:00.000Z",
      eventId: "2026-11-22T09:00:00.000Z#w",
      by: "maria",
    });
  });

  it("computes every figure of the month from the tables' queries", async () => {
    const f = monthlyFigures(await readMonth(deps, cento, "2026-11"));
    expect(f.received.total).toBe(4);
    expect(f.received.byPlatformAndKind).toEqual([
      { platform: "facebook", kind: "comment", count: 3 },
      { platform: "instagram", kind: "comment", count: 1 },
    ]);
    expect(f.decisions.byAction).toEqual([
      { key: "hide", count: 3 },
      { key: "review", count: 1 },
      { key: "escalate", count: 1 },
    ]);
    expect(f.decisions.byCategory).toEqual([
      { key: "insult", count: 2 },
      { key: "threat", count: 1 },
      { key: "trolling", count: 1 },
    ]);
    expect(f.automaticVsHuman).toEqual({
      automatic: 4,
      human: 2,
      humanByAction: [
        { key: "allow", count: 1 },
        { key: "unhide", count: 1 },
      ],
    });
    expect(f.overrides).toEqual({ automaticHides: 3, overridden: 1, rate: 1 / 3 });
    expect(f.review).toMatchObject({ sent: 1, decided: 1, waiting: 0, medianHours: 4 });
    expect(f.escalated).toEqual({ emergency: 0, threat: 1 });
    expect(f.offenders).toEqual({ warnings: 1, bansProposed: 0, bansApproved: 0, bansRejected: 0 });
    expect(f.replyRule.opened).toBe(0);
  });

  it("renders the month's report in headless Chromium as a full-page PNG with its four charts", async () => {
    const folder = await mkdtemp(join(tmpdir(), "sentinella-report-"));
    try {
      const out = join(folder, "trasparenza.html");
      const png = join(folder, "trasparenza.png");
      const rendered = await writeReport(deps, { entity: cento, month: "2026-11", out, png });
      expect(await readFile(out, "utf8")).toContain("Rapporto di trasparenza");
      const bytes = await readFile(png);
      expect(bytes.subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
      // The whole page, not just the window: a report is taller than one screen.
      expect(pngSize(bytes)).toEqual({ width: 1024, height: rendered?.height });
      expect(rendered?.height).toBeGreaterThan(768);
      // Received items, decisions by action and by category, decisions per week.
      expect(rendered?.svgCount).toBe(4);
    } finally {
      await rm(folder, { recursive: true, force: true });
    }
  });

  it("refuses a month that is not YYYY-MM", async () => {
    await expect(readMonth(deps, cento, "novembre")).rejects.toThrow("AAAA-MM");
  });
});
