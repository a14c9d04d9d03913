import { Logger } from "@aws-lambda-powertools/logger";
import { injectLambdaContext } from "@aws-lambda-powertools/logger/middleware";
import { Metrics, MetricUnit } from "@aws-lambda-powertools/metrics";
import { logMetrics } from "@aws-lambda-powertools/metrics/middleware";
import middy from "@middy/core";
import { dynamoClients, Env, SqsItemQueue, sqsClient, staffAlertsFromEnv, youTubeApiFromEnv } from "@sentinella/aws";
import { EntityDeploymentsJson, systemClock } from "@sentinella/core";
import { getPolicy } from "@sentinella/policy";
import { isOpen } from "@sentinella/replies";
import * as z from "zod";
import { createYouTubePoller } from "./app";

const env = z
  .object({
    [Env.pollerTable]: z.string().min(1),
    [Env.itemQueueUrl]: z.string().min(1),
    [Env.deployments]: EntityDeploymentsJson,
    [Env.awsEndpointUrl]: z.string().optional(),
  })
  .parse(process.env);

const logger = new Logger({ serviceName: "poller" });
const metrics = new Metrics({ namespace: "Sentinella", serviceName: "poller" });
const { document } = dynamoClients(env[Env.awsEndpointUrl]);
const youtube = youTubeApiFromEnv(process.env, { document });
if (!youtube) throw new Error(`${Env.pollerTable} is required`);

const poll = createYouTubePoller({
  youtube: youtube.api,
  cursors: youtube.cursors,
  ledger: youtube.ledger,
  budget: youtube.budget,
  queue: new SqsItemQueue(sqsClient(env[Env.awsEndpointUrl]), env[Env.itemQueueUrl]),
  deployments: env[Env.deployments],
  alerts: staffAlertsFromEnv(process.env, {
    document,
    isOpen: (entityId, at) => isOpen(getPolicy(entityId), at),
    logger,
  }),
  clock: systemClock,
  logger,
});

export const handler = middy(async () => {
  const report = await poll();
  metrics.addMetric("YouTubeChannelsPolled", MetricUnit.Count, report.channels);
  metrics.addMetric("YouTubeCommentsQueued", MetricUnit.Count, report.queued);
  metrics.addMetric("YouTubeChannelsSkipped", MetricUnit.Count, report.skipped);
  return report;
})
  .use(injectLambdaContext(logger))
  .use(logMetrics(metrics));
