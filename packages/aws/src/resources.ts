/**
 * The one definition of Sentinella's stateful resources and environment names.
 * CDK (infra/), local mode (packages/local) and the tests all build their tables and queues from here,
 * so a key or a setting is changed in one place only. Plain data: no AWS SDK import.
 */

export type AttributeType = "S" | "N";

export interface KeySchema {
  partitionKey: { name: string; type: AttributeType };
  sortKey?: { name: string; type: AttributeType };
}

export interface TableSpec extends KeySchema {
  /** Logical name; the physical name comes from the environment (see `Env`). */
  id: string;
  globalIndexes: ({ indexName: string } & KeySchema)[];
  /** Attribute holding the epoch-seconds expiry DynamoDB's TTL deletes on. */
  timeToLiveAttribute?: string;
}

/**
 * Decision table: append-only audit log of every decision.
 * - pk = itemKey ("facebook#<page id>#<comment id>"), sk = recordKey ("<event>#<version>"): look up by item.
 * - Each decision also writes small "facet" rows (same pk, sk "<recordKey>#facet#<facet>") so that one sparse GSI,
 *   byFacet (facet, decidedAt), answers every auditor question with a Query:
 *     facet "<entityId>"                      → all decisions of an entity in a time range
 *     facet "<entityId>#action#<action>"      → by entity + action
 *     facet "<entityId>#category#<category>"  → by entity + category
 *     facet "<entityId>#author#<authorId>"    → by author within an entity
 * - fullText (the unredacted text) has a row of its own (sk "<recordKey>#fulltext") carrying expiresAt (TTL):
 *   TTL deletes whole items, so the decision row itself never expires. See packages/aws/README.md.
 */
export const decisionTable = {
  id: "Decisions",
  partitionKey: { name: "pk", type: "S" },
  sortKey: { name: "sk", type: "S" },
  globalIndexes: [
    {
      indexName: "byFacet",
      partitionKey: { name: "facet", type: "S" },
      sortKey: { name: "decidedAt", type: "S" },
    },
  ],
  timeToLiveAttribute: "expiresAt",
} as const satisfies TableSpec;

/** Powertools idempotency records for the classifier (one per item version). */
export const idempotencyTable = {
  id: "Idempotency",
  partitionKey: { name: "id", type: "S" },
  globalIndexes: [],
  timeToLiveAttribute: "expiration",
} as const satisfies TableSpec;

/**
 * Alert table: staff-alert deduplication and the alerts waiting to be delivered (packages/alerts).
 * - pk "dedupe#<itemKey>", sk "<reason>": one row per alert ever sent, written with a conditional put.
 *   Kept forever (no expiresAt): "one alert per item per reason, ever", and a row is a few bytes.
 * - pk "pending#<entityId>", sk "<queuedAt>#<itemKey>#<reason>": alerts not yet delivered (the next
 *   digest, or a send that failed), read per entity with a Query; deleted once delivered, expiresAt as a backstop.
 */
export const alertTable = {
  id: "Alerts",
  partitionKey: { name: "pk", type: "S" },
  sortKey: { name: "sk", type: "S" },
  globalIndexes: [],
  timeToLiveAttribute: "expiresAt",
} as const satisfies TableSpec;

/**
 * Reply obligations (the 48-hour rule, packages/replies): one row per item owed an answer, pk = itemKey.
 * Three sparse GSIs; their key attributes exist only while the obligation is open, and closing removes them:
 * - openByDue (open, dueAt): open obligations, due soonest first (`sentinella obligations list`).
 * - openByWake (open, wakeAt): what the scheduler must look at by a given time; wakeAt is removed once
 *   nothing is left to do but wait for staff.
 * - openByThread (openThread, createdAt): open obligations on a thread, closed by a staff reply on it.
 * `open` is the constant "open": one partition is ample for a public body's volume of open questions.
 * A closed obligation expires (expiresAt) `closedObligationRetentionDays` after closing: it holds the author's
 * platform id, and the decision table already keeps the audit trail.
 */
export const obligationTable = {
  id: "Obligations",
  partitionKey: { name: "pk", type: "S" },
  globalIndexes: [
    { indexName: "openByDue", partitionKey: { name: "open", type: "S" }, sortKey: { name: "dueAt", type: "S" } },
    { indexName: "openByWake", partitionKey: { name: "open", type: "S" }, sortKey: { name: "wakeAt", type: "S" } },
    {
      indexName: "openByThread",
      partitionKey: { name: "openThread", type: "S" },
      sortKey: { name: "createdAt", type: "S" },
    },
  ],
  timeToLiveAttribute: "expiresAt",
} as const satisfies TableSpec;

export const closedObligationRetentionDays = 30;

export const tables = [decisionTable, idempotencyTable, alertTable, obligationTable] as const;

export interface QueueSpec {
  id: string;
  /** Seconds a received message stays invisible: at least 6× the consumer's timeout (AWS guidance). */
  visibilityTimeoutSeconds: number;
  /** Receives before a message moves to the dead-letter queue. */
  maxReceiveCount: number;
  retentionSeconds: number;
  deadLetterRetentionSeconds: number;
  /** Event source mapping: messages per invocation and how long to gather them. */
  batchSize: number;
  maxBatchingWindowSeconds: number;
}

export const classifierTimeoutSeconds = 30;

export const itemQueue = {
  id: "Items",
  visibilityTimeoutSeconds: 6 * classifierTimeoutSeconds,
  maxReceiveCount: 5,
  retentionSeconds: 4 * 24 * 3600,
  deadLetterRetentionSeconds: 14 * 24 * 3600,
  batchSize: 10,
  maxBatchingWindowSeconds: 1,
} as const satisfies QueueSpec;

/** How long the unredacted text of an item is kept in the decision table. */
export const fullTextRetentionDays = 30;

/** Environment variable names shared by the Lambdas, CDK and local mode. */
export const Env = {
  decisionTable: "DECISION_TABLE_NAME",
  idempotencyTable: "IDEMPOTENCY_TABLE_NAME",
  alertTable: "ALERT_TABLE_NAME",
  obligationTable: "OBLIGATION_TABLE_NAME",
  /** JSON AlertRoutes (packages/alerts): per entity, on-call and staff e-mails and a Slack webhook URL. */
  alertRoutes: "ALERT_ROUTES",
  /**
   * Secrets Manager secret (JSON, entity id → Slack incoming webhook URL): the URLs are credentials, so in AWS
   * they live here rather than in ALERT_ROUTES; a URL in this secret overrides the route's slackWebhookUrl.
   */
  slackWebhooksSecretArn: "SLACK_WEBHOOKS_SECRET_ARN",
  /** SES-verified sender address of staff alert e-mails. */
  alertEmailFrom: "ALERT_EMAIL_FROM",
  itemQueueUrl: "ITEM_QUEUE_URL",
  /** Secrets Manager secret (JSON) with the Meta app secret, verify token and page tokens. */
  metaSecretArn: "META_SECRET_ARN",
  /** JSON list of EntityDeployment: which accounts belong to which entity, and its mode. */
  deployments: "ENTITY_DEPLOYMENTS",
  graphApiBaseUrl: "GRAPH_API_BASE_URL",
  graphApiVersion: "GRAPH_API_VERSION",
  /** Local mode only: endpoint override for DynamoDB and SQS. */
  awsEndpointUrl: "AWS_ENDPOINT_URL",
} as const;

export const graphApiVersion = "v25.0";
/** Meta's Graph API host; GRAPH_API_BASE_URL points elsewhere only in local mode and tests (the sandbox). */
export const graphApiBaseUrl = "https://graph.facebook.com";
