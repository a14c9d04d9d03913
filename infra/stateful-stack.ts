import {
  itemQueue,
  type Projection,
  type AttributeType as SpecAttributeType,
  type TableSpec,
  tables,
} from "@sentinella/aws";
import type { Platform } from "@sentinella/core";
import { CfnOutput, Duration, RemovalPolicy, SecretValue, Stack, type StackProps, Validations } from "aws-cdk-lib";
import { AttributeType, Billing, ProjectionType, TableEncryptionV2, TableV2 } from "aws-cdk-lib/aws-dynamodb";
import { Secret } from "aws-cdk-lib/aws-secretsmanager";
import { Queue, QueueEncryption } from "aws-cdk-lib/aws-sqs";
import type { Construct } from "constructs";
import { StaffUserPool } from "./staff-pool";
import { SubjectErasureRole } from "./subject-erasure";

const attributeTypes: Record<SpecAttributeType, AttributeType> = { S: AttributeType.STRING, N: AttributeType.NUMBER };

const key = (attribute: { name: string; type: SpecAttributeType }) => ({
  name: attribute.name,
  type: attributeTypes[attribute.type],
});

function projection(spec: Projection = "all") {
  if (spec === "all") return { projectionType: ProjectionType.ALL };
  if (spec === "keys") return { projectionType: ProjectionType.KEYS_ONLY };
  return { projectionType: ProjectionType.INCLUDE, nonKeyAttributes: [...spec] };
}

export interface StatefulStackProps extends StackProps {
  /** The platforms some deployment has an account on: only theirs get a secret (each costs $0.40 a month). */
  platforms: ReadonlySet<Platform>;
  /** The deployed entities: the staff user pool has a group per entity and role. */
  entityIds: readonly string[];
  /** The console's hosted login domain prefix (see StaffUserPool). */
  consoleDomainPrefix?: string;
}

/**
 * Everything that holds data: the tables (one per spec in resources.ts), the item queue and its dead-letter queue,
 * and the secrets. Its own stack, retained on deletion, so redeploying or removing the pipeline never loses data.
 * Meta's and Slack's secrets always exist; X's, LinkedIn's and YouTube's once a deployment has an account there
 * (without one, the functions get no ARN and a call to that platform fails as `auth`, as with an unfilled secret).
 */
export class StatefulStack extends Stack {
  readonly itemQueue: Queue;
  readonly deadLetterQueue: Queue;
  /** Meta app secret, verify token and page tokens (JSON, see MetaSecrets in packages/core). */
  readonly metaSecret: Secret;
  /** Slack incoming webhook URLs for staff alerts, by entity id (JSON). */
  readonly slackWebhooksSecret: Secret;
  /** X app consumer secret and user tokens (JSON, see XSecrets in packages/core). */
  readonly xSecret?: Secret;
  /** LinkedIn app client secret and organisation tokens (JSON, see LinkedInSecrets). */
  readonly linkedInSecret?: Secret;
  /** Google OAuth client and channel tokens for YouTube (JSON, see YouTubeSecrets). */
  readonly youTubeSecret?: Secret;
  /** Staff sign-in for the console (user pool, hosted login, groups "<entity id>:<role>"). */
  readonly staff: StaffUserPool;
  /** Signs the console's sign-in state and CSRF tokens (JSON {"sessionSecret": "…"}, generated). */
  readonly consoleSecret: Secret;
  /** The role a data subject's access and erasure requests run under (`sentinella subject`). */
  readonly subjectErasure: SubjectErasureRole;
  private readonly tablesById = new Map<string, TableV2>();

