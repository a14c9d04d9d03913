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

/**
 * What a global secondary index copies from the table: "all" attributes, the "keys" only (the table's and the
 * index's), or the keys and the attributes listed. Each index entry is billed as a write of its own size
 * (rounded up to 1 KB), so an index that holds only what its queries need costs 1 WRU per row.
 */
export type Projection = "all" | "keys" | readonly string[];

export interface GlobalIndexSpec extends KeySchema {
  indexName: string;
  /** Defaults to "all". */
  projection?: Projection;
}

export interface TableSpec extends KeySchema {
  /** Logical name; the physical name comes from the environment (see `Env`). */
  id: string;
  globalIndexes: GlobalIndexSpec[];
  /** Attribute holding the epoch-seconds expiry DynamoDB's TTL deletes on. */
  timeToLiveAttribute?: string;
}

/**
 * Decision table: the append-only audit log of every decision, one partition per item.
 *
 * pk = itemKey ("facebook#<page id>#<comment id>"); the sort key starts with the record type, so one Query on pk
 * gives an item's whole history and `begins_with(sk, "<type>#")` one kind of record:
 *   sk "decision#<event>#<version>"        the automatic decision on one item version (`DecisionRecord` without
 *                                          its author, texts and actions), written once with attribute_not_exists:
 *                                          the classifier's only idempotency guard. The anonymous skeleton an
 *                                          auditor needs (when, which account, what was done, which categories and
 *                                          clause), kept without expiry; the explanation and findings packed
 *                                          in one binary `reasons` (decision-store.ts), to stay under 1 KB.
 *                                          Carries `entityId`, `decidedAt` and `categoryNames`: the byEntity index.
 *   sk "subject#<event>#<version>"         the personal data of that decision: `authorId`, `authorKey` (the
 *                                          byAuthor index), `redactedText`, `decidedAt`, and `expiresAt` (TTL, the
 *                                          policy's retention.personalDataMonths). Written just before the decision.
 *   sk "fulltext#<event>#<version>"        the unredacted text and `expiresAt` (TTL, retention.fullTextDays):
 *                                          DynamoDB deletes it and the decision stays. Written only when the
 *                                          redaction changed the text (otherwise redactedText is the full text,
 *                                          and the subject row's `plainTextUntil` says until when it counts as such).
 *   sk "actions#<event>#<version>#<at>"    what the platform answered to the actions of one delivery (hide,
 *                                          unhide…): a new row per delivery, so the decision row is never
 *                                          rewritten. Its only mutable attribute is `leaseUntil`, the lock a
 *                                          delivery holds while it acts on the platform.
 *   sk "staff#<record id>"                 a staff record (a human decision, appended, never an update;
 *                                          packages/core). It carries `entityId`, `decidedAt` and `authorKey` like
 *                                          the rows above, so both indexes list it, and `expiresAt`
 *                                          (retention.staffRecordsMonths).
 * pk "erasure#<entityId>", sk "<at>#<id>": the record of one erasure of a data subject's data (`sentinella subject
 *   erase`): when, by whom, why and how many rows, never whose. In no index.
 * pk "erased#<sha-256 of entityId#authorId>", sk "tombstone": when that author's data was last erased (`erasedAt`),
 *   so a delivery of an item received before it (a redelivery, a parked or redriven one) writes nothing of theirs
 *   again; it names nobody, and expires (expiresAt) once no such delivery can still arrive (`tombstoneSeconds`).
 *   In no index.
 *
 * Two sparse indexes, each entry under 1 KB (1 WRU):
 *   byEntity (entityId, decidedAt), projecting actions + categoryNames: an entity's records in a period; by action
 *     or category with a filter (`contains(actions, :a)`, `contains(categoryNames, :c)`), automatic or staff
 *     records with `begins_with(sk, "decision#")` / `begins_with(sk, "staff#")` (table keys are always projected).
 *   byAuthor (authorKey = "<entityId>#<authorId>", decidedAt), projecting redactedText: one author within one
 *     entity (subject and staff rows; decision rows written before subject rows existed), and the recent texts the
 *     classifier compares a new one with (repetition spam), in one Query. A data subject's request starts here.
 * Every auditor access pattern is a Query; none needs a Scan. See packages/aws/README.md.
 */
