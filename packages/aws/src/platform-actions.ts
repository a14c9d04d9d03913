import type { SecretsManagerClient } from "@aws-sdk/client-secrets-manager";
import type { DynamoDBDocumentClient } from "@aws-sdk/lib-dynamodb";
import { type AccountToken, type Clock, type PlatformActions, systemClock } from "@sentinella/core";
import {
  createLinkedInActions,
  createMetaActions,
  createXActions,
  createYouTubeActions,
  createYouTubeApi,
  defaultQuotaBudget,
  routePlatformActions,
} from "@sentinella/platforms";
import { DynamoPollCursors, DynamoQuotaLedger } from "./poller-store";
import {
  Env,
  graphApiBaseUrl,
  graphApiVersion,
  linkedInApiBaseUrl,
  linkedInVersion,
  xApiBaseUrl,
  youTubeApiBaseUrl,
  youTubeDailyQuota,
} from "./resources";
import { linkedInSecretsLoader, metaSecretsLoader, xSecretsLoader, youTubeSecretsLoader } from "./secrets";

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
  deps: { secretsClient?: SecretsManagerClient; clock?: Clock; document?: DynamoDBDocumentClient } = {},
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
  const linkedin = createLinkedInActions({
    baseUrl: env[Env.linkedInApiBaseUrl] || linkedInApiBaseUrl,
    version: env[Env.linkedInVersion] || linkedInVersion,
    tokenFor: accessTokenFrom(linkedInSecretsLoader(env[Env.linkedInSecretArn], deps.secretsClient)),
    clock: deps.clock,
  });
  const youtube = youTubeApiFromEnv(env, deps);
  return routePlatformActions({
    facebook: meta,
    instagram: meta,
    x,
    linkedin,
    ...(youtube && { youtube: createYouTubeActions(youtube.api) }),
  });
}

/**
 * The YouTube Data API client of a Lambda, debiting the quota ledger in the poller table (POLLER_TABLE_NAME);
 * undefined without that table, since no call may go out undebited.
 */
export function youTubeApiFromEnv(
  env: Record<string, string | undefined>,
  deps: { secretsClient?: SecretsManagerClient; clock?: Clock; document?: DynamoDBDocumentClient },
) {
  const tableName = env[Env.pollerTable];
  if (!tableName || !deps.document) return undefined;
  const budget = defaultQuotaBudget(Number(env[Env.youTubeDailyQuota]) || youTubeDailyQuota);
  const ledger = new DynamoQuotaLedger(deps.document, tableName, budget);
  const api = createYouTubeApi({
    baseUrl: env[Env.youTubeApiBaseUrl] || youTubeApiBaseUrl,
    tokenFor: accessTokenFrom(youTubeSecretsLoader(env[Env.youTubeSecretArn], deps.secretsClient)),
    ledger,
    clock: deps.clock ?? systemClock,
  });
  return { api, ledger, budget, cursors: new DynamoPollCursors(deps.document, tableName) };
}
