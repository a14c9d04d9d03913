import { env } from "node:process";
import { dynamoClients, Env, type TableSpec } from "@sentinella/aws";
import { NoBackendError } from "./errors";

/**
 * The DynamoDB to talk to: the running local pipeline's, an explicit endpoint, or AWS when it is configured.
 * Neither: say which of the two to start or set, rather than fail deep in the SDK on a missing region.
 */
async function dynamoEndpoint(tableEnv: string): Promise<string | undefined> {
  if (env[Env.awsEndpointUrl]) return env[Env.awsEndpointUrl];
  const { readEndpoints } = await import("@sentinella/local/files");
  const local = await readEndpoints();
  if (local) return local.dynamoDbEndpoint;
  if (env.AWS_REGION || env.AWS_DEFAULT_REGION || env.AWS_PROFILE) return undefined;
  throw new NoBackendError(
    "Nessuna pipeline locale in esecuzione e nessuna configurazione AWS.\n" +
      "  In locale: avvia `npm start` in un altro terminale.\n" +
      `  Su AWS: imposta AWS_REGION (e le credenziali) e ${tableEnv}.`,
  );
}

/** A table's name: from its environment variable on AWS; local mode names its tables "sentinella-<id>". */
export const tableName = (spec: Pick<TableSpec, "id">, tableEnv: string) =>
  env[tableEnv] ?? `sentinella-${spec.id.toLowerCase()}`;

/** DynamoDB clients for one command, destroyed when its work ends. */
export async function withDynamo<T>(
  tableEnv: string,
  work: (clients: ReturnType<typeof dynamoClients>) => Promise<T>,
): Promise<T> {
  const clients = dynamoClients(await dynamoEndpoint(tableEnv));
  try {
    return await work(clients);
  } finally {
    clients.client.destroy();
  }
}
