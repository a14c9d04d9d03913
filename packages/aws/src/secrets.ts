import { SecretsProvider } from "@aws-lambda-powertools/parameters/secrets";
import type { SecretsManagerClient } from "@aws-sdk/client-secrets-manager";
import { LinkedInSecrets, MetaSecrets, XSecrets, YouTubeSecrets } from "@sentinella/core";
import type * as z from "zod";

/**
 * Reads one JSON secret from Secrets Manager with Powertools Parameters and parses it with `schema`, once per cold
 * start: the returned function fetches on first use and keeps the result; a failed fetch is tried again on the next
 * call. No ARN configured → `undefined`, so callers can fail closed.
 */
export function secretLoader<T>(
  schema: z.ZodType<T>,
  secretArn: string | undefined,
  client?: SecretsManagerClient,
): () => Promise<T | undefined> {
  const provider = new SecretsProvider(client ? { awsSdkV3Client: client } : {});
  let loading: Promise<T> | undefined;
  return async () => {
    if (!secretArn) return undefined;
    // forceFetch: this closure is the cache; Powertools' own (5 s) would hand a rejected value back on retry.
    loading ??= provider.get(secretArn, { transform: "json", forceFetch: true }).then((value) => schema.parse(value));
    try {
      return await loading;
    } catch (error) {
      loading = undefined;
      throw error;
    }
  };
}

/** The Meta app secrets (see `MetaSecrets`). */
export const metaSecretsLoader = (secretArn: string | undefined, client?: SecretsManagerClient) =>
  secretLoader(MetaSecrets, secretArn, client);

/** The X, LinkedIn and YouTube secrets (see packages/core platform-secrets.ts). */
export const xSecretsLoader = (secretArn: string | undefined, client?: SecretsManagerClient) =>
  secretLoader(XSecrets, secretArn, client);
export const linkedInSecretsLoader = (secretArn: string | undefined, client?: SecretsManagerClient) =>
  secretLoader(LinkedInSecrets, secretArn, client);
export const youTubeSecretsLoader = (secretArn: string | undefined, client?: SecretsManagerClient) =>
  secretLoader(YouTubeSecrets, secretArn, client);