export const decisionTable = {
  id: "Decisions",
  partitionKey: { name: "pk", type: "S" },
  sortKey: { name: "sk", type: "S" },
  globalIndexes: [
    {
      indexName: "byEntity",
      partitionKey: { name: "entityId", type: "S" },
      sortKey: { name: "decidedAt", type: "S" },
      projection: ["actions", "categoryNames"],
    },
    {
      indexName: "byAuthor",
      partitionKey: { name: "authorKey", type: "S" },
      sortKey: { name: "decidedAt", type: "S" },
      projection: ["redactedText"],
    },
  ],
  timeToLiveAttribute: "expiresAt",
} as const satisfies TableSpec;

/** The decision row's action lease, the table's only attribute ever updated: the classifier's IAM role names it. */
export const decisionLeaseAttribute = "leaseUntil";

/** Sort-key prefixes of the decision table's record types (see `decisionTable`). */
export const decisionRecordTypes = {
  decision: "decision",
  fullText: "fulltext",
  actions: "actions",
  staff: "staff",
  subject: "subject",
} as const;

/** The partition of an entity's erasure records in the decision table (see `decisionTable`). */
export const erasurePartition = (entityId: string) => `erasure#${entityId}`;

/** The partition prefix of erasure tombstones in the decision table (see `decisionTable`). */
export const tombstonePrefix = "erased#";

/** Every attribute of a tombstone's row: the erasure role may put rows with these only. */
export const tombstoneAttributes = ["pk", "sk", "erasedAt", "expiresAt"] as const;

/** Every attribute of an erasure record's row: the erasure role may put rows with these only. */
export const erasureRecordAttributes = ["pk", "sk", "erasureId", "entityId", "at", "by", "reason", "counts"] as const;

/**
 * Attributes that hold a data subject's personal data on decision-table rows, and so the only ones the erasure
 * role may remove (IAM's `dynamodb:Attributes`): it empties rows, it never deletes one. A staff row's `result`
 * is replaced by its bare status (its instructions and platform answer can name the author).
 */
export const personalAttributes = [
  "authorId",
  "authorKey",
  "redactedText",
  "plainTextUntil",
  "fullText",
  "note",
  "text",
  "result",
] as const;

/**
 * Alert table: staff-alert deduplication and the alerts waiting to be delivered (packages/alerts).
 * - pk "dedupe#<itemKey>", sk "<reason>": one row per alert ever sent, written with a conditional put.
 *   Kept forever (no expiresAt): "one alert per item per reason, ever", and a row is a few bytes. While an alert
 *   goes out at once it carries `sendingUntil`, its sender's claim; no pending row is written unless the send fails.
 * - pk "pending#<entityId>", sk "<delivery>#<queuedAt>#<itemKey>#<reason>": alerts not yet delivered (delivery
 *   "digest": the next digest; "now": a send that failed), read per entity with a Query, only the "now#" ones while
 *   the entity is closed; deleted once delivered, expiresAt as a backstop.
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
 * One sparse GSI, openByWake (open, wakeAt), projecting the keys and `openThread`: an entry is a few dozen bytes
 * (1 WRU), and a row update that leaves `wakeAt` alone writes nothing there. Its key attributes exist only while
 * the obligation is open, and closing removes them. `open` is the constant "open": one partition is ample for a
 * public body's volume of open questions. A Query on it gives keys, and the rows are read back with BatchGetItem:
 * - the scheduler: `wakeAt <= now`, what it must look at by then; wakeAt is planned when the obligation opens and
 *   set to `idleWakeAt` once nothing is left to do but wait for staff, so the obligation stays in the index;
 * - `sentinella obligations list`: the whole partition, sorted by due time once read;
 * - closing by a staff reply: the whole partition with a filter on `openThread`.
 * A closed obligation expires (expiresAt) `closedObligationRetentionDays` after closing: it holds the author's
 * platform id, and the decision table already keeps the audit trail.
 */
export const obligationTable = {
  id: "Obligations",
  partitionKey: { name: "pk", type: "S" },
  globalIndexes: [
    {
      indexName: "openByWake",
      partitionKey: { name: "open", type: "S" },
      sortKey: { name: "wakeAt", type: "S" },
      projection: ["openThread"],
    },
  ],
  timeToLiveAttribute: "expiresAt",
} as const satisfies TableSpec;

