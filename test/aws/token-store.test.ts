import { GetSecretValueCommand, PutSecretValueCommand, SecretsManagerClient } from "@aws-sdk/client-secrets-manager";
import {
  clientConfig,
  DynamoRenewalLease,
  pollerTable,
  SecretsManagerTokenStore,
  xSecretsLoader,
} from "@sentinella/aws";
import { afterEach, describe, expect, it, vi } from "vitest";
import { useDynamoDbLocal } from "../support/dynamodb";

const arn = "arn:aws:secretsmanager:eu-south-1:123456789012:secret:sentinella/x";

/** A Secrets Manager stand-in for one secret: GetSecretValue answers its current value, PutSecretValue replaces it. */
function oneSecret(initial: object) {
  let value = JSON.stringify(initial);
  let reads = 0;
  const client = new SecretsManagerClient(clientConfig("http://127.0.0.1:9"));
  client.middlewareStack.add(
    (_next, context) => async (args) => {
      if (context.commandName === GetSecretValueCommand.name) {
        reads++;
        return { output: { $metadata: {}, SecretString: value }, response: {} };
      }
      if (context.commandName === PutSecretValueCommand.name) {
        value = (args.input as PutSecretValueCommand["input"]).SecretString as string;
        return { output: { $metadata: {} }, response: {} };
      }
      throw new Error(`unexpected ${context.commandName}`);
    },
    { step: "initialize" },
  );
  return { client, current: () => JSON.parse(value), reads: () => reads };
}

afterEach(() => {
  vi.useRealTimers();
});

describe("SecretsManagerTokenStore", () => {
  it("replaces one account's token and keeps everything else the secret holds", async () => {
    const secret = oneSecret({
      consumerSecret: "c",
      clientId: "id",
      note: "filled in by the IT office",
      tokens: { "x-1": { accessToken: "a1" }, "x-2": "a2" },
    });
    const store = new SecretsManagerTokenStore(secret.client, { x: arn });
    expect((await store.tokens("x"))?.tokens["x-2"]).toEqual({ accessToken: "a2" });
    await store.saveToken("x", "x-1", { accessToken: "b1", refreshToken: "r", expiresAt: "2026-12-01T11:00:00.000Z" });
    expect(secret.current()).toEqual({
      consumerSecret: "c",
      clientId: "id",
      note: "filled in by the IT office",
      tokens: { "x-1": { accessToken: "b1", refreshToken: "r", expiresAt: "2026-12-01T11:00:00.000Z" }, "x-2": "a2" },
    });
    expect(await new SecretsManagerTokenStore(secret.client, {}).tokens("linkedin")).toBeUndefined();
  });
});

describe("token secrets in the functions", () => {
  it("are read again every 5 minutes once they hold tokens that expire, so a renewed one is picked up", async () => {
    vi.useFakeTimers({ now: new Date("2026-12-01T09:00:00Z"), toFake: ["Date"] });
    const secret = oneSecret({
      consumerSecret: "c",
      tokens: { "x-1": { accessToken: "a", expiresAt: "2026-12-01T11:00:00.000Z" } },
    });
    const load = xSecretsLoader(arn, secret.client);
    await load();
    vi.setSystemTime(new Date("2026-12-01T09:04:00Z"));
    await load();
    expect(secret.reads()).toBe(1);
    vi.setSystemTime(new Date("2026-12-01T09:05:01Z"));
    await load();
    expect(secret.reads()).toBe(2);
  });

  it("are read once per cold start when no token expires", async () => {
    vi.useFakeTimers({ now: new Date("2026-12-01T09:00:00Z"), toFake: ["Date"] });
    const secret = oneSecret({ consumerSecret: "c", tokens: { "x-1": "a" } });
    const load = xSecretsLoader(arn, secret.client);
    await load();
    vi.setSystemTime(new Date("2026-12-02T09:00:00Z"));
    await load();
    expect(secret.reads()).toBe(1);
  });
});

describe("DynamoRenewalLease", () => {
  const dynamo = useDynamoDbLocal();

  it("lets one renewer in at a time, and takes over a lease a dead run left once it ends", async () => {
    const table = await dynamo.freshTable(pollerTable);
    const lease = new DynamoRenewalLease(dynamo.clients.document, table, 300);
    const at = new Date("2026-12-01T09:00:00Z");
    expect(await lease.acquire(at)).toBe(true);
    expect(await lease.acquire(at)).toBe(false);
    await lease.release();
    expect(await lease.acquire(at)).toBe(true);
    // Never released (the run died): free again after its 5 minutes.
    expect(await lease.acquire(new Date("2026-12-01T09:04:00Z"))).toBe(false);
    expect(await lease.acquire(new Date("2026-12-01T09:05:01Z"))).toBe(true);
  });
});
