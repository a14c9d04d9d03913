import { randomUUID } from "node:crypto";
import { Logger } from "@aws-lambda-powertools/logger";
import { Metrics } from "@aws-lambda-powertools/metrics";
import {
  alertTable,
  createTable,
  DynamoDecisionStore,
  DynamoErasureTombstones,
  DynamoOffenderLedger,
  DynamoStaffRecords,
  DynamoSubjectData,
  decisionTable,
  obligationTable,
  offenderTable,
  parkingAttributes,
} from "@sentinella/aws";
import {
  type Decision,
  type EntityDeployment,
  type Item,
  itemKey,
  type OffenderLedger,
  type ReplyObligations,
  type StaffAlert,
  withSentinellaHides,
} from "@sentinella/core";
import { lambdaContext, type SandboxGraph, startSandboxGraph } from "@sentinella/local";
import { createMetaActions } from "@sentinella/platforms";
import { getPolicy } from "@sentinella/policy";
import type { SQSEvent, SQSRecord } from "aws-lambda";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { type ClassifierDeps, createClassifierHandler } from "../../../functions/classifier/app";
import { freshTableName, useDynamoDbLocal } from "../../support/dynamodb";
import { InMemoryDeadLetters, InMemoryParking } from "../../support/item-queue";
import { sqsRecordOf } from "../../support/sqs-record";
import { batch, comment, spam, sqsRecord } from "./fixtures";

const deployments: EntityDeployment[] = [
  {
    entityId: "comune-cento",
    mode: "enforce",
    accounts: [
      { platform: "facebook", accountId: "fb-comune-cento" },
      { platform: "instagram", accountId: "ig-comune-cento" },
    ],
  },
  {
    entityId: "provincia-piacenza",
    mode: "shadow",
    accounts: [{ platform: "facebook", accountId: "fb-provincia-piacenza" }],
  },
];

