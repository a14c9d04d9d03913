import { DeleteTableCommand } from "@aws-sdk/client-dynamodb";
import { DynamoObligationStore, graphApiVersion, obligationTable } from "@sentinella/aws";
import { type Entity, type EntityDeployment, type Item, itemKey, type Mode, type StaffAlert } from "@sentinella/core";
import { type SandboxGraph, startSandboxGraph } from "@sentinella/local";
import { createMetaActions } from "@sentinella/platforms";
import { holdingReplyText, replyTarget } from "@sentinella/replies";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createSchedulerHandler } from "../../../functions/scheduler/app";
import { cento, monza, rome } from "../../replies/entities";
import { citizenItem, decisionFor, staffReply } from "../../replies/fixtures";
import { useDynamoDbLocal } from "../../support/dynamodb";

const entities = new Map<string, Entity>([
  [monza.id, monza],
  [cento.id, cento],
]);
const policyFor = (id: string) => entities.get(id) ?? monza;
const quiet = { info() {}, warn() {}, error() {} };
const centoPage = { entityId: cento.id, accountId: "fb-comune-cento" };
const pageTokens: Record<string, string> = Object.fromEntries(
  ["fb-provincia-monza-brianza", "ig-provincia-monza-brianza", "fb-comune-cento"].map((id) => [id, `token-${id}`]),
);
/** Monza's Page and Instagram account and Cento's Page, enforce mode unless a test says otherwise. */
const deployed = (modes: Record<string, Mode> = {}): EntityDeployment[] =>
  [
    { entity: monza, accounts: ["fb-provincia-monza-brianza", "ig-provincia-monza-brianza"] },
    { entity: cento, accounts: ["fb-comune-cento"] },
  ].map(({ entity, accounts }) => ({
    entityId: entity.id,
    mode: modes[entity.id] ?? "enforce",
    accounts: accounts.map((accountId) => ({
      platform: accountId.startsWith("ig-") ? ("instagram" as const) : ("facebook" as const),
      accountId,
    })),
  }));
/** A citizen's comment written at a Rome wall time. */
const writtenAt = (wallTime: string, overrides: Partial<Item> = {}) =>
  citizenItem({ createdAt: rome(wallTime).toISOString(), ...overrides });

const dynamo = useDynamoDbLocal();
let graph: SandboxGraph;

beforeAll(async () => {
  graph = await startSandboxGraph({ pageTokens });
});

afterAll(async () => {
  await graph?.stop();
});

/** A deployment's scheduler with a clock the test moves, the sandbox Graph API, and recorded staff alerts. */
let world: Awaited<ReturnType<typeof createWorld>>;

