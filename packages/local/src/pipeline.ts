import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Logger } from "@aws-lambda-powertools/logger";
import { Metrics } from "@aws-lambda-powertools/metrics";
import { GetQueueAttributesCommand } from "@aws-sdk/client-sqs";
import { AlertRoute, type AlertRoutes, alertChannels, createStaffAlerts } from "@sentinella/alerts";
import {
  alertTable,
  classifierTimeoutSeconds,
  createQueue,
  createTable,
  DynamoAlertStore,
  DynamoDecisionStore,
  DynamoErasureTombstones,
  DynamoHandshakeLog,
  DynamoObligationStore,
  DynamoOffenderLedger,
  DynamoPollCursors,
  DynamoQuotaLedger,
  DynamoRenewalLease,
  DynamoStaffRecords,
  DynamoSubjectData,
  decisionReader,
  decisionTable,
  dynamoClients,
  graphApiVersion,
  itemQueue,
  obligationTable,
  offenderTable,
  pollerTable,
  SqsDeadLetterQueue,
  SqsDeliveryParking,
  SqsItemQueue,
  sqsClient,
  tables,
  youTubeDailyQuota,
} from "@sentinella/aws";
import {
  type Clock,
  type EntityDeployment,
  type MetaSecrets,
  systemClock,
  withSentinellaHides,
} from "@sentinella/core";
import {
  createMetaActions,
  defaultQuotaBudget,
  handshakeAlerts,
  inMemoryTokenStore,
  type QuotaLedger,
  renewDueTokens,
  routePlatformActions,
  tokenAlerts,
} from "@sentinella/platforms";
import { getPolicy, policies } from "@sentinella/policy";
import { isOpen } from "@sentinella/replies";
import { createClassifierHandler } from "../../../functions/classifier/app";
import { createIngressHandler } from "../../../functions/ingress/app";
import { createLinkedInIngressHandler } from "../../../functions/ingress/linkedin";
import { createIngressRouter } from "../../../functions/ingress/webhook-route";
import { createXIngressHandler } from "../../../functions/ingress/x";
import { createYouTubePoller, type PollReport } from "../../../functions/poller/app";
import { createSchedulerHandler, type SchedulerReport } from "../../../functions/scheduler/app";
import { type LocalConsole, startLocalConsole } from "./console";
import { startDynamoDbLocal } from "./dynamodb";
import { startSqsEventSource } from "./event-source";
import { serveHttpApi } from "./http";
import { generateSecrets } from "./local-files";
import {
  generatePlatformSecrets,
  localAccountId,
  type PlatformSandboxes,
  type PlatformSecrets,
  publishedChannels,
  sandboxClients,
  startPlatformSandboxes,
} from "./platform-sandboxes";
import { type SandboxGraph, startSandboxGraph } from "./sandbox-graph";
import { escapeAstralCharactersInBodies, type LocalSqs, startSqs } from "./sqs";

/**
 * Every entity with a Facebook Page "fb-<id>" and an Instagram account "ig-<id>", and the X ("x-<id>"), LinkedIn
 * ("li-<id>") and YouTube ("yt-<id>") channels it publishes (`publishedChannels`), acting for real (contracts.md).
 */
export const localDeployments: EntityDeployment[] = policies.map((policy) => ({
  entityId: policy.id,
  mode: "enforce",
  accounts: [
    { platform: "facebook", accountId: `fb-${policy.id}` },
    { platform: "instagram", accountId: `ig-${policy.id}` },
    ...(publishedChannels[policy.id] ?? []).map((platform) => ({
      platform,
      accountId: localAccountId(platform, policy.id),
    })),
  ],
}));

/** The Facebook Pages and Instagram accounts: the ones the Meta secrets hold page tokens for. */
export const accountIdsOf = (deployments: readonly EntityDeployment[]) =>
  deployments.flatMap((deployment) =>
    deployment.accounts.filter((a) => a.platform === "facebook" || a.platform === "instagram").map((a) => a.accountId),
  );

export const localAccountIds = accountIdsOf(localDeployments);

