import { SecretsProvider } from "@aws-lambda-powertools/parameters/secrets";
import type { SecretsManagerClient } from "@aws-sdk/client-secrets-manager";
import { MetaSecrets } from "@sentinella/core";

/**
 * Reads the Meta app secrets (one JSON secret, see `MetaSecrets`) from Secrets Manager with Powertools Parameters,
 * once per cold start: the returned function fetches on first use and keeps the result; a failed fetch is tried
 * again on the next call. No ARN configured → `undefined`, so callers can fail closed.
 */
export function metaSecretsLoader(
  secretArn: string | undefined,
  client?: SecretsManagerClient,
): () => Promise<MetaSecrets | undefined> {
  const provider = new SecretsProvider(client ? { awsSdkV3Client: client } : {});
  let loading: Promise<MetaSecrets> | undefined;
  return async () => {
    if (!secretArn) return undefined;
    // forceFetch: this closure is the cache; Powertools' own (5 s) would hand a rejected value back on retry.
    loading ??= provider
      .get(secretArn, { transform: "json", forceFetch: true })
      .then((value) => MetaSecrets.parse(value));
    try {
      return await loading;
    } catch (error) {
      loading = undefined;
      throw error;
    }
  };
}