async function createWorld() {
  const tableName = await dynamo.freshTable(obligationTable);
  let now = rome("2026-11-23 09:00");
  const clock = { now: () => now };
  const store = new DynamoObligationStore({
    document: dynamo.clients.document,
    tableName,
    entityFor: policyFor,
    clock,
  });
  const alerts: StaffAlert[] = [];
  let alertFailures = 0;
  const platforms = createMetaActions({
    baseUrl: graph.baseUrl,
    version: graphApiVersion,
    tokenFor: async (accountId) => pageTokens[accountId],
  });
  const schedulerFor = (deployments: EntityDeployment[]) =>
    createSchedulerHandler({
      obligations: store,
      platforms,
      deployments,
      policyFor,
      alerts: {
        notify: async (alert) => {
          if (alertFailures-- > 0) throw new Error("every alert channel is down");
          alerts.push(alert);
        },
      },
      clock,
      logger: quiet,
    });
  let scheduler = schedulerFor(deployed());
  const run = () => scheduler();
  const callsBefore = graph.calls.length;
  return {
    store,
    alerts,
    run,
    platforms,
    tableName,
    /** Replies and private replies this test caused on the sandbox platform. */
    replies: () => graph.calls.slice(callsBefore).filter((call) => call.kind !== "hide" && call.kind !== "unhide"),
    /** Later runs see these deployments, as after a redeploy with a new ENTITY_DEPLOYMENTS. */
    deploy(deployments: EntityDeployment[]) {
      scheduler = schedulerFor(deployments);
    },
    failNextAlerts(count: number) {
      alertFailures = count;
    },
    at(wallTime: string) {
      now = rome(wallTime);
    },
    /** Runs the scheduler from now until `wallTime`, every 5 minutes as EventBridge would, or more sparsely. */
    async tickUntil(wallTime: string, everyMinutes = 5) {
      const end = rome(wallTime).getTime();
      for (let t = now.getTime(); t <= end; t += everyMinutes * 60_000) {
        now = new Date(t);
        await run();
      }
    },
    async receive(item: Item, categories: Parameters<typeof decisionFor>[1], redactedText?: string) {
      await store.open(item, decisionFor(item, categories, { redactedText }));
    },
    /** An earlier run claims the item's holding reply at `wallTime` (and then dies, unless the test goes on). */
    async claimByEarlierRun(item: Item, owner: string, wallTime: string) {
      const open = await store.get(itemKey(item));
      if (!open) throw new Error("no obligation for this item");
      const at = rome(wallTime);
      const claimed = await store.claimHoldingReply(open.itemKey, {
        owner,
        now: at,
        leaseUntil: new Date(at.getTime() + 5 * 60_000),
      });
      if (!claimed) throw new Error("the earlier run could not claim the holding reply");
      return { obligation: claimed.obligation, text: holdingReplyText(open.kind, policyFor(open.entityId)) };
    },
  };
}

beforeEach(async () => {
  world = await createWorld();
  return () => dynamo.clients.client.send(new DeleteTableCommand({ TableName: world.tableName }));
});

