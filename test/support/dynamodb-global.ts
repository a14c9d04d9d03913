import type { TestProject } from "vitest/node";
import { startDynamoDbLocal } from "../../packages/local/src/dynamodb";

declare module "vitest" {
  export interface ProvidedContext {
    /** The one DynamoDB Local of this vitest run (see `useDynamoDbLocal`). */
    dynamoDbEndpoint: string;
  }
}

/**
 * vitest's globalSetup: one DynamoDB Local (a JVM, seconds to start) for the whole run instead of one per test
 * file. Tests never share a table: each creates its own under a random name.
 */
export default async function setup(project: TestProject) {
  const dynamo = await startDynamoDbLocal();
  project.provide("dynamoDbEndpoint", dynamo.endpoint);
  return () => dynamo.stop();
}
