import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { SQSClient } from "@aws-sdk/client-sqs";
import { DynamoDBDocumentClient } from "@aws-sdk/lib-dynamodb";

/**
 * SDK client settings. In Lambda: none (region and credentials come from the runtime).
 * Locally: an endpoint on loopback and throw-away credentials, which DynamoDB Local and fauxqs accept.
 */
export function clientConfig(endpoint?: string) {
  if (!endpoint) return {};
  return {
    endpoint,
    region: "eu-south-1",
    credentials: { accessKeyId: "local", secretAccessKey: "local" },
  };
}

export function dynamoClients(endpoint?: string) {
  const client = new DynamoDBClient(clientConfig(endpoint));
  const document = DynamoDBDocumentClient.from(client, { marshallOptions: { removeUndefinedValues: true } });
  return { client, document };
}

export function sqsClient(endpoint?: string) {
  return new SQSClient(clientConfig(endpoint));
}

/** Network failures of a call that got no answer: the service is unreachable, not the request wrong. */
const connectionErrorCodes = new Set(["ECONNREFUSED", "ECONNRESET", "ETIMEDOUT", "EPIPE", "ENOTFOUND", "EAI_AGAIN"]);
const throttlingErrorNames = new Set([
  "ThrottlingException",
  "ProvisionedThroughputExceededException",
  "RequestLimitExceeded",
  "TimeoutError",
]);

/**
 * Whether an AWS SDK call failed for the service's reasons rather than the request's: a throttle, a 5xx, no
 * connection. Such a failure passes with time (an outage); a client fault (a validation error) never does.
 */
export function isServiceUnavailable(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  const { $fault, $retryable, code } = error as Error & { $fault?: string; $retryable?: unknown; code?: string };
  return (
    $fault === "server" ||
    Boolean($retryable) ||
    throttlingErrorNames.has(error.name) ||
    connectionErrorCodes.has(code ?? "")
  );
}
