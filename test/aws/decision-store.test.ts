import { GetItemCommand } from "@aws-sdk/client-dynamodb";
import { GetCommand, PutCommand } from "@aws-sdk/lib-dynamodb";
import { createTable, DynamoDecisionStore, decisionTable } from "@sentinella/aws";
import { type DecisionRecord, itemKey, itemVersionKey } from "@sentinella/core";
import { beforeAll, describe, expect, it } from "vitest";
import { itemSize } from "../../infra/cost/item-size";
import { freshTableName, useDynamoDbLocal } from "../support/dynamodb";

let sequence = 0;

/** A decision about comment `itemId` on the Cento Facebook page, decided at `decidedAt`. */
function record(itemId: string, decidedAt: string, overrides: Partial<DecisionRecord> = {}): DecisionRecord {
  const ref = { platform: "facebook" as const, accountId: "fb-cento", itemId, event: "created" as const, version: "0" };
  sequence += 1;
  return {
    schemaVersion: 1,
    itemKey: itemKey(ref),
    itemVersionKey: itemVersionKey(ref),
    entityId: "cento",
    platform: "facebook",
    accountId: "fb-cento",
    itemId,
    kind: "comment",
    event: "created",
    postId: "post-1",
    authorId: `author-${sequence}`,
    mode: "enforce",
    actions: ["hide"],
    categories: [
      { category: "pii", confidence: 0.99, clearCut: true, ruleIds: ["pii.phone"], clause: "Art. 6", evidence: [] },
    ],
    redactedText: "chiamatemi al [telefono]",
    explanation: "Il commento contiene un numero di telefono.",
    policyVersion: "cento-1",
    classifierVersion: "test",
    actionsTaken: [],
    itemCreatedAt: decidedAt,
    decidedAt,
    fullText: "chiamatemi al 333 1234567",
    expiresAt: Math.floor(Date.parse(decidedAt) / 1000) + 30 * 86400,
    ...overrides,
  };
}