/** The wake time of an open obligation only staff can act on now: after every real one, so no tick reads it. */
export const idleWakeAt = "9999-12-31T23:59:59.999Z";

export const closedObligationRetentionDays = 30;

/**
 * Repeat-offender ledger (console, packages/console): per entity and author, append-only events that people and
 * platforms add (staff hides and their withdrawals, hides done natively on the platform, warnings, ban proposals
 * and approvals). Sentinella's own hides are not stored here: the ledger reads them from the decision table
 * (`withSentinellaHides` in packages/core: byAuthor for one author's items, byEntity filtered on hide for an
 * entity's), so the classifier writes nothing per hide beyond its `actions#` row.
 * - pk "<entityId>#<authorId>", sk eventId ("<ISO time>#<random>"): one author's events in time order.
 * - byEntity (entityId, eventId): an entity's events since a time, for the list of repeat offenders.
 * Each event expires (expiresAt) with the staff records, retention.staffRecordsMonths after it: a ban is an
 * administrative act the body must be able to justify for as long as the records of who decided it.
 */
export const offenderTable = {
  id: "Offenders",
  partitionKey: { name: "pk", type: "S" },
  sortKey: { name: "sk", type: "S" },
  globalIndexes: [
    { indexName: "byEntity", partitionKey: { name: "entityId", type: "S" }, sortKey: { name: "eventId", type: "S" } },
  ],
  timeToLiveAttribute: "expiresAt",
} as const satisfies TableSpec;

/**
 * The YouTube poller's state (YouTube has no comment webhooks):
 * - pk "cursor#<channel id>": the newest comment time and the comment versions already queued at that time, so the
 *   next run stops paging where this one began;
 * - pk "quota#<Pacific day>": the units spent that day by every caller (poller, classifier, scheduler), one
 *   counter updated atomically; the day is YouTube's, which resets quotas at midnight Pacific time. Expires after
 *   a few days (expiresAt);
 * - pk "lease#token-renewal": held by the scheduler run renewing platform tokens (`until`, epoch s), so renewers go one
 *   at a time (X's refresh tokens die on use);
 * - pk "handshake#<meta|x|linkedin>": when ingress last answered that platform's webhook handshake (`answeredAt`),
 *   the only rows ingress may write.
 */
export const pollerTable = {
  id: "Poller",
  partitionKey: { name: "pk", type: "S" },
  globalIndexes: [],
  timeToLiveAttribute: "expiresAt",
} as const satisfies TableSpec;

export const tables = [decisionTable, alertTable, obligationTable, pollerTable, offenderTable] as const;

export interface QueueSpec {
  id: string;
  /** Seconds a received message stays invisible: at least 6× the consumer's timeout (AWS guidance). */
  visibilityTimeoutSeconds: number;
  /** Receives before a message moves to the dead-letter queue. */
  maxReceiveCount: number;
  /**
   * Largest message, and largest SendMessageBatch request, in bytes. SQS's classic limit for both (newer queues
   * may take 1 MiB): set explicitly, so AWS and the local server agree, and ten messages stay under Lambda's 6 MB.
   */
  maxMessageBytes: number;
  retentionSeconds: number;
  deadLetterRetentionSeconds: number;
  /** Event source mapping: messages per invocation and how long to gather them. */
  batchSize: number;
  maxBatchingWindowSeconds: number;
  /** Longest delay of a parked delivery (SQS's DelaySeconds limit): a longer wait is parked again on its return. */
  maxParkDelaySeconds: number;
  /**
   * How long, from its first parking, a delivery may keep being parked for throttles and outages; after that its
   * failures spend receives again and it reaches the dead-letter queue. Longer than YouTube's quota day.
   */
  maxParkedSeconds: number;
}

export const classifierTimeoutSeconds = 30;

export const itemQueue = {
  id: "Items",
  visibilityTimeoutSeconds: 6 * classifierTimeoutSeconds,
  maxReceiveCount: 5,
  maxMessageBytes: 256 * 1024,
  retentionSeconds: 4 * 24 * 3600,
  deadLetterRetentionSeconds: 14 * 24 * 3600,
  batchSize: 10,
  maxBatchingWindowSeconds: 1,
  maxParkDelaySeconds: 900,
  maxParkedSeconds: 2 * 24 * 3600,
} as const satisfies QueueSpec;

