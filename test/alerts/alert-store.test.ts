import { type DynamoDBDocumentClient, GetCommand } from "@aws-sdk/lib-dynamodb";
import type { PendingAlert } from "@sentinella/alerts";
import { alertTable, DynamoAlertStore } from "@sentinella/aws";
import { beforeEach, describe, expect, it } from "vitest";
import { useDynamoDbLocal } from "../support/dynamodb";
import { sampleAlert } from "./helpers";

const dynamo = useDynamoDbLocal();
let store: DynamoAlertStore;
let tableName: string;

beforeEach(async () => {
  tableName = await dynamo.freshTable(alertTable);
  store = new DynamoAlertStore(dynamo.clients.document, tableName);
});

function entry(overrides: Partial<PendingAlert> & { itemKey?: string; entityId?: string } = {}): PendingAlert {
  const { itemKey = "facebook#fb-1#c-1", entityId = "comune-cento", ...rest } = overrides;
  return {
    alert: sampleAlert({ itemKey, entityId }),
    delivery: "digest",
    queuedAt: "2026-11-27T21:00:00.000Z",
    attempts: 0,
    ...rest,
  };
}

const at = (iso: string) => new Date(iso);

/** A store whose process dies at its n-th DynamoDB call (counting from 1), before the call reaches the table. */
function dyingAt(call: number): DynamoAlertStore {
  let calls = 0;
  const document = dynamo.clients.document;
  const dying = {
    send: (command: Parameters<typeof document.send>[0]) =>
      ++calls === call ? Promise.reject(new Error("crash")) : document.send(command),
  } as DynamoDBDocumentClient;
  return new DynamoAlertStore(dying, tableName);
}

