import { Logger } from "@aws-lambda-powertools/logger";
import { injectLambdaContext } from "@aws-lambda-powertools/logger/middleware";
import { Metrics, MetricUnit } from "@aws-lambda-powertools/metrics";
import { logMetrics } from "@aws-lambda-powertools/metrics/middleware";
import middy from "@middy/core";
import { dynamoClients, Env, SqsItemQueue, sqsClient, staffAlertsFromEnv, youTubeApiFromEnv } from "@sentinella/aws";
import { EntityDeploymentsJson, systemClock } from "@sentinella/core";
// The policy documents only: the package's index would bring the classifier engine and its lexicons (~300 KB).
import { getPolicy } from "@sentinella/policy/presets";
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

/**
 * Counts above zero only, as in the scheduler: CloudWatch bills a custom metric for every hour it receives a value,
 * and a run every 5 minutes would keep three alive forever ($0.90 a month at rest). The channels polled, the same
 * every run, are in the "YouTube poll done" log line; Lambda's own Invocations metric counts the runs.
 */
export const handler = middy(async () => {
  const report = await poll();
  if (report.queued > 0) metrics.addMetric("YouTubeCommentsQueued", MetricUnit.Count, report.queued);
  if (report.skipped > 0) metrics.addMetric("YouTubeChannelsSkipped", MetricUnit.Count, report.skipped);
  return report;
})
  .use(injectLambdaContext(logger))
  .use(logMetrics(metrics));