type TableId = (typeof tables)[number]["id"];
const tableNamesWith = (suffix: string) =>
  Object.fromEntries(tables.map((spec) => [spec.id, `sentinella-${spec.id.toLowerCase()}${suffix}`])) as Record<
    TableId,
    string
  >;
/** Local mode's physical table names, "sentinella-<id>", by table spec id: `sentinella obligations` finds them so. */
export const tableNames = tableNamesWith("");
const queueName = "sentinella-items";

export interface LocalPipelineOptions {
  /** DynamoDB Local's files; in memory (gone at stop) when absent. */
  dataDir?: string;
  /**
   * A DynamoDB already running (the cost meter's proxy in front of DynamoDB Local): used instead of starting one,
   * and left running at stop.
   */
  dynamoDbEndpoint?: string;
  /** Appended to every table name, so pipelines sharing one `dynamoDbEndpoint` (tests) keep their rows apart. */
  tableSuffix?: string;
  /** The time every component reads: a controllable clock in tests, the system clock otherwise. */
  clock?: Clock;
  secrets?: MetaSecrets;
  /** The X, LinkedIn and YouTube secrets; generated when absent. */
  platformSecrets?: PlatformSecrets;
  /** Where staff alerts are written, one file each; a temporary folder, removed at stop, when absent. */
  outboxDir?: string;
  /** Which entities run, with which accounts and mode (`npm start -- --config`); the five samples when absent. */
  deployments?: EntityDeployment[];
  /** Where each entity's alerts go besides the outbox folder; an entity without one gets `slackWebhookUrl`. */
  alertRoutes?: AlertRoutes;
  /** Also post alerts to this Slack incoming webhook. */
  slackWebhookUrl?: string;
  ingressPort?: number;
  /** The staff console's port (any free one when absent). */
  consolePort?: number;
  /**
   * How long a received message stays invisible, so how soon an item the classifier failed is retried. The cloud
   * queue waits `itemQueue.visibilityTimeoutSeconds` (6× the classifier timeout); locally the default is the
   * timeout itself, the shortest wait that never hands a message to a second poller while the first still works.
   */
  visibilityTimeoutSeconds?: number;
  /**
   * How long the classifier's event source gathers a batch (the item queue's window, a second, by default): tests
   * that are not about batching set 0, so each item does not wait a second before it is handled.
   */
  batchingWindowSeconds?: number;
  /**
   * Longest wait of a delivery parked for a throttle or an outage (SQS's 15 minutes by default): tests that move a
   * clock through an hour of throttling park for a second at a time.
   */
  maxParkDelaySeconds?: number;
  /** Run the scheduler every this many seconds (EventBridge does every 5 minutes); only on demand when absent. */
  schedulerEverySeconds?: number;
  /** Poll YouTube every this many seconds (EventBridge does every 5 minutes); only on demand when absent. */
  pollEverySeconds?: number;
  /** The Google project's daily YouTube units (10,000 by default), to try the quota ledger with a small budget. */
  youTubeDailyQuota?: number;
  /** Powertools log level of the functions; the handlers' own logs go to stdout as in Lambda. */
  logLevel?: "DEBUG" | "INFO" | "WARN" | "ERROR" | "SILENT";
}

