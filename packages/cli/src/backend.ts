import { env } from "node:process";
import { dynamoClients, Env, sqsClient, type TableSpec } from "@sentinella/aws";
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

/** The item queue and its dead-letter queue, with an SQS client. */
export interface Queues {
  client: ReturnType<typeof sqsClient>;
  itemQueueUrl: string;
  deadLetterQueueUrl: string;
}

/**
 * The queues to talk to: AWS's when their URLs are set (ITEM_QUEUE_URL, ITEM_DLQ_URL: the stateful stack's
 * outputs), otherwise the running local pipeline's; neither: say which to start or set.
 */
async function queues(): Promise<Omit<Queues, "client"> & { endpoint?: string }> {
  const itemQueueUrl = env[Env.itemQueueUrl];
  const deadLetterQueueUrl = env[Env.deadLetterQueueUrl];
  if (itemQueueUrl && deadLetterQueueUrl)
    return { itemQueueUrl, deadLetterQueueUrl, endpoint: env[Env.awsEndpointUrl] };
  const { readEndpoints } = await import("@sentinella/local/files");
  const local = await readEndpoints();
  if (local?.queueUrl && local.deadLetterQueueUrl) {
    return { itemQueueUrl: local.queueUrl, deadLetterQueueUrl: local.deadLetterQueueUrl, endpoint: local.sqsEndpoint };
  }
  throw new NoBackendError(
    local
      ? "La pipeline locale in esecuzione non indica le sue code: riavvia `npm start`."
      : "Nessuna pipeline locale in esecuzione e nessuna coda AWS indicata.\n" +
          "  In locale: avvia `npm start` in un altro terminale.\n" +
          `  Su AWS: imposta AWS_REGION (e le credenziali), ${Env.itemQueueUrl} e ${Env.deadLetterQueueUrl} ` +
          "(output ItemQueueUrl e DeadLetterQueueUrl dello stack SentinellaStateful).",
  );
}

/** An SQS client on the item queues for one command, destroyed when its work ends. */
export async function withQueues<T>(work: (queues: Queues) => Promise<T>): Promise<T> {
  const { endpoint, ...urls } = await queues();
  const client = sqsClient(endpoint);
  try {
    return await work({ client, ...urls });
  } finally {
    client.destroy();
  }
}