describe("scheduler", () => {
  it("answers a Friday 17:55 question at Monza before the weekend, once, and alerts when the deadline passes", async () => {
    const item = writtenAt("2026-11-27 17:55");
    world.at("2026-11-27 17:55");
    await world.receive(item, ["question"]);
    await world.tickUntil("2026-11-27 18:00");
    expect(world.replies()).toHaveLength(1);
    expect(world.replies()[0]).toMatchObject({ kind: "reply", objectId: item.itemId });
    expect(String(world.replies()[0]?.params.message)).toContain("039.975.2304");

    await world.tickUntil("2026-11-29 18:00", 30);
    expect(world.replies()).toHaveLength(1);
    expect(world.alerts.map((alert) => alert.reason)).toEqual(["deadline_near", "deadline_passed"]);
    expect(world.alerts.at(-1)).toMatchObject({ itemKey: itemKey(item), done: ["risposta di cortesia inviata"] });
  });

  it("answers an emergency on Saturday 23:10 at Cento with 112 within one tick", async () => {
    const item = writtenAt("2026-11-28 23:10", {
      ...centoPage,
      text: "C'è un albero caduto sulla strada per Renazzo, le macchine non passano!",
    });
    world.at("2026-11-28 23:10");
    await world.receive(item, ["emergency"]);
    await world.tickUntil("2026-11-28 23:15");
    expect(world.replies()).toHaveLength(1);
    expect(String(world.replies()[0]?.params.message)).toContain("chiami subito il 112");
  });

  it("sends no holding reply for a question staff answer after 20 hours", async () => {
    const item = writtenAt("2026-11-23 14:00", centoPage);
    world.at("2026-11-23 14:00");
    await world.receive(item, ["question"]);
    await world.tickUntil("2026-11-24 10:00", 15);
    await world.store.closeFor(staffReply(item, { createdAt: rome("2026-11-24 10:00").toISOString() }));
    await world.tickUntil("2026-11-26 14:00", 30);
    expect(world.replies()).toEqual([]);
    expect(world.alerts).toEqual([]);
  });

  it("sends one reply when two scheduler runs overlap", async () => {
    const items = Array.from({ length: 5 }, () => writtenAt("2026-11-27 17:55"));
    world.at("2026-11-27 18:00");
    for (const item of items) await world.receive(item, ["question"]);
    await Promise.all([world.run(), world.run(), world.run()]);
    expect(
      world
        .replies()
        .map((call) => call.objectId)
        .sort(),
    ).toEqual(items.map((item) => item.itemId).sort());
  });

  it("ends with exactly one reply when the platform fails the call twice", async () => {
    const item = writtenAt("2026-11-27 17:55");
    world.at("2026-11-27 18:00");
    await world.receive(item, ["question"]);
    graph.failNext(2, { status: 500, code: 2, message: "Service temporarily unavailable" });
    await world.run();
    await world.run();
    expect(world.replies()).toEqual([]);
    await world.tickUntil("2026-11-27 18:30");
    expect(world.replies()).toHaveLength(1);
    expect((await world.store.get(itemKey(item)))?.holdingReply).toMatchObject({ state: "confirmed", attempts: 3 });
  });

  it("confirms, without a second reply, a reply whose run died after the platform took it", async () => {
    const item = writtenAt("2026-11-27 17:55");
    world.at("2026-11-27 18:00");
    await world.receive(item, ["question"]);
    const claimed = await world.claimByEarlierRun(item, "dead-run", "2026-11-27 18:00");
    const landed = await world.platforms.reply(replyTarget(claimed.obligation), claimed.text);
    await world.tickUntil("2026-11-27 19:00");
    expect(world.replies()).toHaveLength(1);
    expect((await world.store.get(itemKey(item)))?.holdingReply).toMatchObject({
      state: "confirmed",
      replyId: landed.id,
    });
  });

  it("sends the reply once when a run died before its platform call landed", async () => {
    const item = writtenAt("2026-11-27 17:55");
    world.at("2026-11-27 18:00");
    await world.receive(item, ["question"]);
    await world.claimByEarlierRun(item, "dead-run", "2026-11-27 18:00");
    await world.tickUntil("2026-11-27 19:00");
    expect(world.replies()).toMatchObject([{ kind: "reply", objectId: item.itemId }]);
    expect((await world.store.get(itemKey(item)))?.holdingReply).toMatchObject({ state: "confirmed", attempts: 2 });
  });

  it("confirms, without a second reply, a reply the platform took before the connection broke", async () => {
    const item = writtenAt("2026-11-27 17:55");
    world.at("2026-11-27 18:00");
    await world.receive(item, ["question"]);
    graph.dropNextResponses(1);
    await world.run();
    expect(world.replies()).toHaveLength(1);
    expect((await world.store.get(itemKey(item)))?.holdingReply).toMatchObject({ state: "released" });
    await world.tickUntil("2026-11-27 18:30");
    expect(world.replies()).toHaveLength(1);
    expect((await world.store.get(itemKey(item)))?.holdingReply).toMatchObject({
      state: "confirmed",
      replyId: world.replies()[0]?.id,
    });
  });

  it("sends no second private reply when the platform's answer to the first was lost", async () => {
    const item = writtenAt("2026-11-27 17:55", { kind: "message", itemId: "m_lost-answer" });
    world.at("2026-11-27 18:00");
    await world.receive(item, ["question"]);
    graph.dropNextResponses(1);
    await world.tickUntil("2026-11-27 19:00");
    expect(world.replies()).toMatchObject([{ kind: "private_reply" }]);
    expect((await world.store.get(itemKey(item)))?.holdingReply).toMatchObject({
      state: "failed",
      error: { code: "outcome_unknown" },
    });
  });

  it("never follows a private reply whose run died mid-call with a second one (private replies cannot be read back)", async () => {
    const item = writtenAt("2026-11-27 17:55", { kind: "message", itemId: "m_dead-run" });
    world.at("2026-11-27 18:00");
    await world.receive(item, ["question"]);
    await world.claimByEarlierRun(item, "dead-run", "2026-11-27 18:00");
    await world.tickUntil("2026-11-27 19:00");
    expect(world.replies()).toEqual([]);
    expect((await world.store.get(itemKey(item)))?.holdingReply).toMatchObject({
      state: "failed",
      error: { code: "outcome_unknown" },
    });
  });

  it("answers in private an item that holds personal data, redirecting to the official channel", async () => {
    const item = writtenAt("2026-11-27 17:55", {
      ...centoPage,
      text: "Sono Mario Rossi, via Roma 3: quando mi rimborsate la TARI?",
    });
    world.at("2026-11-30 05:55");
    await world.receive(item, ["personal_request", "pii"], "Sono [nome], [indirizzo]: quando mi rimborsate la TARI?");
    await world.run();
    expect(world.replies()).toHaveLength(1);
    expect(world.replies()[0]).toMatchObject({
      kind: "private_reply",
      params: { recipient: { comment_id: item.itemId } },
    });
    expect(JSON.stringify(world.replies()[0]?.params.message)).toContain("urp@comune.cento.fe.it");
  });

  it("answers a reply on Instagram under its top-level comment", async () => {
    const item = writtenAt("2026-11-27 17:55", {
      platform: "instagram",
      accountId: "ig-provincia-monza-brianza",
      kind: "reply",
      itemId: "ig-reply-7",
      threadId: "ig-top-7",
      parentId: "ig-top-7",
    });
    world.at("2026-11-27 18:00");
    await world.receive(item, ["question"]);
    await world.run();
    expect(world.replies()).toMatchObject([{ kind: "reply", objectId: "ig-top-7" }]);
  });

  it("tells staff when the account's token stopped working and retries at the next tick", async () => {
    const item = writtenAt("2026-11-27 17:55");
    world.at("2026-11-27 18:00");
    await world.receive(item, ["question"]);
    graph.failNext(1, { status: 400, code: 190, message: "Error validating access token" });
    await world.run();
    expect(world.alerts.map((alert) => alert.reason)).toEqual(["token_expired"]);
    await world.tickUntil("2026-11-27 18:05");
    expect(world.replies()).toHaveLength(1);
  });

  it("tells staff the deadline passed at the next tick when no alert could be delivered", async () => {
    const item = writtenAt("2026-11-23 10:00");
    world.at("2026-11-25 10:00");
    await world.receive(item, ["question"]);
    await world.claimByEarlierRun(item, "earlier-run", "2026-11-24 22:00");
    const sent = {
      owner: "earlier-run",
      state: "confirmed" as const,
      replyId: "reply-0",
      at: rome("2026-11-24 22:00"),
    };
    await world.store.settle(itemKey(item), {
      reply: sent,
      alerted: ["deadline_near"],
      wakeAt: rome("2026-11-24 22:00"),
    });
    world.failNextAlerts(1);
    await world.run();
    expect(world.alerts).toEqual([]);
    await world.tickUntil("2026-11-25 10:05");
    expect(world.alerts.map((alert) => alert.reason)).toEqual(["deadline_passed"]);
  });

  it("keeps a reply sent in the same run as an alert that failed: no second reply, the alert at the next tick", async () => {
    // Monday 10:00 at Monza: at 75 % of the 48 hours the holding reply and the deadline_near alert fall due together.
    const item = writtenAt("2026-11-23 10:00");
    world.at("2026-11-23 10:00");
    await world.receive(item, ["question"]);
    world.at("2026-11-24 22:00");
    world.failNextAlerts(1);
    const report = await world.run();
    expect(report).toMatchObject({ alerts: 0, failures: 1 });
    expect(world.replies()).toHaveLength(1);
    expect((await world.store.get(itemKey(item)))?.holdingReply).toMatchObject({ state: "confirmed" });
    await world.tickUntil("2026-11-25 10:05");
    expect(world.replies()).toHaveLength(1);
    expect(world.alerts.map((alert) => alert.reason)).toEqual(["deadline_near", "deadline_passed"]);
  });

  describe("for an entity in shadow mode", () => {
    const trialNote = "modalità prova: risposta di cortesia non inviata";

    it("records the holding reply without posting it, tells staff once, and still answers for an enforcing entity", async () => {
      world.deploy(deployed({ [cento.id]: "shadow" }));
      const trial = writtenAt("2026-11-23 10:00", centoPage);
      const enforced = writtenAt("2026-11-27 17:55");
      world.at("2026-11-27 18:00");
      await world.receive(trial, ["question"]);
      await world.receive(enforced, ["question"]);
      await world.run();
      await world.run();

      expect(world.replies()).toMatchObject([{ kind: "reply", objectId: enforced.itemId }]);
      expect((await world.store.get(itemKey(trial)))?.holdingReply).toMatchObject({
        state: "shadow",
        text: holdingReplyText("question", cento),
        channel: "public",
        recordedAt: rome("2026-11-27 18:00").toISOString(),
      });
      expect(world.alerts).toMatchObject([{ itemKey: itemKey(trial), reason: "deadline_passed", done: [trialNote] }]);
      expect(world.alerts).toHaveLength(1);
    });

    it("never posts a recorded shadow reply, even after the entity switches to enforce mode", async () => {
      world.deploy(deployed({ [cento.id]: "shadow" }));
      const item = writtenAt("2026-11-28 23:10", centoPage);
      world.at("2026-11-28 23:10");
      await world.receive(item, ["emergency"]);
      await world.tickUntil("2026-11-28 23:20");
      world.deploy(deployed());
      await world.tickUntil("2026-11-30 12:00", 60);
      expect(world.replies()).toEqual([]);
      expect((await world.store.get(itemKey(item)))?.holdingReply?.state).toBe("shadow");
    });

    it("closes the obligation when staff post the same text as the unsent shadow reply", async () => {
      world.deploy(deployed({ [cento.id]: "shadow" }));
      const item = writtenAt("2026-11-28 23:10", centoPage);
      world.at("2026-11-28 23:10");
      await world.receive(item, ["emergency"]);
      await world.run();
      const text = holdingReplyText("emergency", cento);
      await world.store.closeFor(staffReply(item, { text, createdAt: rome("2026-11-28 23:30").toISOString() }));
      expect((await world.store.get(itemKey(item)))?.status).toBe("closed");
    });
  });

  it("sends nothing for an account no longer in any deployment", async () => {
    world.deploy(deployed().filter((deployment) => deployment.entityId !== cento.id));
    const item = writtenAt("2026-11-23 10:00", centoPage);
    world.at("2026-11-27 18:00");
    await world.receive(item, ["question"]);
    await world.tickUntil("2026-11-27 18:30");
    expect(world.replies()).toEqual([]);
    expect(world.alerts).toEqual([]);
    expect((await world.store.get(itemKey(item)))?.status).toBe("open");
  });

  it("tells staff of a platform token about to lapse on each run, and goes on when that fails", async () => {
    const told: StaffAlert[] = [];
    const lapse: StaffAlert = {
      entityId: cento.id,
      reason: "token_expiring",
      itemKey: "token#linkedin#li-cento#2026-12-15T09:00:00.000Z",
      platform: "linkedin",
      categories: [],
      redactedText: "L'accesso di Sentinella all'account LinkedIn li-cento scade…",
      done: [],
    };
    let failing = false;
    const run = createSchedulerHandler({
      obligations: world.store,
      platforms: world.platforms,
      deployments: deployed(),
      policyFor,
      alerts: { notify: async (alert) => void told.push(alert) },
      clock: { now: () => rome("2026-12-09 10:00") },
      logger: quiet,
      accountAlerts: async () => {
        if (failing) throw new Error("secret unreadable");
        return [lapse];
      },
    });
    expect(await run()).toMatchObject({ failures: 0 });
    expect(told).toEqual([lapse]);
    failing = true;
    expect(await run()).toMatchObject({ failures: 1 });
  });
});
