import { GetSecretValueCommand, SecretsManagerClient } from "@aws-sdk/client-secrets-manager";
import { clientConfig, metaSecretsLoader } from "@sentinella/aws";
import { describe, expect, it } from "vitest";

const arn = "arn:aws:secretsmanager:eu-south-1:123456789012:secret:sentinella/meta";

/** A Secrets Manager client that answers GetSecretValue with the given strings, one per call, and counts calls. */
function scriptedSecretsManager(...answers: string[]) {
  const client = new SecretsManagerClient(clientConfig("http://127.0.0.1:9"));
  const requested: unknown[] = [];
  client.middlewareStack.add(
    (_next, context) => async (args) => {
      if (context.commandName !== GetSecretValueCommand.name) throw new Error(`unexpected ${context.commandName}`);
      requested.push((args.input as GetSecretValueCommand["input"]).SecretId);
      return { output: { $metadata: {}, SecretString: answers[requested.length - 1] }, response: {} };
    },
    { step: "initialize" },
  );
  return { client, requested };
}

const secret = { appSecret: "app-secret", verifyToken: "verify", pageTokens: { "fb-1": "token" } };

describe("metaSecretsLoader", () => {
  it("reads and validates the secret once, then serves it from memory", async () => {
    const { client, requested } = scriptedSecretsManager(JSON.stringify(secret));
    const load = metaSecretsLoader(arn, client);
    expect(await load()).toEqual(secret);
    expect(await load()).toEqual(secret);
    expect(requested).toEqual([arn]);
  });

  it("rejects a secret without the app secret, and reads again on the next call", async () => {
    const { client, requested } = scriptedSecretsManager(JSON.stringify({ verifyToken: "v" }), JSON.stringify(secret));
    const load = metaSecretsLoader(arn, client);
    await expect(load()).rejects.toThrow(/appSecret/);
    expect(await load()).toEqual(secret);
    expect(requested).toHaveLength(2);
  });

  it("gives nothing when no secret is configured, without calling Secrets Manager", async () => {
    const { client, requested } = scriptedSecretsManager();
    expect(await metaSecretsLoader(undefined, client)()).toBeUndefined();
    expect(await metaSecretsLoader("", client)()).toBeUndefined();
    expect(requested).toEqual([]);
  });
});