/**
 * How long an erasure tombstone is kept: the longest a delivery received before the erasure can still come back
 * (parked as long as allowed, then kept by the queue, then by the dead-letter queue until a redrive).
 */
export const tombstoneSeconds =
  itemQueue.maxParkedSeconds + itemQueue.retentionSeconds + itemQueue.deadLetterRetentionSeconds;

/** Environment variable names shared by the Lambdas, CDK and local mode. */
export const Env = {
  decisionTable: "DECISION_TABLE_NAME",
  alertTable: "ALERT_TABLE_NAME",
  obligationTable: "OBLIGATION_TABLE_NAME",
  offenderTable: "OFFENDER_TABLE_NAME",
  /** The console's public base URL ("https://…/console"): alerts link to items and to the queue from it. */
  consoleUrl: "CONSOLE_URL",
  /** Console sign-in: the OIDC issuer (Cognito user pool), the app client id, and the hosted login's domain. */
  consoleIssuer: "CONSOLE_OIDC_ISSUER",
  consoleClientId: "CONSOLE_OIDC_CLIENT_ID",
  consoleLogoutUrl: "CONSOLE_LOGOUT_URL",
  /** Secrets Manager secret (JSON {"sessionSecret": "…"}) that signs the console's sign-in state and CSRF tokens. */
  consoleSecretArn: "CONSOLE_SECRET_ARN",
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
  /** The item queue's dead-letter queue (`sentinella dlq`; output DeadLetterQueueUrl of the stateful stack). */
  deadLetterQueueUrl: "ITEM_DLQ_URL",
  /** Secrets Manager secret (JSON) with the Meta app secret, verify token and page tokens. */
  metaSecretArn: "META_SECRET_ARN",
  /** JSON list of EntityDeployment: which accounts belong to which entity, and its mode. */
  deployments: "ENTITY_DEPLOYMENTS",
  graphApiBaseUrl: "GRAPH_API_BASE_URL",
  graphApiVersion: "GRAPH_API_VERSION",
  /** Secrets Manager secrets (JSON) of the X app, the LinkedIn app and the Google project (packages/core platform-secrets.ts). */
  xSecretArn: "X_SECRET_ARN",
  linkedInSecretArn: "LINKEDIN_SECRET_ARN",
  youTubeSecretArn: "YOUTUBE_SECRET_ARN",
  xApiBaseUrl: "X_API_BASE_URL",
  linkedInApiBaseUrl: "LINKEDIN_API_BASE_URL",
  linkedInVersion: "LINKEDIN_VERSION",
  /** "true": ingress also accepts X-LI-Signature over the body alone (see verifyLinkedInSignature); off by default. */
  linkedInBodyOnlySignature: "LINKEDIN_ACCEPT_BODY_ONLY_SIGNATURE",
  youTubeApiBaseUrl: "YOUTUBE_API_BASE_URL",
  /** The YouTube poller's cursors and the daily quota ledger (pollerTable). */
  pollerTable: "POLLER_TABLE_NAME",
  /** Units of the Google project's daily YouTube quota (10,000 unless Google granted more). */
  youTubeDailyQuota: "YOUTUBE_DAILY_QUOTA",
  /** Local mode only: endpoint override for DynamoDB and SQS. */
  awsEndpointUrl: "AWS_ENDPOINT_URL",
} as const;

export const graphApiVersion = "v25.0";
/** Meta's Graph API host; GRAPH_API_BASE_URL points elsewhere only in local mode and tests (the sandbox). */
export const graphApiBaseUrl = "https://graph.facebook.com";
/** The other platforms' hosts; like Graph's, overridden only in local mode and tests. */
export const xApiBaseUrl = "https://api.x.com";
export const linkedInApiBaseUrl = "https://api.linkedin.com";
export const youTubeApiBaseUrl = "https://www.googleapis.com";
/** Pinned `LinkedIn-Version` (YYYYMM): versions sunset about a year after release, so move it forward yearly. */
export const linkedInVersion = "202610";
/** YouTube Data API's default daily quota per Google project. */
export const youTubeDailyQuota = 10_000;
/** How often the YouTube poller runs (EventBridge); each run costs at least one unit per channel. */
export const youTubePollMinutes = 5;
