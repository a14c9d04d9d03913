import { Logger } from "@aws-lambda-powertools/logger";
import { injectLambdaContext } from "@aws-lambda-powertools/logger/middleware";
import { Metrics } from "@aws-lambda-powertools/metrics";
import { logMetrics } from "@aws-lambda-powertools/metrics/middleware";
import middy from "@middy/core";
import { Env, metaSecretsLoader, SqsItemQueue, sqsClient } from "@sentinella/aws";
import { EntityDeploymentsJson, systemClock } from "@sentinella/core";
import { z } from "zod";
import { createIngressHandler } from "./app";

const env = z
  .object({
    [Env.itemQueueUrl]: z.string().min(1),
    [Env.metaSecretArn]: z.string().optional(),
    [Env.deployments]: EntityDeploymentsJson,
    [Env.awsEndpointUrl]: z.string().optional(),
  })
  .parse(process.env);

const logger = new Logger({ serviceName: "ingress" });
const metrics = new Metrics({ namespace: "Sentinella", serviceName: "ingress" });

export const handler = middy(
  createIngressHandler({
    secrets: metaSecretsLoader(env[Env.metaSecretArn]),
    queue: new SqsItemQueue(sqsClient(env[Env.awsEndpointUrl]), env[Env.itemQueueUrl]),
    deployments: env[Env.deployments],
    clock: systemClock,
    logger,
    metrics,
  }),
)
  .use(injectLambdaContext(logger))
  .use(logMetrics(metrics));