describe("classifier handler with DynamoDB Local and the sandbox Graph API", () => {
  const dynamo = useDynamoDbLocal();
  const tables = {
    decisions: freshTableName("decisions"),
    offenders: freshTableName("offenders"),
    obligations: freshTableName("obligations"),
    alerts: freshTableName("alerts"),
  };
  let graph: SandboxGraph;
  let store: DynamoDecisionStore;
  let offenders: DynamoOffenderLedger;
  /** The ledger as the console reads it: the events appended, and Sentinella's hides from the decisions. */
  let ledger: OffenderLedger;
  let staff: DynamoStaffRecords;
  let deps: ClassifierDeps;
  let handler: ReturnType<typeof createClassifierHandler>;
  const opened: { item: Item; decision: Decision }[] = [];
  const closed: Item[] = [];
  const alerts: StaffAlert[] = [];
  const parking = new InMemoryParking();
  const deadLetters = new InMemoryDeadLetters();
  const tokens: Record<string, string> = { "fb-comune-cento": "token-cento", "ig-comune-cento": "token-cento-ig" };
  /** Moves forward only: the classifier remembers, until a time, the accounts Graph throttled. */
  let now = new Date("2026-11-25T10:00:05.000Z");

  const invoke = (event: SQSEvent) => handler(event, lambdaContext("classifier", 30));
  const hidesOf = (item: Item) => graph.calls.filter((call) => call.kind === "hide" && call.objectId === item.itemId);

  beforeAll(async () => {
    graph = await startSandboxGraph();
    const { client, document } = dynamo.clients;
    await createTable(client, decisionTable, tables.decisions, { timeToLive: false });
    store = new DynamoDecisionStore({ document, tableName: tables.decisions, clock: { now: () => now } });
    await createTable(client, offenderTable, tables.offenders, { timeToLive: false });
    offenders = new DynamoOffenderLedger(document, tables.offenders);
    ledger = withSentinellaHides(offenders, store);
    staff = new DynamoStaffRecords(document, tables.decisions);
    const obligations: ReplyObligations = {
      open: async (item, decision) => {
        opened.push({ item, decision });
      },
      closeFor: async (item) => {
        closed.push(item);
      },
    };
    deps = {
      store,
      platforms: createMetaActions({ baseUrl: graph.baseUrl, version: "v25.0", tokenFor: async (id) => tokens[id] }),
      deployments,
      policyFor: getPolicy,
      obligations,
      alerts: {
        notify: async (alert) => {
          alerts.push(alert);
        },
      },
      offenders,
      staff,
      erasures: new DynamoErasureTombstones(document, tables.decisions),
      parking,
      deadLetters,
      clock: { now: () => now },
      logger: new Logger({ logLevel: "SILENT" }),
      metrics: new Metrics({ namespace: "SentinellaTest" }),
    };
    handler = createClassifierHandler(deps);
  });
  afterAll(async () => {
    await graph?.stop();
  });
  beforeEach(() => {
    opened.length = 0;
    closed.length = 0;
    alerts.length = 0;
    parking.takeRecords();
    deadLetters.letters.length = 0;
    deadLetters.down = false;
  });

  it("decides a clear-cut spam comment, hides it once and records the hide with its result", async () => {
    const item = comment();
    expect(await invoke(batch(sqsRecord(item)))).toEqual({ batchItemFailures: [] });

    expect(hidesOf(item)).toMatchObject([{ path: `/v25.0/${item.itemId}`, params: { is_hidden: true } }]);
    const [record] = await store.listByItem(itemKey(item));
    expect(record).toMatchObject({
      entityId: "comune-cento",
      actions: ["hide"],
      mode: "enforce",
      actionsTaken: [{ action: "hide", status: "done", platformResult: { success: true } }],
      fullText: spam,
      // Comune di Cento keeps the full text 30 days, the author and the redacted text 24 months.
      expiresAt: Math.floor(now.getTime() / 1000) + 30 * 86400,
      personalDataExpiresAt: Math.floor(Date.parse("2028-11-25T10:00:05.000Z") / 1000),
    });
    expect(record?.categories.map((c) => c.category)).toEqual(["spam"]);
  });

  it("delivers the same item three times (two in one batch): one decision, one hide, one violation", async () => {
    const item = comment();
    const first = await invoke(batch(sqsRecord(item), sqsRecord(item)));
    const second = await invoke(batch(sqsRecord(item)));
    // A copy that meets the first one in progress fails and comes back (the third delivery): a no-op by then.
    expect(first.batchItemFailures.length).toBeLessThanOrEqual(1);
    expect(second.batchItemFailures).toEqual([]);

    expect(hidesOf(item)).toHaveLength(1);
    const records = await store.listByItem(itemKey(item));
    expect(records).toHaveLength(1);
    expect(records[0]?.actionsTaken).toHaveLength(1);
    // The hide counts once against its author in the repeat-offender ledger, with the clause it rests on.
    expect(await ledger.listByAuthor("comune-cento", item.author.id as string)).toEqual([
      expect.objectContaining({
        kind: "violation",
        by: "sentinella",
        itemKey: itemKey(item),
        clause: records[0]?.categories[0]?.clause,
        status: "done",
      }),
    ]);
  });

  it("records a hide and an unhide done on the Page as staff decisions, and ignores the echo of its own hide", async () => {
    const hidden = comment();
    await invoke(batch(sqsRecord(hidden)));
    const later = (minutes: number) => new Date(now.getTime() + minutes * 60_000).toISOString();
    // Graph notifies Sentinella's own hide as well: it changes nothing Sentinella does not know.
    await invoke(batch(sqsRecord({ ...hidden, event: "hidden", version: later(1) })));
    expect(await staff.listByItem(itemKey(hidden))).toEqual([]);

    // A person shows it again on Facebook; Meta delivers that twice.
    const unhide = { ...hidden, event: "unhidden" as const, version: later(5) };
    expect(await invoke(batch(sqsRecord(unhide), sqsRecord(unhide)))).toEqual({ batchItemFailures: [] });
    expect(await staff.listByItem(itemKey(hidden))).toEqual([
      expect.objectContaining({
        action: "unhide",
        source: "platform",
        by: expect.objectContaining({ name: "staff su Facebook" }),
        at: later(5),
        result: { status: "none" },
      }),
    ]);
    const events = await ledger.listByAuthor("comune-cento", hidden.author.id as string);
    expect(events.map((e) => e.kind)).toEqual(["violation", "withdrawn"]);

    // A comment Sentinella left visible, hidden by hand on the Page: a staff hide and a violation.
    const clean = comment({ text: "Grazie per le informazioni sul nuovo orario della biblioteca" });
    await invoke(batch(sqsRecord(clean)));
    await invoke(batch(sqsRecord({ ...clean, event: "hidden", version: later(7) })));
    expect((await staff.listByItem(itemKey(clean))).map((r) => [r.action, r.source])).toEqual([["hide", "platform"]]);
    expect((await ledger.listByAuthor("comune-cento", clean.author.id as string)).map((e) => [e.kind, e.by])).toEqual([
      ["violation", "staff su Facebook"],
    ]);
    // No decision is made about a hide: the automatic decisions stay one per item.
    expect(await store.listByItem(itemKey(clean))).toHaveLength(1);
  });

  it("in shadow mode decides but leaves the platform alone, recording what it would have done", async () => {
    const item = comment({ entityId: "provincia-piacenza", accountId: "fb-provincia-piacenza" });
    await invoke(batch(sqsRecord(item)));

    expect(graph.calls.filter((call) => call.objectId === item.itemId)).toEqual([]);
    const [record] = await store.listByItem(itemKey(item));
    expect(record).toMatchObject({
      mode: "shadow",
      actions: ["hide"],
      actionsTaken: [{ action: "hide", status: "shadow" }],
    });
    // Nothing was hidden, so nothing counts against the author.
    expect(await ledger.listByAuthor("provincia-piacenza", item.author.id as string)).toEqual([]);
  });

  it("when Graph throttles a page, parks its items for the time Graph asks without calling, then hides once", async () => {
    const item = comment();
    graph.failNext(1, {
      status: 400,
      code: 80001,
      message: "(#80001) There have been too many calls to this Page",
      regainAccessMinutes: 2,
    });
    // Handled, not failed: a throttle spends none of the receives that lead to the dead-letter queue.
    expect(await invoke(batch(sqsRecord(item)))).toEqual({ batchItemFailures: [] });
    expect(hidesOf(item)).toHaveLength(0);
    const [decided] = await store.listByItem(itemKey(item));
    expect(decided?.actionsTaken).toEqual([]);
    expect(parking.parked).toMatchObject([{ delaySeconds: 120, parking: { times: 1, since: now.toISOString() } }]);

    // Within Graph's estimate, another item of the page is decided and parked for the rest of it, with no call.
    const other = comment();
    const callsBefore = graph.calls.length;
    now = new Date(now.getTime() + 30_000);
    expect(await invoke(batch(sqsRecord(other)))).toEqual({ batchItemFailures: [] });
    expect(graph.calls).toHaveLength(callsBefore);
    expect(parking.parked.map((parked) => parked.delaySeconds)).toEqual([120, 90]);

    now = new Date(now.getTime() + 2 * 60_000);
    const back = parking.takeRecords();
    expect(await invoke(batch(...back))).toEqual({ batchItemFailures: [] });
    expect(await invoke(batch(...back))).toEqual({ batchItemFailures: [] });
    expect(parking.parked).toEqual([]);
    expect(hidesOf(item)).toHaveLength(1);
    expect(hidesOf(other)).toHaveLength(1);
    const records = await store.listByItem(itemKey(item));
    expect(records).toHaveLength(1);
    expect(records[0]?.actionsTaken).toMatchObject([{ action: "hide", status: "done" }]);
  });

  it("holds a hide notified before Sentinella recorded its own, and then knows it for the echo", async () => {
    const item = comment();
    graph.failNext(1, { status: 400, code: 32, message: "(#32) Page request limit reached", regainAccessMinutes: 1 });
    await invoke(batch(sqsRecord(item)));
    const echo = { ...item, event: "hidden" as const, version: new Date(now.getTime() + 1000).toISOString() };
    expect(await invoke(batch(sqsRecord(echo)))).toEqual({ batchItemFailures: [] });
    expect(parking.parked).toHaveLength(2);

    now = new Date(now.getTime() + 2 * 60_000);
    const [decision, echoBack] = parking.takeRecords();
    await invoke(batch(decision as SQSRecord));
    await invoke(batch(echoBack as SQSRecord));
    expect(hidesOf(item)).toHaveLength(1);
    expect(parking.parked).toEqual([]);
    expect(await staff.listByItem(itemKey(item))).toEqual([]);
  });

  it("parks an item again and again through a long throttle, and lets it fail once parked for too long", async () => {
    const item = comment();
    const since = now.toISOString();
    graph.failNext(1, { status: 400, code: 32, message: "(#32) Page request limit reached", regainAccessMinutes: 60 });
    await invoke(batch(sqsRecord(item)));
    for (let minutes = 15; minutes < 60; minutes += 15) {
      now = new Date(now.getTime() + 15 * 60_000);
      expect(await invoke(batch(...parking.takeRecords()))).toEqual({ batchItemFailures: [] });
    }
    expect(parking.parked).toMatchObject([{ parking: { times: 4, since } }]);
    now = new Date(now.getTime() + 15 * 60_000);
    expect(await invoke(batch(...parking.takeRecords()))).toEqual({ batchItemFailures: [] });
    expect(hidesOf(item)).toHaveLength(1);

    // Parked past the limit (two days), a delivery fails like any other and the redrive policy takes over.
    const stale = comment();
    graph.failNext(1, { status: 400, code: 32, message: "(#32) Page request limit reached", regainAccessMinutes: 60 });
    await invoke(batch(sqsRecord(stale)));
    const [parked] = parking.takeRecords();
    if (!parked) throw new Error("not parked");
    parked.messageAttributes[parkingAttributes.since] = { dataType: "String", stringValue: "2026-01-01T00:00:00.000Z" };
    now = new Date(now.getTime() + 1_000);
    expect(await invoke(batch(parked))).toEqual({ batchItemFailures: [{ itemIdentifier: parked.messageId }] });
    now = new Date(now.getTime() + 60 * 60_000); // the page's throttle is over for the tests that follow
  });

  it("finishes the work of a delivery that died after deciding: one hide, the first decision kept", async () => {
    const item = comment();
    const record = sqsRecord(item);
    const dying = createClassifierHandler({
      ...deps,
      platforms: {
        ...deps.platforms,
        hide: () => Promise.reject(new Error("Task timed out after 30.00 seconds")),
      },
    });
    expect(await dying(batch(record), lambdaContext("classifier", 30))).toEqual({
      batchItemFailures: [{ itemIdentifier: record.messageId }],
    });
    const [decided] = await store.listByItem(itemKey(item));
    expect(decided?.actionsTaken).toEqual([]);

    now = new Date(now.getTime() + 1_000);
    expect(await invoke(batch(record))).toEqual({ batchItemFailures: [] });
    expect(hidesOf(item)).toHaveLength(1);
    const records = await store.listByItem(itemKey(item));
    expect(records).toHaveLength(1);
    expect(records[0]?.decidedAt).toBe(decided?.decidedAt);
    expect(records[0]?.actionsTaken).toMatchObject([{ action: "hide", status: "done" }]);
  });

  it("after a delivery died without a word mid-hide, waits out its lease, then hides exactly once", async () => {
    const item = comment();
    const record = sqsRecord(item);
    // A timeout kills the invocation: nothing gives the lease back.
    const crashedStore = Object.assign(Object.create(store), { release: async () => {} });
    const dying = createClassifierHandler({
      ...deps,
      store: crashedStore,
      platforms: { ...deps.platforms, hide: () => Promise.reject(new Error("Task timed out after 30.00 seconds")) },
    });
    await dying(batch(record), lambdaContext("classifier", 30));

    now = new Date(now.getTime() + 10_000);
    expect(await invoke(batch(record))).toEqual({ batchItemFailures: [] });
    expect(hidesOf(item)).toHaveLength(0);
    expect(parking.parked).toMatchObject([{ delaySeconds: 1 }]);

    now = new Date(now.getTime() + 30_000);
    expect(await invoke(batch(record))).toEqual({ batchItemFailures: [] });
    expect(await invoke(batch(record))).toEqual({ batchItemFailures: [] });
    expect(hidesOf(item)).toHaveLength(1);
    expect((await store.listByItem(itemKey(item)))[0]?.actionsTaken).toMatchObject([
      { action: "hide", status: "done" },
    ]);
  });

  it("when the page token has expired, records the hide as failed, alerts staff and does not retry", async () => {
    const item = comment();
    graph.failNext(1, { status: 400, code: 190, message: "Error validating access token: Session has expired" });
    expect(await invoke(batch(sqsRecord(item)))).toEqual({ batchItemFailures: [] });
    expect(await invoke(batch(sqsRecord(item)))).toEqual({ batchItemFailures: [] });

    expect(hidesOf(item)).toHaveLength(0);
    const [record] = await store.listByItem(itemKey(item));
    expect(record?.actionsTaken).toMatchObject([{ action: "hide", status: "failed", error: { code: "190" } }]);
    const tokenAlerts = alerts.filter((alert) => alert.reason === "token_expired");
    expect(tokenAlerts).toHaveLength(1);
    expect(tokenAlerts[0]).toMatchObject({ entityId: "comune-cento", platform: "facebook" });
    expect(tokenAlerts[0]?.itemKey).toContain("fb-comune-cento");
  });

  it("records a permanent Graph refusal as failed without retrying it", async () => {
    const item = comment();
    graph.failNext(1, { status: 400, code: 100, message: "(#100) Unsupported post request" });
    expect(await invoke(batch(sqsRecord(item)))).toEqual({ batchItemFailures: [] });
    const [record] = await store.listByItem(itemKey(item));
    expect(record?.actionsTaken).toMatchObject([{ action: "hide", status: "failed", error: { code: "100" } }]);
    expect(alerts.filter((alert) => alert.reason === "token_expired")).toEqual([]);
  });

  it("opens a reply obligation for a question and hides nothing", async () => {
    const item = comment({ text: "Quando riapre l'ufficio anagrafe?" });
    await invoke(batch(sqsRecord(item)));
    expect(opened.map((o) => [o.item.itemId, o.decision.actions])).toEqual([[item.itemId, ["reply"]]]);
    expect(graph.calls.filter((call) => call.objectId === item.itemId)).toEqual([]);
  });

  it("after an author's erasure, a redelivery or a late first delivery of what they wrote before writes nothing of theirs", async () => {
    const { client, document } = dynamo.clients;
    await createTable(client, obligationTable, tables.obligations, { timeToLive: false });
    await createTable(client, alertTable, tables.alerts, { timeToLive: false });
    const subjects = new DynamoSubjectData(
      document,
      {
        decisions: tables.decisions,
        obligations: tables.obligations,
        offenders: tables.offenders,
        alerts: tables.alerts,
      },
      getPolicy,
    );
    const author = { id: `citizen-${randomUUID()}`, name: "Mario Rossi" };
    const hidden = comment({ author });
    const question = comment({ author, text: "Quando riapre l'ufficio anagrafe?" });
    // Received before the erasure, but parked (a throttle) until after it: decided for the first time afterwards.
    const parkedSpam = comment({ author });
    await invoke(batch(sqsRecord(hidden), sqsRecord(question)));
    expect((await subjects.collect("comune-cento", author.id)).decisions).toHaveLength(2);

    // Real time: DynamoDB Local deletes a tombstone whose expiry has passed.
    const erasedAt = new Date();
    const erased = await subjects.erase("comune-cento", author.id, {
      erasureId: randomUUID(),
      at: erasedAt.toISOString(),
      by: "dpo",
    });
    // The hide's violation is read from the decision rows, emptied with them: no ledger row of the classifier's.
    expect(erased.counts).toMatchObject({ decisionRows: 2, offenderEvents: 0 });
    opened.length = 0;

    expect(await invoke(batch(sqsRecord(hidden), sqsRecord(question), sqsRecord(parkedSpam)))).toEqual({
      batchItemFailures: [],
    });
    // The parked spam is still hidden on the Page and its decision kept, anonymous; no obligation opened again.
    expect(hidesOf(parkedSpam)).toHaveLength(1);
    const [skeleton] = await store.listByItem(itemKey(parkedSpam));
    expect(skeleton).toMatchObject({ actions: ["hide"], redactedText: "" });
    expect(skeleton?.authorId).toBeUndefined();
    expect(skeleton?.fullText).toBeUndefined();
    expect(opened).toEqual([]);
    const left = await subjects.collect("comune-cento", author.id);
    expect([...left.decisions, ...left.staff, ...left.offenderEvents, ...left.obligations]).toEqual([]);
    for (const item of [hidden, question, parkedSpam]) {
      expect(JSON.stringify(await store.listByItem(itemKey(item)))).not.toContain(author.id);
    }

    // What the author writes after the erasure is new data, recorded as usual.
    const later = comment({ author, receivedAt: new Date(erasedAt.getTime() + 60_000).toISOString() });
    await invoke(batch(sqsRecord(later)));
    expect((await subjects.collect("comune-cento", author.id)).decisions.map((d) => d.itemId)).toEqual([later.itemId]);
  });

  it("alerts staff at once about an emergency, with the redacted text only", async () => {
    const item = comment({ text: "C'è una fuga di gas in via Roma, aiuto! Chiamate il 333 1234567" });
    await invoke(batch(sqsRecord(item)));
    const emergency = alerts.filter((alert) => alert.reason === "emergency");
    expect(emergency).toMatchObject([{ entityId: "comune-cento", itemKey: itemKey(item) }]);
    expect(emergency[0]?.categories).toContain("emergency");
    expect(emergency[0]?.redactedText).toContain("fuga di gas");
    expect(emergency[0]?.redactedText).not.toContain("1234567");
    expect(opened.map((o) => o.item.itemId)).toEqual([item.itemId]);
  });

  it("does not moderate staff answers or deletions: it closes the thread's obligation, records nothing", async () => {
    const staff = comment({ byStaff: true, author: { id: "fb-comune-cento" } });
    const deleted = comment({ event: "deleted", text: "" });
    await invoke(batch(sqsRecord(staff), sqsRecord(deleted)));
    expect(closed.map((item) => item.itemId).sort()).toEqual([staff.itemId, deleted.itemId].sort());
    expect(graph.calls.filter((call) => [staff.itemId, deleted.itemId].includes(call.objectId))).toEqual([]);
    expect(await store.listByItem(itemKey(staff))).toEqual([]);
  });

  it("shows again a comment it hid once its author edits it into a clean text", async () => {
    const item = comment();
    await invoke(batch(sqsRecord(item)));
    const edit = { ...item, event: "edited" as const, version: "1795600100", text: "Grazie, buona giornata a tutti." };
    await invoke(batch(sqsRecord(edit)));
    expect(graph.calls.filter((call) => call.objectId === item.itemId).map((call) => call.kind)).toEqual([
      "hide",
      "unhide",
    ]);
    const history = await store.listByItem(itemKey(item));
    expect(history.map((r) => [r.event, r.actions])).toEqual([
      ["created", ["hide"]],
      ["edited", ["allow"]],
    ]);
  });

  it("hides the third copy of the same text by one author, not the first, nor a redelivery of the first", async () => {
    const author = { id: `flooder-${randomUUID()}`, name: "Troll" };
    const text = "Il parcheggio di via Roma è sempre pieno, fate qualcosa";
    const copies = [comment({ author, text }), comment({ author, text }), comment({ author, text })];
    for (const copy of copies) await invoke(batch(sqsRecord(copy)));
    const decided = await Promise.all(copies.map(async (copy) => (await store.listByItem(itemKey(copy)))[0]?.actions));
    expect(decided).toEqual([["allow"], ["review"], ["hide"]]);
    expect(hidesOf(copies[2] as Item)).toHaveLength(1);
  });

  /** An Instagram @mention as ingress queues it: Meta notifies the comment's id, never its text or author. */
  const mention = (): Item =>
    comment({
      platform: "instagram",
      accountId: "ig-comune-cento",
      itemId: `1789${randomUUID()}`,
      kind: "mention",
      postId: "17918195224117851",
      author: {},
      text: "",
      raw: { field: "mentions" },
    });

  it("reads a mention's text from Graph and sends personal data in it to staff, not hiding what it cannot", async () => {
    const item = mention();
    const text = "@comunedicento chiamate Luca al 347 9876543, risponde sempre";
    graph.mentions.set(item.itemId, text);
    expect(await invoke(batch(sqsRecord(item)))).toEqual({ batchItemFailures: [] });

    const [record] = await store.listByItem(itemKey(item));
    expect(record).toMatchObject({ kind: "mention", actions: ["review"], fullText: text, actionsTaken: [] });
    expect(record?.categories.map((c) => c.category)).toContain("pii");
    expect(graph.calls.filter((call) => call.objectId === item.itemId)).toEqual([]);
    const review = alerts.filter((alert) => alert.itemKey === itemKey(item));
    expect(review).toMatchObject([{ reason: "review", platform: "instagram" }]);
    expect(review[0]?.redactedText).toContain("chiamate Luca");
    expect(review[0]?.redactedText).not.toContain("9876543");
  });

  it("parks a mention while Graph throttles reading it, then decides on its text", async () => {
    const item = mention();
    const record = sqsRecord(item);
    graph.mentions.set(item.itemId, "@comunedicento chiamate Luca al 347 9876543");
    graph.failNext(1, { status: 400, code: 80002, message: "(#80002) too many calls", regainAccessMinutes: 1 });
    expect(await invoke(batch(record))).toEqual({ batchItemFailures: [] });
    expect(await store.listByItem(itemKey(item))).toEqual([]);
    expect(parking.parked).toMatchObject([{ delaySeconds: 60 }]);

    now = new Date(now.getTime() + 60_000 + 1_000);
    expect(await invoke(batch(...parking.takeRecords()))).toEqual({ batchItemFailures: [] });
    expect(await store.listByItem(itemKey(item))).toMatchObject([{ actions: ["review"] }]);
  });

  it("decides a mention Graph refuses to show on its empty text, without retrying", async () => {
    const item = mention();
    expect(await invoke(batch(sqsRecord(item)))).toEqual({ batchItemFailures: [] });
    expect(await store.listByItem(itemKey(item))).toMatchObject([{ kind: "mention", fullText: "" }]);
  });

  it("sends a record that is not an Item to the dead-letter queue at once, saying why, and decides the rest", async () => {
    const good = comment({ text: "Bella iniziativa, complimenti" });
    const broken = {
      ...sqsRecord(good),
      messageId: "broken",
      body: '{"schemaVersion":1,"text":"Mario Rossi, via Roma 4',
    };
    expect(await invoke(batch(sqsRecord(good), broken))).toEqual({ batchItemFailures: [] });
    expect(await store.listByItem(itemKey(good))).toMatchObject([{ actions: ["allow"], actionsTaken: [] }]);
    expect(deadLetters.letters).toEqual([
      {
        body: broken.body,
        failure: { error: "SyntaxError", message: "the message body is not JSON", attempts: 1, at: now.toISOString() },
      },
    ]);
  });

  it("fails a record that is not an Item when the dead-letter queue is out of reach: the redrive policy moves it", async () => {
    deadLetters.down = true;
    const broken = { ...sqsRecord(comment()), messageId: "broken", body: '{"schemaVersion":0}' };
    expect(await invoke(batch(broken))).toEqual({ batchItemFailures: [{ itemIdentifier: "broken" }] });
  });

  it("moves a delivery whose last receive fails to the dead-letter queue with the error, never the comment's text", async () => {
    const item = comment();
    const failing = createClassifierHandler({
      ...deps,
      platforms: { ...deps.platforms, hide: () => Promise.reject(new TypeError(`cannot hide "${item.text}"`)) },
    });
    const record = sqsRecord(item);
    const receive = (count: number) =>
      failing(batch({ ...record, attributes: { ...record.attributes, ApproximateReceiveCount: String(count) } }));

    // Before the last receive the delivery fails and comes back; on the fifth it leaves with what went wrong.
    expect(await receive(4)).toEqual({ batchItemFailures: [{ itemIdentifier: record.messageId }] });
    expect(deadLetters.letters).toEqual([]);
    expect(await receive(5)).toEqual({ batchItemFailures: [] });
    expect(deadLetters.letters).toEqual([
      {
        body: record.body,
        failure: { error: "TypeError", message: 'cannot hide "[text]"', attempts: 5, at: now.toISOString() },
      },
    ]);
    expect(JSON.stringify(deadLetters.letters[0]?.failure)).not.toContain("whatsapp");
    // Redriven once the cause is fixed, the same message is decided once, and hidden.
    expect(await invoke(batch(sqsRecordOf(record.body)))).toEqual({ batchItemFailures: [] });
    expect(await store.listByItem(itemKey(item))).toMatchObject([
      { actionsTaken: [{ action: "hide", status: "done" }] },
    ]);
  });
});
