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
  SqsDeadLetterQueue,
  SqsDeliveryParking,
  SqsItemQueue,
  sqsClient,
} from "@sentinella/aws";
import {
  InMemoryErasureTombstones,
  InMemoryOffenderLedger,
  InMemoryStaffRecords,
  type Item,
  itemKey,
  type PlatformActions,
} from "@sentinella/core";
import { type LocalSqs, type SandboxGraph, startSandboxGraph, startSqs, startSqsEventSource } from "@sentinella/local";
import { createMetaActions } from "@sentinella/platforms";
import { getPolicy } from "@sentinella/policy";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { createClassifierHandler } from "../../../functions/classifier/app";
import { useDynamoDbLocal } from "../../support/dynamodb";
import { startTcpProxy, type TcpProxy } from "../../support/tcp-proxy";
import { comment } from "./fixtures";

/**
 * Throttles and outages through the real parts: the SQS-protocol server with the item queue's redrive policy
 * (5 receives), Lambda's event source as local mode drives it, DynamoDB Local behind a line that can be cut, and
 * the sandbox Graph API. A parked delivery waits one real second. Every record the classifier is handed is checked
 * to be a first receive: a throttle or an outage spends none of the receives that lead to the DLQ.
 */
describe("the classifier under throttles and outages, on the real queue and table", () => {
  const dynamo = useDynamoDbLocal();
  let proxy: TcpProxy;
  let sqs: LocalSqs;
  let queueClient: SQSClient;
  let graph: SandboxGraph;
  let store: DynamoDecisionStore;
  /** Real time, moved on by the test when it simulates a wait (no delivery is in flight then). */
  let skippedMs = 0;
  const clock = { now: () => new Date(Date.now() + skippedMs) };

  beforeAll(async () => {
    // Hundreds of parkings: Powertools would print its metrics every hundred.
    vi.stubEnv("POWERTOOLS_METRICS_DISABLED", "true");
    [proxy, sqs, graph] = await Promise.all([
      startTcpProxy(dynamo.endpoint),
      startSqs(),
      startSandboxGraph({ pageTokens: { "fb-comune-cento": "token-cento" } }),
    ]);
    queueClient = sqsClient(sqs.endpoint);
    const tableName = await dynamo.freshTable(decisionTable);
    await createTable(dynamo.clients.client, decisionTable, tableName, { timeToLive: false });
    store = new DynamoDecisionStore({ document: dynamoClients(proxy.endpoint).document, tableName, clock });
  });
  afterAll(async () => {
    vi.unstubAllEnvs();
    queueClient?.destroy();
    await Promise.all([proxy?.stop(), sqs?.stop(), graph?.stop()]);
  });

  /**
   * Only a guard against a hang: each scenario is dozens of real park-and-receive rounds through the queue server,
   * about 12 s on a quiet machine and several times that beside the rest of the suite on two cores.
   */
  const hangGuardMs = 180_000;

  /** Queues the items, runs the classifier on them until the queue is empty, with `fault` during the run. */
  async function run(
    name: string,
    items: Item[],
    fault: { platforms?: PlatformActions; during?: (parks: () => number) => Promise<void> },
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
      offenders: new InMemoryOffenderLedger(),
      staff: new InMemoryStaffRecords(),
      erasures: new InMemoryErasureTombstones(),
      parking: {
        park: (...args) => {
          parks++;
          return sqsParking.park(...args);
        },
      },
      deadLetters: new SqsDeadLetterQueue(queueClient, deadLetterQueueUrl),
      clock,
      logger: new Logger({ logLevel: "SILENT" }),
      metrics: new Metrics({ namespace: "SentinellaTest" }),
    });
    await new SqsItemQueue(queueClient, queueUrl).enqueue(items);
    const receiveCounts = new Set<string>();
    const source = startSqsEventSource({
      client: queueClient,
      queueUrl,
      queueArn: Attributes?.QueueArn as string,
      spec: itemQueue,
      handler: (event, context) => {
        for (const record of event.Records) receiveCounts.add(record.attributes.ApproximateReceiveCount);
        return handler(event, context);
      },
      functionName: "classifier",
      timeoutSeconds: 30,
      // Long enough that a slow batch on a busy machine is not handed out twice.
      visibilityTimeoutSeconds: 10,
      onError: () => undefined,
    });
    try {
      await fault.during?.(() => parks);
      await source.drain(hangGuardMs - 30_000);
    } finally {
      await source.stop();
    }
    const { Attributes: dead } = await queueClient.send(
      new GetQueueAttributesCommand({ QueueUrl: deadLetterQueueUrl, AttributeNames: ["ApproximateNumberOfMessages"] }),
    );
    return { parks, receiveCounts: [...receiveCounts], deadLetters: Number(dead?.ApproximateNumberOfMessages) };
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

  it(
    "waits out an hour of Graph throttling (code 32) on first receives only: one decision and one hide each",
    async () => {
      const items = Array.from({ length: 10 }, () => comment());
      graph.failNext(1, {
        status: 400,
        code: 32,
        message: "(#32) Page request limit reached",
        regainAccessMinutes: 60,
      });
      const { parks, receiveCounts, deadLetters } = await run("throttle-hour", items, {
        // Once every item is parked, a quarter of an hour passes; after four, Graph's hour is over.
        during: async (parked) => {
          for (let quarter = 1; quarter <= 4; quarter++) {
            while (parked() < quarter * items.length) await sleep(50);
            skippedMs += 15 * 60_000;
          }
        },
      });

      expect(receiveCounts).toEqual(["1"]);
      expect(deadLetters).toBe(0);
      expect(parks).toBeGreaterThanOrEqual(4 * items.length);
      await expectDecidedAndHidOnce(items);
      for (const item of items) expect(hidesOf(item)).toHaveLength(1);
    },
    hangGuardMs,
  );

  it(
    "waits out a ten-minute table outage on first receives only: nothing in the DLQ, every item decided and hidden once",
    async () => {
      const items = Array.from({ length: 10 }, () => comment());
      proxy.cut();
      const { parks, receiveCounts, deadLetters } = await run("table-outage", items, {
        // Down for ten minutes of simulated time: once every item is parked again, the clock moves on by the
        // wait they asked for (30 s, doubling), as SQS would hold them: 30 + 60 + 120 + 240 + 480 s.
        during: async (parked) => {
          for (let round = 0, waitedSeconds = 0; waitedSeconds < 10 * 60; round++) {
            while (parked() < (round + 1) * items.length) await sleep(50);
            const waitSeconds = 30 * 2 ** round;
            skippedMs += waitSeconds * 1000;
            waitedSeconds += waitSeconds;
          }
          proxy.restore();
        },
      });

      expect(receiveCounts).toEqual(["1"]);
      expect(deadLetters).toBe(0);
      expect(parks).toBeGreaterThanOrEqual(5 * items.length);
      await expectDecidedAndHidOnce(items);
      for (const item of items) expect(hidesOf(item)).toHaveLength(1);
    },
    hangGuardMs,
  );

  it(
    "when the table goes down between a hide and its record, the redelivery records it: one decision, one hide record",
    async () => {
      const items = Array.from({ length: 3 }, () => comment());
      const meta = createMetaActions({ baseUrl: graph.baseUrl, version: "v25.0", tokenFor: async () => "token-cento" });
      const platforms: PlatformActions = {
        ...meta,
        hide: async (target) => {
          const result = await meta.hide(target);
          if (hidesOf(items.find((item) => item.itemId === target.itemId) as Item).length === 1) {
            proxy.cut();
            setTimeout(() => {
              proxy.restore();
              // The lease the failed delivery could not give back expires (at most a classifier timeout).
              skippedMs += 60_000;
            }, 3_000);
          }
          return result;
        },
      };
      const { receiveCounts, deadLetters } = await run("crash-after-hide", items, { platforms });

      expect(receiveCounts).toEqual(["1"]);
      expect(deadLetters).toBe(0);
      await expectDecidedAndHidOnce(items);
      // The one window the README names: the hide is repeated (Graph only sets a flag), and recorded once.
      for (const item of items) expect(hidesOf(item).length).toBeGreaterThanOrEqual(1);
    },
    hangGuardMs,
  );
});