  constructor(scope: Construct, id: string, props: StatefulStackProps) {
    super(scope, id, props);

    for (const spec of tables) this.tablesById.set(spec.id, this.buildTable(spec));
    this.subjectErasure = new SubjectErasureRole(this, "SubjectErasure", (spec) => this.table(spec));

    this.deadLetterQueue = new Queue(this, `${itemQueue.id}DeadLetter`, {
      retentionPeriod: Duration.seconds(itemQueue.deadLetterRetentionSeconds),
      maxMessageSizeBytes: itemQueue.maxMessageBytes,
      encryption: QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    this.itemQueue = new Queue(this, itemQueue.id, {
      visibilityTimeout: Duration.seconds(itemQueue.visibilityTimeoutSeconds),
      retentionPeriod: Duration.seconds(itemQueue.retentionSeconds),
      maxMessageSizeBytes: itemQueue.maxMessageBytes,
      deadLetterQueue: { queue: this.deadLetterQueue, maxReceiveCount: itemQueue.maxReceiveCount },
      encryption: QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    // For `sentinella dlq` (ITEM_QUEUE_URL, ITEM_DLQ_URL) on an operator's machine.
    new CfnOutput(this, "ItemQueueUrl", { value: this.itemQueue.queueUrl });
    new CfnOutput(this, "DeadLetterQueueUrl", { value: this.deadLetterQueue.queueUrl });

    this.metaSecret = new Secret(this, "MetaSecret", {
      description: "Sentinella: Meta app secret, webhook verify token and page tokens (fill appSecret and pageTokens)",
      // A generated verify token to paste into the Meta app; without appSecret, ingress answers 503 (fails closed).
      generateSecretString: {
        secretStringTemplate: JSON.stringify({ pageTokens: {} }),
        generateStringKey: "verifyToken",
        excludePunctuation: true,
        passwordLength: 32,
      },
      removalPolicy: RemovalPolicy.RETAIN,
    });
    this.slackWebhooksSecret = new Secret(this, "SlackWebhooksSecret", {
      description:
        'Sentinella: Slack incoming webhook URLs for staff alerts, {"<entity id>": "https://hooks.slack.com/..."}',
      secretObjectValue: {},
      removalPolicy: RemovalPolicy.RETAIN,
    });
    this.staff = new StaffUserPool(this, "Staff", {
      entityIds: props.entityIds,
      domainPrefix: props.consoleDomainPrefix,
    });
    this.consoleSecret = new Secret(this, "ConsoleSecret", {
      description: "Sentinella: the console's session secret (generated; rotate to end every pending sign-in)",
      generateSecretString: {
        secretStringTemplate: "{}",
        generateStringKey: "sessionSecret",
        excludePunctuation: true,
        passwordLength: 48,
      },
      removalPolicy: RemovalPolicy.RETAIN,
    });
    // Until staff fill them in, each platform's route answers 503 and its calls fail as `auth` (fail closed).
    const platformSecret = (platform: Platform, id: string, description: string) =>
      props.platforms.has(platform)
        ? new Secret(this, id, {
            description,
            secretStringValue: SecretValue.unsafePlainText(JSON.stringify({ tokens: {} })),
            removalPolicy: RemovalPolicy.RETAIN,
          })
        : undefined;
    this.xSecret = platformSecret(
      "x",
      "XSecret",
      'Sentinella: X app, {"consumerSecret": "...", "tokens": {"<user id>": {"accessToken": "..."}}}',
    );
    this.linkedInSecret = platformSecret(
      "linkedin",
      "LinkedInSecret",
      'Sentinella: LinkedIn app, {"clientSecret": "...", "tokens": {"<organization id>": {"accessToken": "..."}}}',
    );
    this.youTubeSecret = platformSecret(
      "youtube",
      "YouTubeSecret",
      'Sentinella: YouTube, {"tokens": {"<channel id>": {"accessToken": "..."}}}',
    );
    // cdk-nag AwsSolutions-SMG4: nothing here can rotate itself. Every value is issued by someone else (Meta, X,
    // LinkedIn and Google issue app secrets and account tokens, Slack the webhook URLs) and is rotated there, by
    // hand, then pasted here: README "Rotating secrets". Secrets Manager rotation needs an API it could call.
    Validations.of(this).acknowledge({
      id: "AwsSolutions::AwsSolutions-SMG4",
      reason: "Platform- and Slack-issued credentials: rotated by hand at their issuer (README, Rotating secrets)",
    });
  }

  /** The table built from `spec`; throws if the spec is not in `tables`, which would leave it undeployed. */
  table(spec: TableSpec): TableV2 {
    const table = this.tablesById.get(spec.id);
    if (!table) throw new Error(`Table ${spec.id} is not in the tables list of packages/aws/src/resources.ts`);
    return table;
  }

  private buildTable(spec: TableSpec): TableV2 {
    return new TableV2(this, spec.id, {
      partitionKey: key(spec.partitionKey),
      sortKey: spec.sortKey && key(spec.sortKey),
      globalSecondaryIndexes: spec.globalIndexes.map((index) => ({
        indexName: index.indexName,
        partitionKey: key(index.partitionKey),
        sortKey: index.sortKey && key(index.sortKey),
        ...projection(index.projection),
      })),
      timeToLiveAttribute: spec.timeToLiveAttribute,
      billing: Billing.onDemand(),
      encryption: TableEncryptionV2.awsManagedKey(),
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      deletionProtection: true,
      removalPolicy: RemovalPolicy.RETAIN,
    });
  }
}
