import type { SecretsManagerClient } from "@aws-sdk/client-secrets-manager";
import type { PlatformActions } from "@sentinella/core";
import { createMetaActions } from "@sentinella/platforms";
import { Env, graphApiBaseUrl, graphApiVersion } from "./resources";
import { metaSecretsLoader } from "./secrets";

/**
 * The Graph API actions of a Lambda (classifier, scheduler), built from its environment: page tokens from the
 * META_SECRET_ARN secret (read once per cold start; no ARN → no tokens, so every call fails as `auth`),
 * GRAPH_API_BASE_URL and GRAPH_API_VERSION (Meta's host and the pinned version unless set).
 */
export function metaActionsFromEnv(
  env: Record<string, string | undefined>,
  deps: { secretsClient?: SecretsManagerClient } = {},
): PlatformActions {
  const secrets = metaSecretsLoader(env[Env.metaSecretArn], deps.secretsClient);
  return createMetaActions({
    baseUrl: env[Env.graphApiBaseUrl] || graphApiBaseUrl,
    version: env[Env.graphApiVersion] || graphApiVersion,
    tokenFor: async (accountId) => (await secrets())?.pageTokens[accountId],
  });
}
