import { Logger } from "@aws-lambda-powertools/logger";
import { injectLambdaContext } from "@aws-lambda-powertools/logger/middleware";
import { Metrics, MetricUnit } from "@aws-lambda-powertools/metrics";
import { logMetrics } from "@aws-lambda-powertools/metrics/middleware";
import middy from "@middy/core";
import { DynamoObligationStore, dynamoClients, Env, platformActionsFromEnv, staffAlertsFromEnv } from "@sentinella/aws";
import { EntityDeploymentsJson, systemClock } from "@sentinella/core";
import { getPolicy } from "@sentinella/policy";
import { isOpen } from "@sentinella/replies";
import { z } from "zod";
import { createSchedulerHandler } from "./app";

const env = z
  .object({
    [Env.obligationTable]: z.string().min(1),
    [Env.deployments]: EntityDeploymentsJson,
    [Env.awsEndpointUrl]: z.string().optional(),
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

const run = createSchedulerHandler({
  obligations: new DynamoObligationStore({
    document,
    tableName: env[Env.obligationTable],
    entityFor: getPolicy,
  }),
  platforms: platformActionsFromEnv(process.env),
  deployments: env[Env.deployments],
  policyFor: getPolicy,
  alerts,
  clock: systemClock,
  logger,
  flushDigests: async (now) => void (await alerts.flushDigests(now)),
});

export const handler = middy(async () => {
  const report = await run();
  metrics.addMetric("ObligationsExamined", MetricUnit.Count, report.examined);
  metrics.addMetric("HoldingRepliesSent", MetricUnit.Count, report.holdingReplies);
  metrics.addMetric("HoldingRepliesShadow", MetricUnit.Count, report.shadowReplies);
  metrics.addMetric("DeadlineAlerts", MetricUnit.Count, report.alerts);
  metrics.addMetric("SchedulerFailures", MetricUnit.Count, report.failures);
  return report;
})
  .use(injectLambdaContext(logger))
  .use(logMetrics(metrics));