describe("DynamoDecisionStore on DynamoDB Local", () => {
  const dynamo = useDynamoDbLocal();
  const tables = { decisions: freshTableName("decisions") };
  let store: DynamoDecisionStore;
  const now = new Date("2026-11-25T12:00:00Z");

  const hidden = record("c1", "2026-11-02T09:00:00.000Z", { authorId: "mario" });
  const question = record("c2", "2026-11-10T09:00:00.000Z", {
    authorId: "mario",
    actions: ["reply"],
    categories: [
      { category: "question", confidence: 0.8, clearCut: false, ruleIds: ["q"], clause: "Art. 2", evidence: [] },
    ],
    redactedText: "quando apre l'anagrafe?",
    fullText: "quando apre l'anagrafe?",
  });
  const threat = record("c3", "2026-11-20T09:00:00.000Z", {
    actions: ["hide", "escalate"],
    categories: [
      { category: "threat", confidence: 0.95, clearCut: true, ruleIds: ["t"], clause: "Art. 5", evidence: [] },
      { category: "insult", confidence: 0.9, clearCut: true, ruleIds: ["i"], clause: "Art. 5", evidence: [] },
    ],
  });
  const otherEntity = record("c4", "2026-11-05T09:00:00.000Z", { entityId: "bari", authorId: "mario" });
  const oldText = record("c5", "2026-09-01T09:00:00.000Z", {
    expiresAt: Math.floor(Date.parse("2026-10-01T09:00:00Z") / 1000),
    actions: ["allow"],
    categories: [],
  });

  beforeAll(async () => {
    const { client, document } = dynamo.clients;
    await createTable(client, decisionTable, tables.decisions, { timeToLive: false });
    store = new DynamoDecisionStore({ document, tableName: tables.decisions, clock: { now: () => now } });
    for (const r of [hidden, question, threat, otherEntity, oldText]) expect(await store.put(r)).toBe("written");
  });

  it("writes a decision once: a second put of the same item version is 'exists' and changes nothing", async () => {
    expect(await store.put({ ...hidden, actions: ["allow"], decidedAt: "2026-11-03T00:00:00.000Z" })).toBe("exists");
    expect(await store.get(hidden)).toEqual(hidden);
    expect((await store.byEntity("cento")).filter((s) => s.itemId === "c1")).toHaveLength(1);
  });

  it("keeps every finding, clause and piece of evidence under 1 KB, and reads rows stored before that alike", async () => {
    // Three findings with their clauses, which the statement of reasons repeats: over 1 KB stored as they are.
    const clause = (article: number) =>
      `Comune di Cento, Social media policy, Art. ${article} – moderazione dei contenuti`;
    const categories = (["insult", "trolling", "spam"] as const).map((category, i) => ({
      category,
      confidence: 0.9,
      clearCut: i === 0,
      ruleIds: [`${category}.strong`, `${category}.repeated`],
      clause: clause(i + 4),
      evidence: [
        { start: 0, end: 5, ruleId: `${category}.repeated` },
        { start: 9, end: 14, ruleId: "another.rule" },
      ],
    }));
    const findings = record("r1", "2026-11-21T09:00:00.000Z", {
      entityId: "cento-reasons",
      categories,
      explanation: `Il contenuto è stato nascosto perché ${categories.map((c) => `viola (${c.clause})`).join(" e ")}.`,
    });
    expect(await store.put(findings)).toBe("written");
    expect(await store.get(findings)).toEqual(findings);
    const { Item } = await dynamo.clients.document.send(
      new GetCommand({ TableName: tables.decisions, Key: { pk: findings.itemKey, sk: "decision#created#0" } }),
    );
    const { Item: stored } = await dynamo.clients.client.send(
      new GetItemCommand({
        TableName: tables.decisions,
        Key: { pk: { S: findings.itemKey }, sk: { S: "decision#created#0" } },
      }),
    );
    expect(itemSize(stored ?? {})).toBeLessThan(1024);

    // The same row as the store wrote it before the reasons were packed: explanation and categories as they are.
    const { reasons: _packed, ...unpacked } = Item ?? {};
    await dynamo.clients.document.send(
      new PutCommand({
        TableName: tables.decisions,
        Item: { ...unpacked, explanation: findings.explanation, categories: findings.categories },
      }),
    );
    expect(await store.get(findings)).toEqual(findings);
  });

  it("keeps later events on the same item as new records, listed oldest first", async () => {
    const ref = { platform: "facebook" as const, accountId: "fb-cento", itemId: "c1", event: "edited" as const };
    const edit = record("c1", "2026-11-03T10:00:00.000Z", {
      event: "edited",
      itemVersionKey: itemVersionKey({ ...ref, version: "1762164000" }),
      actions: ["allow"],
      categories: [],
    });
    expect(await store.put(edit)).toBe("written");
    const history = await store.listByItem(hidden.itemKey);
    expect(history.map((r) => [r.event, r.actions])).toEqual([
      ["created", ["hide"]],
      ["edited", ["allow"]],
    ]);
  });

  it("appends platform results to a record without touching the decision", async () => {
    const done = { action: "hide" as const, status: "done" as const, at: "2026-11-20T09:00:01.000Z" };
    await store.appendActions(threat, [done]);
    await store.appendActions(threat, [{ ...done, action: "reply", status: "skipped" }]);
    const stored = await store.get(threat);
    expect(stored?.actionsTaken.map((a) => a.action)).toEqual(["hide", "reply"]);
    expect(stored?.actions).toEqual(threat.actions);
  });

  it("lists an entity's decisions in a time range, without other entities' and without the full text", async () => {
    const november = await store.byEntity("cento", "2026-11-01T00:00:00.000Z", "2026-11-15T00:00:00.000Z");
    expect(november.map((s) => s.itemId)).toEqual(["c1", "c1", "c2"]);
    expect(november[0]).not.toHaveProperty("fullText");
    expect(november[0]?.redactedText).toBe("chiamatemi al [telefono]");
    expect((await store.byEntity("bari")).map((s) => s.itemId)).toEqual(["c4"]);
  });

  it("lists by entity and action", async () => {
    expect((await store.byAction("cento", "hide")).map((s) => s.itemId)).toEqual(["c1", "c3"]);
    expect((await store.byAction("cento", "reply")).map((s) => s.itemId)).toEqual(["c2"]);
    expect((await store.byAction("cento", "escalate", "2026-11-21T00:00:00.000Z")).map((s) => s.itemId)).toEqual([]);
  });

  it("lists by entity and category, each category of a decision separately", async () => {
    expect((await store.byCategory("cento", "insult")).map((s) => s.itemId)).toEqual(["c3"]);
    const threats = await store.byCategory("cento", "threat");
    expect(threats.map((s) => [s.itemId, s.categories])).toEqual([["c3", ["threat", "insult"]]]);
  });

  it("lists by author within an entity only", async () => {
    expect((await store.byAuthor("cento", "mario")).map((s) => s.itemId)).toEqual(["c1", "c2"]);
    expect((await store.byAuthor("bari", "mario")).map((s) => s.itemId)).toEqual(["c4"]);
  });

  it("gives an author's latest decisions within an entity, newest first, up to a limit", async () => {
    const latest = await store.recentByAuthor("cento", "mario", 1);
    expect(latest.map((s) => [s.itemKey, s.redactedText])).toEqual([[question.itemKey, "quando apre l'anagrafe?"]]);
    const all = await store.recentByAuthor("cento", "mario", 10);
    expect(all.map((s) => s.itemKey)).toEqual([question.itemKey, hidden.itemKey]);
  });

  it("lets one delivery at a time hold a decision's action lease, until it expires or is given back", async () => {
    const later = (seconds: number) => new Date(now.getTime() + seconds * 1000);
    expect(await store.lease(question, later(30))).toBe(true);
    expect(await store.lease(question, later(30))).toBe(false);
    await store.release(question);
    expect(await store.lease(question, later(30))).toBe(true);
    const afterExpiry = new DynamoDecisionStore({
      ...dynamo.clients,
      tableName: tables.decisions,
      clock: { now: () => later(31) },
    });
    expect(await afterExpiry.lease(question, later(60))).toBe(true);
    const missing = { itemKey: "facebook#fb-cento#nope", itemVersionKey: "facebook#fb-cento#nope#created#0" };
    expect(await store.lease(missing, later(30))).toBe(false);
  });

  it("gives the text of a decision with nothing redacted as its full text, until the retention ends", async () => {
    const plain = record("c6", "2026-11-21T09:00:00.000Z", {
      actions: ["allow"],
      categories: [],
      redactedText: "Bella iniziativa",
      fullText: "Bella iniziativa",
    });
    expect(await store.put(plain)).toBe("written");
    expect(await store.get(plain)).toEqual(plain);
    const afterRetention = new DynamoDecisionStore({
      ...dynamo.clients,
      tableName: tables.decisions,
      clock: { now: () => new Date(((plain.expiresAt ?? 0) + 1) * 1000) },
    });
    const { fullText: _gone, expiresAt: _too, ...skeleton } = plain;
    expect(await afterRetention.get(plain)).toEqual(skeleton);
  });

  it("drops the full text once its retention has passed, keeping the decision", async () => {
    const expired = await store.get(oldText);
    expect(expired?.redactedText).toBe(oldText.redactedText);
    expect(expired?.fullText).toBeUndefined();
    expect((await store.get(question))?.fullText).toBe("quando apre l'anagrafe?");
    const missing = { itemKey: "facebook#fb-cento#nope", itemVersionKey: "facebook#fb-cento#nope#created#0" };
    expect(await store.get(missing)).toBeUndefined();
  });

  it("keeps the author and the redacted text on a row of their own with its TTL: past it the decision is anonymous", async () => {
    // Expiry dates after today's: DynamoDB Local deletes expired rows itself.
    const personalDataExpiresAt = Math.floor(Date.parse("2028-11-07T09:00:00Z") / 1000);
    const kept = record("c7", "2026-11-07T09:00:00.000Z", {
      authorId: "lucia",
      expiresAt: Math.floor(Date.now() / 1000) + 30 * 86400,
      personalDataExpiresAt,
    });
    expect(await store.put(kept)).toBe("written");
    const row = async (sk: string) =>
      (
        await dynamo.clients.document.send(
          new GetCommand({ TableName: tables.decisions, Key: { pk: kept.itemKey, sk } }),
        )
      ).Item;
    const decisionRow = await row("decision#created#0");
    expect(decisionRow).toMatchObject({ entityId: "cento", actions: ["hide"], categoryNames: ["pii"] });
    for (const attribute of ["authorId", "authorKey", "redactedText", "expiresAt"])
      expect(decisionRow).not.toHaveProperty(attribute);
    expect(await row("subject#created#0")).toMatchObject({
      authorId: "lucia",
      authorKey: "cento#lucia",
      redactedText: "chiamatemi al [telefono]",
      expiresAt: personalDataExpiresAt,
    });
    expect(await store.get(kept)).toEqual(kept);

    const afterRetention = new DynamoDecisionStore({
      ...dynamo.clients,
      tableName: tables.decisions,
      clock: { now: () => new Date((personalDataExpiresAt + 1) * 1000) },
    });
    const anonymous = await afterRetention.get(kept);
    expect(anonymous).toMatchObject({ actions: ["hide"], redactedText: "" });
    expect(anonymous).not.toHaveProperty("authorId");
    expect(await afterRetention.byEntity("cento", "2026-11-07T00:00:00.000Z", "2026-11-07T23:59:59.999Z")).toEqual([
      expect.objectContaining({ itemKey: kept.itemKey, redactedText: "" }),
    ]);
    expect(await afterRetention.byAuthor("cento", "lucia")).toEqual([]);
  });
});
