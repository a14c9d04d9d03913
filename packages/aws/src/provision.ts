import {
  type AttributeDefinition,
  CreateTableCommand,
  type DynamoDBClient,
  type Projection,
  ResourceInUseException,
  UpdateTimeToLiveCommand,
} from "@aws-sdk/client-dynamodb";
import { CreateQueueCommand, GetQueueAttributesCommand, type SQSClient } from "@aws-sdk/client-sqs";
import type { Projection as ProjectionSpec, QueueSpec, TableSpec } from "./resources";

/** A GSI's projection in the API's (and CloudFormation's) terms: what local mode and CDK both build. */
export function indexProjection(spec: ProjectionSpec = "all"): Projection {
  if (spec === "all") return { ProjectionType: "ALL" };
  if (spec === "keys") return { ProjectionType: "KEYS_ONLY" };
  return { ProjectionType: "INCLUDE", NonKeyAttributes: [...spec] };
}

/**
 * Creates a table from its spec (local mode and tests; CDK builds the same spec in the cloud). `timeToLive: false`
 * leaves TTL off: DynamoDB Local deletes expired rows by the wall clock, so a run on a controlled clock (tests) would
 * lose rows dated in its own past.
 */
export async function createTable(
  client: DynamoDBClient,
  spec: TableSpec,
  tableName: string,
  { timeToLive = true } = {},
): Promise<void> {
  const keys = [spec, ...spec.globalIndexes].flatMap((k) =>
    k.sortKey ? [k.partitionKey, k.sortKey] : [k.partitionKey],
  );
  const attributes = new Map<string, AttributeDefinition>(
    keys.map((k) => [k.name, { AttributeName: k.name, AttributeType: k.type }]),
  );
  const keySchema = (k: TableSpec["globalIndexes"][number] | TableSpec) => [
    { AttributeName: k.partitionKey.name, KeyType: "HASH" as const },
    ...(k.sortKey ? [{ AttributeName: k.sortKey.name, KeyType: "RANGE" as const }] : []),
  ];
  try {
    await client.send(
      new CreateTableCommand({
        TableName: tableName,
        BillingMode: "PAY_PER_REQUEST",
        AttributeDefinitions: [...attributes.values()],
        KeySchema: keySchema(spec),
        GlobalSecondaryIndexes: spec.globalIndexes.length
          ? spec.globalIndexes.map((index) => ({
              IndexName: index.indexName,
              KeySchema: keySchema(index),
              Projection: indexProjection(index.projection),
            }))
          : undefined,
      }),
    );
  } catch (error) {
    if (error instanceof ResourceInUseException) return; // kept from an earlier local run
    throw error;
  }
  if (spec.timeToLiveAttribute && timeToLive) {
    await client.send(
      new UpdateTimeToLiveCommand({
        TableName: tableName,
        TimeToLiveSpecification: { AttributeName: spec.timeToLiveAttribute, Enabled: true },
      }),
    );
  }
}

/** Creates a queue and its dead-letter queue with the redrive policy from the spec. */
export async function createQueue(
  client: SQSClient,
  spec: QueueSpec,
  queueName: string,
): Promise<{ queueUrl: string; deadLetterQueueUrl: string }> {
  const dlq = await client.send(
    new CreateQueueCommand({
      QueueName: `${queueName}-dlq`,
      Attributes: {
        MessageRetentionPeriod: String(spec.deadLetterRetentionSeconds),
        MaximumMessageSize: String(spec.maxMessageBytes),
      },
    }),
  );
  const deadLetterQueueUrl = dlq.QueueUrl as string;
  const { Attributes } = await client.send(
    new GetQueueAttributesCommand({ QueueUrl: deadLetterQueueUrl, AttributeNames: ["QueueArn"] }),
  );
  const queue = await client.send(
    new CreateQueueCommand({
      QueueName: queueName,
      Attributes: {
        VisibilityTimeout: String(spec.visibilityTimeoutSeconds),
        MaximumMessageSize: String(spec.maxMessageBytes),
        MessageRetentionPeriod: String(spec.retentionSeconds),
        RedrivePolicy: JSON.stringify({
          deadLetterTargetArn: Attributes?.QueueArn,
          maxReceiveCount: String(spec.maxReceiveCount),
        }),
      },
    }),
  );
  return { queueUrl: queue.QueueUrl as string, deadLetterQueueUrl };
}
