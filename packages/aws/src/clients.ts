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
