import { setTimeout as sleep } from "node:timers/promises";
import { Logger } from "@aws-lambda-powertools/logger";
import { Metrics } from "@aws-lambda-powertools/metrics";
import { GetQueueAttributesCommand, type SQSClient } from "@aws-sdk/client-sqs";
import {
  createQueue,
  createTable,
  DynamoDecisionStore,
  decisionTable,
  dynamoClients,
  itemQueue,
  SqsDeliveryParking,
  SqsItemQueue,
  sqsClient,
} from "@sentinella/aws";
import { type Item, itemKey, type PlatformActions } from "@sentinella/core";
import { type LocalSqs, type SandboxGraph, startSandboxGraph, startSqs, startSqsEventSource } from "@sentinella/local";
import { createMetaActions } from "@sentinella/platforms";
import { getPolicy } from "@sentinella/policy";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createClassifierHandler } from "../../../functions/classifier/app";
import { useDynamoDbLocal } from "../../support/dynamodb";
import { startTcpProxy, type TcpProxy } from "../../support/tcp-proxy";
import { comment } from "./fixtures";

/**
 * Throttles and outages through the real parts: the SQS-protocol server with the item queue's redrive policy
 * (5 receives), Lambda's event source as local mode drives it, DynamoDB Local behind a line that can be cut, and
 * the sandbox Graph API. Simulated time runs a minute every 250 ms (at most), so a simulated hour spans more than
 * five 2-second visibility timeouts; a parked delivery waits one real second.
 */