describe("DynamoAlertStore", () => {
  it("records an item and reason once; a second record queues nothing", async () => {
    expect(await store.record(entry())).toBe("recorded");
    expect(await store.record(entry({ queuedAt: "2026-11-27T22:00:00.000Z" }))).toBe("exists");
    expect(await store.record(entry({ alert: sampleAlert({ entityId: "comune-cento", reason: "threat" }) }))).toBe(
      "recorded",
    );
    expect((await store.pending("comune-cento")).map((e) => e.alert.reason)).toEqual(["review", "threat"]);
  });

  it("lists an entity's pending alerts oldest first, and only that entity's", async () => {
    await store.record(entry({ itemKey: "b", queuedAt: "2026-11-28T10:00:00.000Z" }));
    await store.record(entry({ itemKey: "a", queuedAt: "2026-11-27T10:00:00.000Z" }));
    await store.record(entry({ itemKey: "c", entityId: "provincia-piacenza" }));

    const pending = await store.pending("comune-cento");
    expect(pending.map((e) => e.alert.itemKey)).toEqual(["a", "b"]);
    expect(pending[0]).toEqual(entry({ itemKey: "a", queuedAt: "2026-11-27T10:00:00.000Z" }));
  });

  it("lists only the alerts to deliver at once when asked without digests, oldest first either way", async () => {
    await store.record(entry({ itemKey: "digest-old", queuedAt: "2026-11-27T09:00:00.000Z" }));
    await store.record(entry({ itemKey: "now-new", delivery: "now", queuedAt: "2026-11-27T11:00:00.000Z" }));
    await store.record(entry({ itemKey: "digest-new", queuedAt: "2026-11-27T12:00:00.000Z" }));

    expect((await store.pending("comune-cento")).map((e) => e.alert.itemKey)).toEqual([
      "digest-old",
      "now-new",
      "digest-new",
    ]);
    expect((await store.pending("comune-cento", { digests: false })).map((e) => e.alert.itemKey)).toEqual(["now-new"]);
  });

  it("finishes a digest whose recorder died after its claim at the retry, and only once the claim lapsed", async () => {
    await expect(dyingAt(2).record(entry())).rejects.toThrow("crash");
    expect(await store.pending("comune-cento")).toEqual([]);
    // The retry within the claim finds the pair taken; the one after it lapsed (120 s) records it.
    expect(await store.record(entry({ queuedAt: "2026-11-27T21:01:00.000Z" }))).toBe("exists");
    expect(await store.record(entry({ queuedAt: "2026-11-27T21:03:00.000Z" }))).toBe("recorded");
    expect(await store.pending("comune-cento")).toEqual([entry()]);
    expect(await store.record(entry({ queuedAt: "2026-11-28T09:00:00.000Z" }))).toBe("exists");
  });

  it("queues a digest whose recorder died after its outbox entry once: the retry puts it under the same key", async () => {
    await expect(dyingAt(3).record(entry())).rejects.toThrow("crash");
    // A flush leased the entry meanwhile: the retry neither adds a second one nor overwrites the lease.
    const leased = await store.lease([entry()], at("2026-11-27T21:01:00Z"), at("2026-11-27T21:10:00Z"));
    expect(await store.record(entry({ queuedAt: "2026-11-27T21:03:00.000Z" }))).toBe("recorded");
    expect(await store.pending("comune-cento")).toEqual(leased);
    expect(await store.record(entry({ queuedAt: "2026-11-28T09:00:00.000Z" }))).toBe("exists");
  });

  it("claims an alert sent at once without queueing it, for one sender at a time, and once for good when sent", async () => {
    const claim = entry({
      delivery: "now",
      queuedAt: "2026-11-30T08:00:00.000Z",
      leaseUntil: "2026-11-30T08:02:00.000Z",
    });
    const again = (queuedAt: string) => ({ ...claim, queuedAt, leaseUntil: "2026-11-30T09:00:00.000Z" });

    expect(await store.claim(claim)).toBe("claimed");
    expect(await store.pending("comune-cento")).toEqual([]);
    expect(await store.claim(again("2026-11-30T08:01:00.000Z"))).toBe("exists");
    // The sender died: its claim lapses and the retry claims it again.
    expect(await store.claim(again("2026-11-30T08:03:00.000Z"))).toBe("claimed");
    await store.sent(again("2026-11-30T08:03:00.000Z"));
    expect(await store.claim(again("2026-12-30T08:00:00.000Z"))).toBe("exists");
    expect(await store.record(again("2026-12-30T08:00:00.000Z"))).toBe("exists");
  });

  it("queues a claimed alert no channel delivered, for the flush to retry and no sender to claim again", async () => {
    const claim = entry({
      delivery: "now",
      queuedAt: "2026-11-30T08:00:00.000Z",
      leaseUntil: "2026-11-30T08:02:00.000Z",
    });
    await store.claim(claim);
    await store.queue(claim, "email: ServiceUnavailable");

    const [queued] = await store.pending("comune-cento", { digests: false });
    expect(queued).toMatchObject({ delivery: "now", attempts: 1, lastError: "email: ServiceUnavailable" });
    expect(queued?.leaseUntil).toBeUndefined();
    expect(await store.claim({ ...claim, queuedAt: "2026-11-30T09:00:00.000Z" })).toBe("exists");
  });

  it("gives each pending alert to one of two overlapping runs, and to a later run once the lease is over", async () => {
    const entries = ["a", "b", "c"].map((itemKey) => entry({ itemKey }));
    for (const e of entries) await store.record(e);
    const now = at("2026-11-30T08:00:00Z");
    const until = at("2026-11-30T08:02:00Z");

    const [first, second] = await Promise.all([store.lease(entries, now, until), store.lease(entries, now, until)]);
    expect([...(first ?? []), ...(second ?? [])].map((e) => e.alert.itemKey).sort()).toEqual(["a", "b", "c"]);
    expect(await store.lease(entries, at("2026-11-30T08:01:00Z"), at("2026-11-30T08:03:00Z"))).toEqual([]);
    expect(await store.lease(entries, at("2026-11-30T08:05:00Z"), at("2026-11-30T08:07:00Z"))).toHaveLength(3);
  });

  it("keeps a failed alert with its error and releases it for the next run", async () => {
    const e = entry();
    await store.record(e);
    const [taken] = await store.lease([e], at("2026-11-30T08:00:00Z"), at("2026-11-30T08:02:00Z"));
    await store.failed([taken as PendingAlert], "email: ServiceUnavailable");

    const [kept] = await store.pending("comune-cento");
    expect(kept).toMatchObject({ attempts: 1, lastError: "email: ServiceUnavailable" });
    expect(kept?.leaseUntil).toBeUndefined();
    expect(await store.lease([e], at("2026-11-30T08:00:30Z"), at("2026-11-30T08:02:30Z"))).toHaveLength(1);
  });

  it("removes delivered alerts but keeps their dedupe row forever; pending rows expire after two weeks", async () => {
    const e = entry();
    await store.record(e);
    const pendingRow = await dynamo.clients.document.send(
      new GetCommand({
        TableName: tableName,
        Key: { pk: "pending#comune-cento", sk: `digest#${e.queuedAt}#${e.alert.itemKey}#review` },
      }),
    );
    expect(pendingRow.Item?.expiresAt).toBe(Date.parse(e.queuedAt) / 1000 + 14 * 86_400);

    await store.delivered([e]);
    expect(await store.pending("comune-cento")).toEqual([]);
    const dedupeRow = await dynamo.clients.document.send(
      new GetCommand({ TableName: tableName, Key: { pk: `dedupe#${e.alert.itemKey}`, sk: "review" } }),
    );
    expect(dedupeRow.Item).toMatchObject({ entityId: "comune-cento" });
    expect(dedupeRow.Item?.expiresAt).toBeUndefined();
    expect(await store.record(e)).toBe("exists");
  });
});
