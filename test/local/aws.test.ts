import { GetItemCommand, PutItemCommand } from "@aws-sdk/client-dynamodb";
import { ReceiveMessageCommand, SendMessageCommand } from "@aws-sdk/client-sqs";
import { createQueue, createTable, decisionTable, dynamoClients, itemQueue, sqsClient } from "@sentinella/aws";
import { type LocalDynamoDb, type LocalSqs, startDynamoDbLocal, startSqs } from "@sentinella/local";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

describe("local AWS built from the shared resource definitions", () => {
  let dynamo: LocalDynamoDb;
  let sqs: LocalSqs;
  beforeAll(async () => {
    [dynamo, sqs] = await Promise.all([startDynamoDbLocal(), startSqs()]);
  });
  afterAll(async () => {
    await Promise.all([dynamo?.stop(), sqs?.stop()]);
  });

  it("creates the decision table with its keys, and creating it again is harmless", async () => {
    const { client } = dynamoClients(dynamo.endpoint);
    await createTable(client, decisionTable, "decisions");
    await createTable(client, decisionTable, "decisions");
    await client.send(
      new PutItemCommand({ TableName: "decisions", Item: { pk: { S: "a" }, sk: { S: "b" }, facet: { S: "e" } } }),
    );
    const { Item } = await client.send(
      new GetItemCommand({ TableName: "decisions", Key: { pk: { S: "a" }, sk: { S: "b" } } }),
    );
    expect(Item?.facet?.S).toBe("e");
  });

  it("creates the item queue, which carries messages", async () => {
    const client = sqsClient(sqs.endpoint);
    const { queueUrl } = await createQueue(client, itemQueue, "items");
    await client.send(new SendMessageCommand({ QueueUrl: queueUrl, MessageBody: "ciao" }));
    const { Messages } = await client.send(new ReceiveMessageCommand({ QueueUrl: queueUrl, WaitTimeSeconds: 1 }));
    expect(Messages?.[0]?.Body).toBe("ciao");
  });
});
