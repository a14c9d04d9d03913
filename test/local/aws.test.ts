import { GetItemCommand, PutItemCommand } from "@aws-sdk/client-dynamodb";
import { ReceiveMessageCommand, SendMessageCommand } from "@aws-sdk/client-sqs";
import { createQueue, createTable, decisionTable, itemQueue, sqsClient } from "@sentinella/aws";
import { type LocalSqs, startSqs } from "@sentinella/local";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { freshTableName, useDynamoDbLocal } from "../support/dynamodb";

describe("local AWS built from the shared resource definitions", () => {
  const dynamo = useDynamoDbLocal();
  const tables = { decisions: freshTableName("decisions") };
  let sqs: LocalSqs;
  beforeAll(async () => {
    sqs = await startSqs();
  });
  afterAll(async () => {
    await sqs?.stop();
  });

  it("creates the decision table with its keys, and creating it again is harmless", async () => {
    const { client } = dynamo.clients;
    await createTable(client, decisionTable, tables.decisions);
    await createTable(client, decisionTable, tables.decisions);
    await client.send(
      new PutItemCommand({ TableName: tables.decisions, Item: { pk: { S: "a" }, sk: { S: "b" }, facet: { S: "e" } } }),
    );
    const { Item } = await client.send(
      new GetItemCommand({ TableName: tables.decisions, Key: { pk: { S: "a" }, sk: { S: "b" } } }),
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
