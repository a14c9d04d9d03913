import type { SecretsManagerClient } from "@aws-sdk/client-secrets-manager";
import type { AccountToken, Clock, PlatformActions } from "@sentinella/core";
import { createMetaActions, createXActions, routePlatformActions } from "@sentinella/platforms";
import { Env, graphApiBaseUrl, graphApiVersion, xApiBaseUrl } from "./resources";
import { metaSecretsLoader, xSecretsLoader } from "./secrets";

/** The access token of an account in a platform secret's `tokens`, if the secret and the account are there. */
export function accessTokenFrom(
  secrets: () => Promise<{ tokens: Record<string, AccountToken> } | undefined>,
): (accountId: string) => Promise<string | undefined> {
  return async (accountId) => (await secrets())?.tokens[accountId]?.accessToken;
}

/**
 * The platform actions of a Lambda (classifier, scheduler), built from its environment: one adapter per platform,
 * routed by each target's platform. Tokens come from each platform's secret (read once per cold start; no ARN → no
 * tokens, so every call fails as `auth`); API hosts and pinned versions from resources.ts unless overridden.
 */
export function platformActionsFromEnv(
  env: Record<string, string | undefined>,
  deps: { secretsClient?: SecretsManagerClient; clock?: Clock } = {},
): PlatformActions {
  const metaSecrets = metaSecretsLoader(env[Env.metaSecretArn], deps.secretsClient);
  const meta = createMetaActions({
    baseUrl: env[Env.graphApiBaseUrl] || graphApiBaseUrl,
    version: env[Env.graphApiVersion] || graphApiVersion,
    tokenFor: async (accountId) => (await metaSecrets())?.pageTokens[accountId],
  });
  const x = createXActions({
    baseUrl: env[Env.xApiBaseUrl] || xApiBaseUrl,
    tokenFor: accessTokenFrom(xSecretsLoader(env[Env.xSecretArn], deps.secretsClient)),
    clock: deps.clock,
  });
  return routePlatformActions({ facebook: meta, instagram: meta, x });
}
