import { DynamoHandshakeLog, DynamoOffenderLedger, offenderTable, pollerTable } from "@sentinella/aws";
import type { OffenderEvent } from "@sentinella/core";
import { beforeAll, describe, expect, it } from "vitest";
import { useDynamoDbLocal } from "../support/dynamodb";

const dayMs = 86_400_000;
// DynamoDB Local deletes rows whose TTL has passed: every time is relative to now.
const daysAgo = (days: number) => new Date(Date.now() - days * dayMs).toISOString();

function event(authorId: string, kind: OffenderEvent["kind"], at: string, entityId = "comune-cento"): OffenderEvent {
  return {
    entityId,
    authorId,
    platform: "facebook",
    accountId: `fb-${entityId}`,
    kind,
    at,
    eventId: `${at}#${kind}`,
    itemKey: `facebook#fb-${entityId}#${authorId}-${kind}`,
    by: kind === "violation" ? "sentinella" : "maria@comune.example",
  };
}

describe("the staff adapters of the poller and offender tables on DynamoDB Local", () => {
  const dynamo = useDynamoDbLocal();
  let ledger: DynamoOffenderLedger;
  let handshakes: DynamoHandshakeLog;

  beforeAll(async () => {
    const { document } = dynamo.clients;
    ledger = new DynamoOffenderLedger(document, await dynamo.freshTable(offenderTable), () => 24);
    handshakes = new DynamoHandshakeLog(document, await dynamo.freshTable(pollerTable));
  });

  it("keeps an author's violations, warning and ban steps in time order, each event once", async () => {
    const steps = [
      event("mario", "violation", daysAgo(20)),
      event("mario", "warning", daysAgo(19)),
      event("mario", "violation", daysAgo(3)),
      event("mario", "ban_proposed", daysAgo(2.5)),
      event("mario", "ban_approved", daysAgo(2)),
    ];
    for (const step of [...steps].reverse()) await ledger.append(step);
    // A redelivered hide carries the same event id: it is not counted twice, and the first stays as written.
    await ledger.append({ ...(steps[0] as OffenderEvent), by: "someone else" });

    const listed = await ledger.listByAuthor("comune-cento", "mario");
    expect(listed.map((e) => e.kind)).toEqual(["violation", "warning", "violation", "ban_proposed", "ban_approved"]);
    expect(listed[0]?.by).toBe("sentinella");
  });

  it("lists an entity's events since a time, across authors, and no other entity's", async () => {
    await ledger.append(event("anna", "violation", daysAgo(1)));
    await ledger.append(event("anna", "violation", daysAgo(1), "provincia-piacenza"));
    const recent = await ledger.listByEntity("comune-cento", daysAgo(5));
    expect(recent.map((e) => [e.authorId, e.kind])).toEqual([
      ["mario", "violation"],
      ["mario", "ban_proposed"],
      ["mario", "ban_approved"],
      ["anna", "violation"],
    ]);
    expect((await ledger.listByEntity("provincia-piacenza", daysAgo(5))).map((e) => e.authorId)).toEqual(["anna"]);
  });

  it("remembers the latest handshake per webhook route, and none for a route never reached", async () => {
    await handshakes.answered("x", new Date(daysAgo(1)));
    const latest = new Date();
    await handshakes.answered("x", latest);
    expect(await handshakes.lastAnswered("x")).toBe(latest.toISOString());
    expect(await handshakes.lastAnswered("linkedin")).toBeUndefined();
  });
});
