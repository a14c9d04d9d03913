import { DeleteTableCommand } from "@aws-sdk/client-dynamodb";
import { GetCommand } from "@aws-sdk/lib-dynamodb";
import { DynamoObligationStore, obligationTable } from "@sentinella/aws";
import { type Entity, itemKey } from "@sentinella/core";
import { holdingReplyText } from "@sentinella/replies";
import { beforeEach, describe, expect, it } from "vitest";
import { closeObligation, listObligations } from "../../packages/cli/src/obligations";
import { useDynamoDbLocal } from "../support/dynamodb";
import { cento, monza, rome } from "./entities";
import { citizenItem, decisionFor, staffReply } from "./fixtures";

const entities = new Map<string, Entity>([
  [monza.id, monza],
  [cento.id, cento],
]);

const dynamo = useDynamoDbLocal();
let store: DynamoObligationStore;
let tableName: string;

beforeEach(async () => {
  tableName = await dynamo.freshTable(obligationTable);
  store = new DynamoObligationStore({
    document: dynamo.clients.document,
    tableName,
    entityFor: (id) => entities.get(id) ?? monza,
    clock: { now: () => rome("2026-11-28 10:00") },
  });
  return () => dynamo.clients.client.send(new DeleteTableCommand({ TableName: tableName }));
});

const claim = (owner: string, at: string) => ({
  owner,
  now: rome(at),
  leaseUntil: new Date(rome(at).getTime() + 5 * 60_000),
});
/** What the scheduler posts for a question at Monza (citizenItem's entity): our echo comes back with this text. */
const holdingReply = holdingReplyText("question", monza);

