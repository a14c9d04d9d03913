import { randomUUID } from "node:crypto";
import { createTable, dynamoClients, type TableSpec } from "@sentinella/aws";
import { afterAll, inject } from "vitest";

export interface DynamoDbLocal {
  readonly endpoint: string;
  readonly clients: ReturnType<typeof dynamoClients>;
  /** Creates an empty table from `spec` under a name no other test uses (so tests do not see each other's rows). */
  freshTable(spec: TableSpec): Promise<string>;
}

/** A table name of `id`'s that no other test, in this file or another, uses. */
export const freshTableName = (id: string) => `${id}-${randomUUID()}`;

/**
 * The run's DynamoDB Local (started once by `dynamodb-global.ts`), with clients for the enclosing file or describe
 * block, closed after it. Every table a test needs comes from `freshTable`: files run side by side on one database.
 */
export function useDynamoDbLocal(): DynamoDbLocal {
  const endpoint = inject("dynamoDbEndpoint");
  let clients: ReturnType<typeof dynamoClients> | undefined;
  afterAll(() => clients?.client.destroy());
  const opened = () => {
    clients ??= dynamoClients(endpoint);
    return clients;
  };
  return {
    endpoint,
    get clients() {
      return opened();
    },
    async freshTable(spec) {
      const tableName = freshTableName(spec.id);
      // Tests date their rows on fixed calendars, which DynamoDB Local's TTL sweep would delete once past.
      await createTable(opened().client, spec, tableName, { timeToLive: false });
      return tableName;
    },
  };
}

/**
 * Options of a local pipeline in tests: on the run's DynamoDB Local with tables of its own, quiet, and quick to
 * redeliver (2 s visibility) and to hand items over (no batching window, which no pipeline test is about).
 */
export const testPipelineOptions = () => ({
  dynamoDbEndpoint: inject("dynamoDbEndpoint"),
  tableSuffix: `-${randomUUID()}`,
  visibilityTimeoutSeconds: 2,
  batchingWindowSeconds: 0,
  logLevel: "SILENT" as const,
});
