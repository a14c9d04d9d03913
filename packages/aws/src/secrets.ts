import { SecretsProvider } from "@aws-lambda-powertools/parameters/secrets";
import type { SecretsManagerClient } from "@aws-sdk/client-secrets-manager";
import { type AccountToken, LinkedInSecrets, MetaSecrets, XSecrets, YouTubeSecrets } from "@sentinella/core";
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
  /** How long a value may be kept, if not for the whole cold start: tokens that expire are renewed meanwhile. */
  maxAgeSeconds?: (value: T) => number | undefined,
): () => Promise<T | undefined> {
  const provider = new SecretsProvider(client ? { awsSdkV3Client: client } : {});
  let loading: Promise<T> | undefined;
  let staleAt = Number.POSITIVE_INFINITY;
  return async () => {
    if (!secretArn) return undefined;
    if (Date.now() >= staleAt) loading = undefined;
    // forceFetch: this closure is the cache; Powertools' own (5 s) would hand a rejected value back on retry.
    loading ??= provider.get(secretArn, { transform: "json", forceFetch: true }).then((value) => {
      const parsed = schema.parse(value);
      const maxAge = maxAgeSeconds?.(parsed);
      staleAt = maxAge === undefined ? Number.POSITIVE_INFINITY : Date.now() + maxAge * 1000;
      return parsed;
    });
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

/**
 * A secret holding tokens that expire is read again every 5 minutes: the scheduler renews them ahead of expiry
 * (X's 30 minutes before), and every function must pick the new one up before the old one lapses.
 */
const tokensMaxAge = (secret: { tokens: Record<string, AccountToken> }) =>
  Object.values(secret.tokens).some((token) => token.expiresAt) ? 300 : undefined;

/** The X, LinkedIn and YouTube secrets (see packages/core platform-secrets.ts). */
export const xSecretsLoader = (secretArn: string | undefined, client?: SecretsManagerClient) =>
  secretLoader(XSecrets, secretArn, client, tokensMaxAge);
export const linkedInSecretsLoader = (secretArn: string | undefined, client?: SecretsManagerClient) =>
  secretLoader(LinkedInSecrets, secretArn, client, tokensMaxAge);
export const youTubeSecretsLoader = (secretArn: string | undefined, client?: SecretsManagerClient) =>
  secretLoader(YouTubeSecrets, secretArn, client, tokensMaxAge);