describe("the classifier under throttles and outages, on the real queue and table", () => {
  const dynamo = useDynamoDbLocal();
  let proxy: TcpProxy;
  let sqs: LocalSqs;
  let queueClient: SQSClient;
  let graph: SandboxGraph;
  let store: DynamoDecisionStore;
  let now = new Date("2026-11-25T10:00:00.000Z");
  const ticking = setInterval(() => {
    now = new Date(now.getTime() + 60_000);
  }, 250);
  const clock = { now: () => now };

  beforeAll(async () => {
    [proxy, sqs, graph] = await Promise.all([
      startTcpProxy(dynamo.endpoint),
      startSqs(),
      startSandboxGraph({ pageTokens: { "fb-comune-cento": "token-cento" } }),
    ]);
    queueClient = sqsClient(sqs.endpoint);
    const tableName = await dynamo.freshTable(decisionTable);
    await createTable(dynamo.clients.client, decisionTable, tableName);
    store = new DynamoDecisionStore({ document: dynamoClients(proxy.endpoint).document, tableName, clock });
  });
  afterAll(async () => {
    clearInterval(ticking);
    queueClient?.destroy();
    await Promise.all([proxy?.stop(), sqs?.stop(), graph?.stop()]);
  });

  /** Queues the items, runs the classifier on them until the queue is empty, with `fault` during the run. */
  async function run(
    name: string,
    items: Item[],
    fault: { platforms?: PlatformActions; during?: () => Promise<void> },
  ) {
    const { queueUrl, deadLetterQueueUrl } = await createQueue(queueClient, itemQueue, name);
    const { Attributes } = await queueClient.send(
      new GetQueueAttributesCommand({ QueueUrl: queueUrl, AttributeNames: ["QueueArn"] }),
    );
    const sqsParking = new SqsDeliveryParking(queueClient, queueUrl, 1);
    let parks = 0;
    const handler = createClassifierHandler({
      store,
      platforms:
        fault.platforms ??
        createMetaActions({ baseUrl: graph.baseUrl, version: "v25.0", tokenFor: async () => "token-cento" }),
      deployments: [
        {
          entityId: "comune-cento",
          mode: "enforce",
          accounts: [{ platform: "facebook", accountId: "fb-comune-cento" }],
        },
      ],
      policyFor: getPolicy,
      obligations: { open: async () => {}, closeFor: async () => {} },
      alerts: { notify: async () => {} },
      parking: {
        park: (...args) => {
          parks++;
          return sqsParking.park(...args);
        },
      },
      clock,
      logger: new Logger({ logLevel: "SILENT" }),
      metrics: new Metrics({ namespace: "SentinellaTest" }),
    });
    await new SqsItemQueue(queueClient, queueUrl).enqueue(items);
    const source = startSqsEventSource({
      client: queueClient,
      queueUrl,
      queueArn: Attributes?.QueueArn as string,
      spec: itemQueue,
      handler,
      functionName: "classifier",
      timeoutSeconds: 30,
      visibilityTimeoutSeconds: 2,
      onError: () => undefined,
    });
    try {
      await fault.during?.();
      await source.drain(60_000);
    } finally {
      await source.stop();
    }
    const { Attributes: dead } = await queueClient.send(
      new GetQueueAttributesCommand({ QueueUrl: deadLetterQueueUrl, AttributeNames: ["ApproximateNumberOfMessages"] }),
    );
    return { parks, deadLetters: Number(dead?.ApproximateNumberOfMessages) };
  }

  const hidesOf = (item: Item) => graph.calls.filter((call) => call.kind === "hide" && call.objectId === item.itemId);

  /** Exactly one decision per item, its hide recorded once as done. */
  async function expectDecidedAndHidOnce(items: Item[]) {
    for (const item of items) {
      const records = await store.listByItem(itemKey(item));
      expect(records, item.itemId).toHaveLength(1);
      expect(records[0]?.actionsTaken, item.itemId).toMatchObject([{ action: "hide", status: "done" }]);
    }
  }

  it("waits out an hour of Graph throttling (code 32) with nothing in the DLQ: one decision and one hide each", async () => {
    const items = Array.from({ length: 10 }, () => comment());
    graph.failNext(1, { status: 400, code: 32, message: "(#32) Page request limit reached", regainAccessMinutes: 60 });
    const started = now.getTime();
    const { parks, deadLetters } = await run("throttle-hour", items, {});

    expect(deadLetters).toBe(0);
    // An hour here is at least 15 real seconds: failed deliveries would have spent their five receives.
    expect(now.getTime() - started).toBeGreaterThanOrEqual(60 * 60_000);
    expect(parks).toBeGreaterThan(2 * items.length);
    await expectDecidedAndHidOnce(items);
    for (const item of items) expect(hidesOf(item)).toHaveLength(1);
  });

  it("waits out a table outage longer than five receives: nothing in the DLQ, every item decided and hidden once", async () => {
    const items = Array.from({ length: 10 }, () => comment());
    proxy.cut();
    const { parks, deadLetters } = await run("table-outage", items, {
      // Five receives at a 2-second visibility timeout are 10 seconds: the table stays down for 14.
      during: async () => {
        await sleep(14_000);
        proxy.restore();
      },
    });

    expect(deadLetters).toBe(0);
    expect(parks).toBeGreaterThan(5 * items.length);
    await expectDecidedAndHidOnce(items);
    for (const item of items) expect(hidesOf(item)).toHaveLength(1);
  });

  it("when the table goes down between a hide and its record, the redelivery records it: one decision, one hide record", async () => {
    const items = Array.from({ length: 3 }, () => comment());
    const meta = createMetaActions({ baseUrl: graph.baseUrl, version: "v25.0", tokenFor: async () => "token-cento" });
    const platforms: PlatformActions = {
      ...meta,
      hide: async (target) => {
        const result = await meta.hide(target);
        if (hidesOf(items.find((item) => item.itemId === target.itemId) as Item).length === 1) {
          proxy.cut();
          setTimeout(() => proxy.restore(), 3_000);
        }
        return result;
      },
    };
    const { deadLetters } = await run("crash-after-hide", items, { platforms });

    expect(deadLetters).toBe(0);
    await expectDecidedAndHidOnce(items);
    // The one window the README names: the hide is repeated (Graph only sets a flag), and recorded once.
    for (const item of items) expect(hidesOf(item).length).toBeGreaterThanOrEqual(1);
  });
});
