import { randomUUID } from "node:crypto";
import { createTable, dynamoClients, type TableSpec } from "@sentinella/aws";
import { type LocalDynamoDb, startDynamoDbLocal } from "@sentinella/local";
import { afterAll, beforeAll } from "vitest";

export interface DynamoDbLocal {
  readonly endpoint: string;
  readonly clients: ReturnType<typeof dynamoClients>;
  /** Creates an empty table from `spec` under a name no other test uses (so tests do not see each other's rows). */
  freshTable(spec: TableSpec): Promise<string>;
}

/**
 * Starts DynamoDB Local once for the enclosing file or describe block (it takes seconds) and stops it after.
 * Call it before the block's own hooks: vitest runs beforeAll hooks in order and afterAll hooks in reverse,
 * so those hooks see it running. Its fields are read inside hooks and tests, once it has started.
 */
export function useDynamoDbLocal(): DynamoDbLocal {
  let dynamo: LocalDynamoDb | undefined;
  let clients: ReturnType<typeof dynamoClients> | undefined;

  beforeAll(async () => {
    dynamo = await startDynamoDbLocal();
    clients = dynamoClients(dynamo.endpoint);
  });
  afterAll(async () => {
    clients?.client.destroy();
    await dynamo?.stop();
  });

  const started = () => {
    if (!dynamo || !clients) throw new Error("DynamoDB Local has not started: read it inside hooks and tests");
    return { endpoint: dynamo.endpoint, clients };
  };
  return {
    get endpoint() {
      return started().endpoint;
    },
    get clients() {
      return started().clients;
    },
    async freshTable(spec) {
      const tableName = `${spec.id}-${randomUUID()}`;
      // Tests date their rows on fixed calendars, which DynamoDB Local's TTL sweep would delete once past.
      await createTable(started().clients.client, spec, tableName, { timeToLive: false });
      return tableName;
    },
  };
}