export interface LocalPipeline {
  /** Where Meta would POST: `<base>/webhooks/meta`. */
  ingressUrl: string;
  /** Where each platform's webhooks go: `<base>/webhooks/<meta | x | linkedin>`. */
  webhookUrls: { meta: string; x: string; linkedin: string };
  secrets: MetaSecrets;
  platformSecrets: PlatformSecrets;
  /** The loopback X, LinkedIn and YouTube APIs. */
  sandboxes: PlatformSandboxes;
  deployments: EntityDeployment[];
  graph: SandboxGraph;
  decisions: DynamoDecisionStore;
  obligations: DynamoObligationStore;
  staffRecords: DynamoStaffRecords;
  offenders: DynamoOffenderLedger;
  /** The staff console and its local OIDC issuer with seeded users. */
  console: LocalConsole;
  /** Physical table names by table spec id. */
  tableNames: Record<TableId, string>;
  decisionTableName: string;
  outboxDir: string;
  dynamoDbEndpoint: string;
  sqsEndpoint: string;
  queueUrl: string;
  deadLetterQueueUrl: string;
  /** One scheduler run, as the EventBridge rule makes every 5 minutes, at the clock's time. */
  tickScheduler(): Promise<SchedulerReport>;
  /** One YouTube poll, as the poller's EventBridge rule makes every 5 minutes. */
  pollYouTube(): Promise<PollReport>;
  /** The daily YouTube quota ledger every caller debits. */
  youTubeQuota: QuotaLedger;
  /** Resolves when every queued item has been handled (or moved to the dead-letter queue). */
  drain(timeoutMs?: number): Promise<void>;
  /** The SQS server goes away (what ingress sees when SQS fails) and comes back, empty, on the same address. */
  stopQueueServer(): Promise<void>;
  startQueueServer(): Promise<void>;
  stop(): Promise<void>;
}

/**
 * The whole pipeline on this machine: DynamoDB Local, an SQS server, the sandbox Graph API, and the three
 * functions built by their own app factories from the same adapters as in Lambda, invoked as AWS would
 * invoke them (HTTP API events, the SQS event source, a timer standing in for the EventBridge schedule).
 */
