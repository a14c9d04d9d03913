import { obligationTable } from "@sentinella/aws";
import { describe, expect, it } from "vitest";
import { itemWriteUnits } from "../../infra/cost/meter";
import {
  atRest,
  type CommentUsage,
  monthlyBill,
  perMillionComments,
  readPriceTable,
  total,
} from "../../infra/cost/pricing";

const { prices } = readPriceTable();

describe("npm run cost: the arithmetic", () => {
  const usage: CommentUsage = {
    httpApiRequests: 1,
    sqsRequests: 3,
    lambda: [{ name: "classifier", invocations: 1, gbSeconds: 0.1 }],
    wru: { classifier: 4 },
    rru: { classifier: 2 },
    logBytes: 1024,
    storageBytes: 1000,
  };

  it("prices a million comments from what one costs in each unit", () => {
    const lines = perMillionComments(usage, prices);
    const line = (what: string) => lines.find((l) => l.what === what)?.usd;
    expect(line("writes: classifier")).toBeCloseTo(4 * prices.dynamoWru.usd);
    expect(line("HTTP API requests")).toBeCloseTo(prices.httpApiRequests.usd);
    expect(line("send, receive, delete")).toBeCloseTo(3 * prices.sqsRequests.usd);
    expect(line("classifier: duration (arm64)")).toBeCloseTo(100_000 * prices.lambdaArmGbSecond.usd);
  });

  it("adds the floor to a month's share of the per-million bill", () => {
    const rest = atRest(
      {
        lambda: [],
        wru: 0,
        rru: 0,
        sqsRequests: 0,
        logBytes: 0,
        secrets: 2,
        secretApiCalls: 0,
        alarms: 3,
        metrics: 0,
        scheduledRuleInvocations: 0,
      },
      prices,
    );
    expect(total(rest)).toBeCloseTo(2 * prices.secret.usd + 3 * prices.alarm.usd);
    const perMillion = perMillionComments(usage, prices);
    expect(monthlyBill(5_000, perMillion, rest)).toBeCloseTo(total(rest) + 0.005 * total(perMillion));
  });
});

describe("npm run cost: write units of an item and its keys-only indexes", () => {
  const row = { pk: { S: "facebook#1#2" }, open: { S: "open" }, openThread: { S: "t" }, createdAt: { S: "a" } };
  const due = { dueAt: { S: "2026-11-25" } };

  it("writes nothing to an index whose key and projection the update left alone", () => {
    const before = { ...row, ...due, wakeAt: { S: "2026-11-24" }, status: { S: "open" } };
    const after = { ...before, replyState: { S: "intended" } };
    expect(itemWriteUnits(obligationTable, before, after)).toEqual({ table: 1, indexes: {} });
  });

  it("deletes and puts the entry of an index whose key changed, and deletes it when the key goes", () => {
    const before = { ...row, ...due, wakeAt: { S: "2026-11-24" } };
    expect(itemWriteUnits(obligationTable, before, { ...before, wakeAt: { S: "2026-11-25" } }).indexes).toEqual({
      openByWake: 2,
    });
    const { wakeAt: _, ...woken } = before;
    expect(itemWriteUnits(obligationTable, before, woken).indexes).toEqual({ openByWake: 1 });
  });

  it("bills a failed condition on the table only", () => {
    const item = { ...row, ...due };
    expect(itemWriteUnits(obligationTable, item, item, false)).toEqual({ table: 1, indexes: {} });
  });
});
