import { Logger } from "@aws-lambda-powertools/logger";
import { injectLambdaContext } from "@aws-lambda-powertools/logger/middleware";
import { Metrics, MetricUnit } from "@aws-lambda-powertools/metrics";
import { logMetrics } from "@aws-lambda-powertools/metrics/middleware";
import { SecretsManagerClient } from "@aws-sdk/client-secrets-manager";
import middy from "@middy/core";
import {
  DynamoHandshakeLog,
  DynamoObligationStore,
  DynamoRenewalLease,
  dynamoClients,
  Env,
  linkedInSecretsLoader,
  platformActionsFromEnv,
  SecretsManagerTokenStore,
  staffAlertsFromEnv,
  xSecretsLoader,
  youTubeSecretsLoader,
} from "@sentinella/aws";
import { EntityDeploymentsJson, systemClock } from "@sentinella/core";
import { handshakeAlerts, renewDueTokens, tokenAlerts } from "@sentinella/platforms";
// The policy documents only: the package's index would bring the classifier engine and its lexicons (~300 KB).
import { getPolicy } from "@sentinella/policy/presets";
import { isOpen } from "@sentinella/replies";
import * as z from "zod";
import { createSchedulerHandler } from "./app";

const env = z
  .object({
    [Env.obligationTable]: z.string().min(1),
    [Env.deployments]: EntityDeploymentsJson,
    [Env.awsEndpointUrl]: z.string().optional(),
    [Env.pollerTable]: z.string().min(1).optional(),
  })
  .parse(process.env);

const logger = new Logger({ serviceName: "scheduler" });
const metrics = new Metrics({ namespace: "Sentinella", serviceName: "scheduler" });
const { document } = dynamoClients(env[Env.awsEndpointUrl]);
const alerts = staffAlertsFromEnv(process.env, {
  document,
  isOpen: (entityId, at) => isOpen(getPolicy(entityId), at),
  logger,
});

// Read once per cold start, like the functions' own: a token stored since is seen at the next cold start.
const tokenSecrets = {
  x: xSecretsLoader(process.env[Env.xSecretArn]),
  linkedin: linkedInSecretsLoader(process.env[Env.linkedInSecretArn]),
  youtube: youTubeSecretsLoader(process.env[Env.youTubeSecretArn]),
};

// Renewal reads and writes the secrets themselves; the lease row in the poller table keeps renewers one at a time.
const tokenStore = new SecretsManagerTokenStore(new SecretsManagerClient({}), {
  x: process.env[Env.xSecretArn],
  linkedin: process.env[Env.linkedInSecretArn],
  youtube: process.env[Env.youTubeSecretArn],
});
const pollerTable = env[Env.pollerTable];

const run = createSchedulerHandler({
  obligations: new DynamoObligationStore({
    document,
    tableName: env[Env.obligationTable],
    entityFor: getPolicy,
  }),
  platforms: platformActionsFromEnv(process.env, { document }),
  deployments: env[Env.deployments],
  policyFor: getPolicy,
  alerts,
  clock: systemClock,
  logger,
  flushDigests: async (now) => void (await alerts.flushDigests(now)),
  ...(pollerTable && {
    renewTokens: (now: Date) =>
      renewDueTokens({
        deployments: env[Env.deployments],
        store: tokenStore,
        lease: new DynamoRenewalLease(document, pollerTable),
        now,
      }),
  }),
  accountAlerts: async (now) => [
    ...tokenAlerts(
      env[Env.deployments],
      { x: await tokenSecrets.x(), linkedin: await tokenSecrets.linkedin(), youtube: await tokenSecrets.youtube() },
      now,
    ),
    ...(pollerTable
      ? await handshakeAlerts(env[Env.deployments], new DynamoHandshakeLog(document, pollerTable), now)
      : []),
  ],
});

/**
 * Counts of what a run did, only those above zero: CloudWatch bills a custom metric for every month it receives a
 * value, and a quiet tick every 5 minutes would otherwise keep five metrics alive forever. An alarm on one of
 * them treats missing data as "nothing happened".
 */
export const handler = middy(async () => {
  const report = await run();
  const counts = {
    ObligationsExamined: report.examined,
    HoldingRepliesSent: report.holdingReplies,
    HoldingRepliesShadow: report.shadowReplies,
    DeadlineAlerts: report.alerts,
    SchedulerFailures: report.failures,
  };
  for (const [name, count] of Object.entries(counts)) {
    if (count > 0) metrics.addMetric(name, MetricUnit.Count, count);
  }
  return report;
})
  .use(injectLambdaContext(logger))
  .use(logMetrics(metrics));