describe("DynamoObligationStore", () => {
  it("opens one obligation per item however often the item is delivered", async () => {
    const item = citizenItem();
    await store.open(item, decisionFor(item, ["question"]));
    await store.open({ ...item, event: "edited", version: "2" }, decisionFor(item, ["emergency"]));
    const open = await store.listOpen();
    expect(open).toHaveLength(1);
    expect(open[0]).toMatchObject({ itemKey: itemKey(item), kind: "question", status: "open" });
  });

  it("lists open obligations due soonest first", async () => {
    const later = citizenItem({ createdAt: rome("2026-11-27 12:00").toISOString() });
    const sooner = citizenItem({ createdAt: rome("2026-11-26 12:00").toISOString() });
    await store.open(later, decisionFor(later, ["question"]));
    await store.open(sooner, decisionFor(sooner, ["question"]));
    expect((await store.listOpen()).map((o) => o.itemId)).toEqual([sooner.itemId, later.itemId]);
  });

  it("is closed by a staff reply on the same thread, and only by a later one", async () => {
    const item = citizenItem();
    const other = citizenItem();
    await store.open(item, decisionFor(item, ["question"]));
    await store.open(other, decisionFor(other, ["question"]));
    await store.closeFor(staffReply(item, { createdAt: rome("2026-11-20 10:00").toISOString() }));
    expect(await store.get(itemKey(item))).toMatchObject({ status: "open" });
    await store.closeFor(staffReply(item, { createdAt: rome("2026-11-28 09:00").toISOString() }));
    expect(await store.get(itemKey(item))).toMatchObject({ status: "closed", closedBy: "staff_reply" });
    expect((await store.listOpen()).map((o) => o.itemId)).toEqual([other.itemId]);
  });

  it("is closed when the author deletes the item", async () => {
    const item = citizenItem();
    await store.open(item, decisionFor(item, ["question"]));
    await store.closeFor({ ...item, event: "deleted", text: "" });
    expect(await store.get(itemKey(item))).toMatchObject({ status: "closed", closedBy: "deleted" });
    const { Item: row } = await dynamo.clients.document.send(
      new GetCommand({ TableName: tableName, Key: { pk: itemKey(item) } }),
    );
    // DynamoDB's TTL deletes the closed row (it holds the author's platform id) after the retention period.
    expect(row?.expiresAt).toBe(Math.floor(rome("2026-11-28 10:00").getTime() / 1000) + 30 * 24 * 3600);
    expect(await store.needingAttention(rome("2026-12-31 00:00"))).toEqual([]);
  });

  it("finds what needs attention by wake time through the index", async () => {
    const item = citizenItem({ createdAt: rome("2026-11-27 17:55").toISOString() });
    await store.open(item, decisionFor(item, ["question"]));
    expect(await store.needingAttention(rome("2026-11-27 17:50"))).toEqual([]);
    expect((await store.needingAttention(rome("2026-11-27 18:00"))).map((o) => o.itemId)).toEqual([item.itemId]);
    await store.settle(itemKey(item), { alerted: [], wakeAt: rome("2026-11-29 17:55") });
    expect(await store.needingAttention(rome("2026-11-29 17:50"))).toEqual([]);
    await store.settle(itemKey(item), { alerted: [], wakeAt: undefined });
    expect(await store.needingAttention(rome("2027-01-01 00:00"))).toEqual([]);
  });

  it("leases the holding reply to one run at a time and lets a released one be claimed again", async () => {
    const item = citizenItem();
    const key = itemKey(item);
    await store.open(item, decisionFor(item, ["question"]));
    const [first, second] = await Promise.all([
      store.claimHoldingReply(key, claim("run-a", "2026-11-28 10:00")),
      store.claimHoldingReply(key, claim("run-b", "2026-11-28 10:00")),
    ]);
    expect([first, second].filter(Boolean)).toHaveLength(1);
    const winner = first ? "run-a" : "run-b";
    expect(await store.claimHoldingReply(key, claim("run-c", "2026-11-28 10:04"))).toBeUndefined();

    const at = rome("2026-11-28 10:01");
    const released = (owner: string) => ({
      reply: { owner, state: "released" as const, at, error: { code: "2", message: "Graph down" } },
      alerted: [],
      wakeAt: at,
    });
    await store.settle(key, released("someone-else"));
    expect((await store.get(key))?.holdingReply).toMatchObject({ state: "intended", leaseOwner: winner });
    await store.settle(key, released(winner));
    const again = await store.claimHoldingReply(key, claim("run-c", "2026-11-28 10:05"));
    expect(again).toMatchObject({ previousState: "released", obligation: { holdingReply: { attempts: 2 } } });

    const confirmed = { owner: "run-c", state: "confirmed" as const, replyId: "reply-1", at: rome("2026-11-28 10:05") };
    await store.settle(key, { reply: confirmed, alerted: [], wakeAt: undefined });
    expect((await store.get(key))?.holdingReply).toMatchObject({ state: "confirmed", replyId: "reply-1" });
    expect(await store.claimHoldingReply(key, claim("run-d", "2026-11-29 10:00"))).toBeUndefined();
  });

  it("lets another run take over a lease only after it expired", async () => {
    const item = citizenItem();
    const key = itemKey(item);
    await store.open(item, decisionFor(item, ["question"]));
    await store.claimHoldingReply(key, claim("run-a", "2026-11-28 10:00"));
    expect(await store.claimHoldingReply(key, claim("run-b", "2026-11-28 10:04"))).toBeUndefined();
    expect(await store.claimHoldingReply(key, claim("run-b", "2026-11-28 10:05"))).toMatchObject({
      previousState: "intended",
    });
  });

  it("takes our own holding reply coming back through the webhook as confirmation, not as a staff answer", async () => {
    const item = citizenItem();
    const key = itemKey(item);
    await store.open(item, decisionFor(item, ["question"]));
    await store.claimHoldingReply(key, claim("run-a", "2026-11-28 10:00"));
    await store.closeFor(staffReply(item, { itemId: "echo-1", text: `${holdingReply.replace(" ", "  ")}\n` }));
    expect(await store.get(key)).toMatchObject({
      status: "open",
      holdingReply: { state: "confirmed", replyId: "echo-1" },
    });
  });

  it("keeps another author's question on the same thread open when our holding reply comes back", async () => {
    const question = citizenItem();
    const neighbour = citizenItem({ kind: "reply", threadId: question.itemId, parentId: question.itemId });
    await store.open(question, decisionFor(question, ["question"]));
    await store.open(neighbour, decisionFor(neighbour, ["question"]));
    await store.claimHoldingReply(itemKey(question), claim("run-a", "2026-11-28 10:00"));
    await store.closeFor(staffReply(question, { itemId: "echo-2", text: holdingReply }));
    expect(await store.get(itemKey(neighbour))).toMatchObject({ status: "open" });
    expect(await store.get(itemKey(question))).toMatchObject({ status: "open", holdingReply: { replyId: "echo-2" } });
  });

  it("records each alert once", async () => {
    const item = citizenItem();
    await store.open(item, decisionFor(item, ["question"]));
    const alert = (reason: "deadline_near" | "deadline_passed") =>
      store.settle(itemKey(item), { alerted: [reason], wakeAt: undefined });
    expect(await alert("deadline_near")).toEqual({ newlyAlerted: ["deadline_near"] });
    expect(await alert("deadline_near")).toEqual({ newlyAlerted: [] });
    expect(await alert("deadline_passed")).toEqual({ newlyAlerted: ["deadline_passed"] });
    expect((await store.get(itemKey(item)))?.alerted).toEqual(["deadline_near", "deadline_passed"]);
  });

  it("records a run's alerts and wake time but not its reply once another run took the lease over", async () => {
    const item = citizenItem();
    const key = itemKey(item);
    await store.open(item, decisionFor(item, ["question"]));
    await store.claimHoldingReply(key, claim("run-a", "2026-11-28 10:00"));
    await store.claimHoldingReply(key, claim("run-b", "2026-11-28 10:05"));
    const late = { owner: "run-a", state: "confirmed" as const, replyId: "late", at: rome("2026-11-28 10:06") };
    await store.settle(key, { reply: late, alerted: ["deadline_near"], wakeAt: rome("2026-11-29 10:00") });
    expect(await store.get(key)).toMatchObject({
      alerted: ["deadline_near"],
      holdingReply: { state: "intended", leaseOwner: "run-b" },
    });
    expect(await store.needingAttention(rome("2026-11-29 09:59"))).toEqual([]);
    expect(await store.needingAttention(rome("2026-11-29 10:00"))).toHaveLength(1);
  });

  it("still records the reply of a run whose obligation staff closed meanwhile, and nothing else", async () => {
    const item = citizenItem();
    const key = itemKey(item);
    await store.open(item, decisionFor(item, ["question"]));
    await store.claimHoldingReply(key, claim("run-a", "2026-11-28 10:00"));
    await store.close(key, "staff_action", rome("2026-11-28 10:00"));
    const sent = { owner: "run-a", state: "confirmed" as const, replyId: "reply-9", at: rome("2026-11-28 10:01") };
    await store.settle(key, { reply: sent, alerted: ["deadline_near"], wakeAt: rome("2026-11-29 10:00") });
    expect(await store.get(key)).toMatchObject({
      status: "closed",
      alerted: [],
      holdingReply: { state: "confirmed", replyId: "reply-9" },
    });
  });
});