export async function startLocalPipeline(options: LocalPipelineOptions = {}): Promise<LocalPipeline> {
  const clock = options.clock ?? systemClock;
  const deployments = options.deployments ?? localDeployments;
  const secrets = options.secrets ?? generateSecrets(accountIdsOf(deployments));
  const platformSecrets = options.platformSecrets ?? generatePlatformSecrets(deployments);
  const outboxDir = options.outboxDir ?? (await mkdtemp(join(tmpdir(), "sentinella-outbox-")));
  const logger = new Logger({ serviceName: "sentinella-local", logLevel: options.logLevel ?? "WARN" });
  // Lambda's metrics are EMF log lines that CloudWatch picks up; locally there is no CloudWatch to read them.
  process.env.POWERTOOLS_METRICS_DISABLED ??= "true";
  const metrics = new Metrics({ namespace: "Sentinella", serviceName: "sentinella-local" });
  const tableNames = tableNamesWith(options.tableSuffix ?? "");

  const [dynamo, firstSqs, graph, sandboxes] = await Promise.all([
    options.dynamoDbEndpoint
      ? { endpoint: options.dynamoDbEndpoint, stop: async () => {} }
      : startDynamoDbLocal({ dataDir: options.dataDir }),
    startSqs(),
    startSandboxGraph({ pageTokens: secrets.pageTokens }),
    startPlatformSandboxes(platformSecrets, clock),
  ]);
  let sqs: LocalSqs | undefined = firstSqs;
  const { client: dynamoClient, document } = dynamoClients(dynamo.endpoint);
  const queueClient = sqsClient(sqs.endpoint);
  escapeAstralCharactersInBodies(queueClient);
  let staffConsole: LocalConsole | undefined;
  const stopServers = async () => {
    await staffConsole?.stop();
    queueClient.destroy();
    dynamoClient.destroy();
    await Promise.all([sqs?.stop(), dynamo.stop(), graph.stop(), sandboxes.stop()]);
  };
  try {
    // TTL only on the wall clock: on a test's clock, DynamoDB Local would delete rows the test dated in its past.
    const timeToLive = options.clock === undefined;
    await Promise.all(tables.map((spec) => createTable(dynamoClient, spec, tableNames[spec.id], { timeToLive })));
    const provisionQueue = () => createQueue(queueClient, itemQueue, queueName);
    const { queueUrl, deadLetterQueueUrl } = await provisionQueue();
    const { Attributes } = await queueClient.send(
      new GetQueueAttributesCommand({ QueueUrl: queueUrl, AttributeNames: ["QueueArn"] }),
    );

    const decisions = new DynamoDecisionStore({ document, tableName: tableNames[decisionTable.id], clock });
    const obligations = new DynamoObligationStore({
      document,
      tableName: tableNames[obligationTable.id],
      entityFor: getPolicy,
      clock,
    });
    const meta = createMetaActions({
      baseUrl: graph.baseUrl,
      version: graphApiVersion,
      tokenFor: async (accountId) => secrets.pageTokens[accountId],
    });
    const budget = defaultQuotaBudget(options.youTubeDailyQuota ?? youTubeDailyQuota);
    const ledger = new DynamoQuotaLedger(document, tableNames[pollerTable.id], budget);
    const { adapters, youtubeApi } = sandboxClients(sandboxes, platformSecrets, clock, ledger);
    const platforms = routePlatformActions({ facebook: meta, instagram: meta, ...adapters });
    // Before the alerts: they link to items in the console, at its address.
    const staffRecordsMonths = (entityId: string) => getPolicy(entityId).retention.staffRecordsMonths;
    const staffRecords = new DynamoStaffRecords(document, tableNames[decisionTable.id], staffRecordsMonths);
    const offenders = new DynamoOffenderLedger(document, tableNames[offenderTable.id], staffRecordsMonths);
    staffConsole = await startLocalConsole({
      port: options.consolePort,
      decisions: decisionReader(decisions),
      staff: staffRecords,
      offenders: withSentinellaHides(offenders, decisions),
      platforms,
      deployments,
      policyFor: getPolicy,
      subjects: new DynamoSubjectData(
        document,
        {
          decisions: tableNames[decisionTable.id],
          obligations: tableNames[obligationTable.id],
          offenders: tableNames[offenderTable.id],
          alerts: tableNames[alertTable.id],
        },
        getPolicy,
      ),
      clock,
    });
    const route = AlertRoute.parse({ slackWebhookUrl: options.slackWebhookUrl });
    const alerts = createStaffAlerts({
      channels: alertChannels({ outboxFolder: outboxDir, clock }),
      store: new DynamoAlertStore(document, tableNames[alertTable.id]),
      recipients: Object.fromEntries(
        deployments.map(({ entityId }) => [entityId, options.alertRoutes?.[entityId] ?? route]),
      ),
      isOpen: (entityId, at) => isOpen(getPolicy(entityId), at),
      clock,
      logger,
      consoleUrl: staffConsole.url,
    });

    const routeDeps = {
      queue: new SqsItemQueue(queueClient, queueUrl),
      deployments,
      clock,
      logger,
      metrics,
      handshakes: new DynamoHandshakeLog(document, tableNames[pollerTable.id]),
    };
    const ingress = createIngressRouter({
      "/webhooks/meta": createIngressHandler({ ...routeDeps, secrets: async () => secrets }),
      "/webhooks/x": createXIngressHandler({ ...routeDeps, secrets: async () => platformSecrets.x }),
      "/webhooks/linkedin": createLinkedInIngressHandler({
        ...routeDeps,
        secrets: async () => platformSecrets.linkedin,
        acceptBodyOnlySignature: false,
      }),
    });
    const classifier = createClassifierHandler({
      store: decisions,
      platforms,
      deployments,
      policyFor: getPolicy,
      obligations,
      alerts,
      offenders,
      staff: staffRecords,
      erasures: new DynamoErasureTombstones(document, tableNames[decisionTable.id]),
      parking: new SqsDeliveryParking(queueClient, queueUrl, options.maxParkDelaySeconds),
      deadLetters: new SqsDeadLetterQueue(queueClient, deadLetterQueueUrl),
      clock,
      logger,
      metrics,
    });

    const scheduler = createSchedulerHandler({
      obligations,
      platforms,
      deployments,
      policyFor: getPolicy,
      alerts,
      clock,
      logger,
      flushDigests: async (now) => void (await alerts.flushDigests(now)),
      renewTokens: (now) =>
        renewDueTokens({
          deployments,
          store: inMemoryTokenStore(platformSecrets),
          lease: new DynamoRenewalLease(document, tableNames[pollerTable.id]),
          now,
          hosts: { x: sandboxes.x.baseUrl, linkedin: sandboxes.linkedin.baseUrl, youtube: sandboxes.youtube.baseUrl },
        }),
      accountAlerts: async (now) => [
        ...tokenAlerts(deployments, platformSecrets, now),
        ...(await handshakeAlerts(deployments, routeDeps.handshakes, now)),
      ],
    });
    const http = await serveHttpApi(ingress, {
      functionName: "ingress",
      timeoutSeconds: 10,
      port: options.ingressPort,
      onError: (error) => logger.error("ingress failed", { error }),
    });
    const eventSource = startSqsEventSource({
      client: queueClient,
      queueUrl,
      queueArn: Attributes?.QueueArn as string,
      spec: {
        ...itemQueue,
        maxBatchingWindowSeconds: options.batchingWindowSeconds ?? itemQueue.maxBatchingWindowSeconds,
      },
      handler: classifier,
      functionName: "classifier",
      timeoutSeconds: classifierTimeoutSeconds,
      visibilityTimeoutSeconds: options.visibilityTimeoutSeconds ?? classifierTimeoutSeconds,
      // While the queue server is stopped on purpose the poller's failures are expected.
      onError: (error) => sqs && logger.error("classifier event source", { error }),
    });

    const poller = createYouTubePoller({
      youtube: youtubeApi,
      cursors: new DynamoPollCursors(document, tableNames[pollerTable.id]),
      ledger,
      budget,
      queue: routeDeps.queue,
      deployments,
      alerts,
      clock,
      logger,
    });
    let polling: Promise<unknown> = Promise.resolve();
    const pollInterval =
      options.pollEverySeconds === undefined
        ? undefined
        : setInterval(() => {
            polling = polling.then(poller).catch((error) => logger.error("YouTube poller failed", { error }));
          }, options.pollEverySeconds * 1000);

    let ticking: Promise<unknown> = Promise.resolve();
    const interval =
      // 0 means off, as for `npm start -- --scheduler-every 0`: setInterval(…, 0) would run it back to back.
      !options.schedulerEverySeconds
        ? undefined
        : setInterval(() => {
            // EventBridge does not wait for the previous run; locally one at a time keeps the output readable.
            ticking = ticking.then(scheduler).catch((error) => logger.error("scheduler failed", { error }));
          }, options.schedulerEverySeconds * 1000);

    return {
      ingressUrl: `${http.url}/webhooks/meta`,
      webhookUrls: {
        meta: `${http.url}/webhooks/meta`,
        x: `${http.url}/webhooks/x`,
        linkedin: `${http.url}/webhooks/linkedin`,
      },
      secrets,
      platformSecrets,
      sandboxes,
      deployments,
      graph,
      decisions,
      obligations,
      staffRecords,
      offenders,
      console: staffConsole,
      tableNames,
      decisionTableName: tableNames[decisionTable.id],
      outboxDir,
      dynamoDbEndpoint: dynamo.endpoint,
      sqsEndpoint: firstSqs.endpoint,
      queueUrl,
      deadLetterQueueUrl,
      tickScheduler: scheduler,
      pollYouTube: poller,
      youTubeQuota: ledger,
      drain: (timeoutMs) => eventSource.drain(timeoutMs),
      async stopQueueServer() {
        const stopping = sqs;
        sqs = undefined;
        await stopping?.stop();
      },
      async startQueueServer() {
        const restarted = await startSqs({ port: firstSqs.port });
        await provisionQueue();
        sqs = restarted;
      },
      async stop() {
        clearInterval(interval);
        clearInterval(pollInterval);
        await polling;
        await ticking;
        await http.stop();
        await eventSource.stop();
        await stopServers();
        if (!options.outboxDir) await rm(outboxDir, { recursive: true, force: true });
      },
    };
  } catch (error) {
    // A pipeline that failed half-way (a port in use, say) must not leave DynamoDB Local's JVM running.
    await stopServers();
    throw error;
  }
}