describe("sentinella obligations", () => {
  let output = "";
  const deps = () => ({
    store,
    clock: { now: () => rome("2026-11-28 10:00") },
    write: (text: string) => {
      output += text;
    },
  });
  beforeEach(() => {
    output = "";
  });

  it("lists open obligations due soonest first, with what the citizen asked and what was already done", async () => {
    const overdue = citizenItem({ createdAt: rome("2026-11-25 09:30").toISOString() });
    const later = citizenItem({ entityId: cento.id, createdAt: rome("2026-11-27 12:00").toISOString() });
    await store.open(later, decisionFor(later, ["emergency"]));
    await store.open(overdue, decisionFor(overdue, ["question"]));
    await store.settle(itemKey(overdue), { alerted: ["deadline_passed"], wakeAt: undefined });
    await listObligations(deps(), {});
    expect(output).toMatch(/ente \/ elemento.*richiesta del cittadino.*scadenza \(Roma\).*stato/);
    const overdueAt = output.indexOf("ven 27/11, 09:30");
    const laterAt = output.indexOf("dom 29/11, 12:00");
    expect(overdueAt).toBeGreaterThan(0);
    expect(laterAt).toBeGreaterThan(overdueAt);
    expect(output).toContain("SCADUTO");
    expect(output).toContain("avvisato: scadenza passata");
    expect(output).toContain(`domanda: ${overdue.text.slice(0, 20)}`);
    expect(output).toContain("emergenza:");
    expect(output.split("\n").every((line) => line.length <= 120)).toBe(true);
  });

  it("closes an obligation by its platform id as a staff action, and fails when none is open", async () => {
    const item = citizenItem();
    await store.open(item, decisionFor(item, ["question"]));
    await closeObligation(deps(), item.itemId);
    expect(output).toBe(`Chiuso l'obbligo di risposta per ${itemKey(item)}.\n`);
    expect(await store.get(itemKey(item))).toMatchObject({ status: "closed", closedBy: "staff_action" });
    await expect(closeObligation(deps(), itemKey(item))).rejects.toThrow(/Nessun obbligo aperto/);
    output = "";
    await listObligations(deps(), {});
    expect(output).toBe("Nessun obbligo di risposta aperto.\n");
  });
});
