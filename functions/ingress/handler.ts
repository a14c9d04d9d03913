import { Logger } from "@aws-lambda-powertools/logger";
import { injectLambdaContext } from "@aws-lambda-powertools/logger/middleware";
import { Metrics } from "@aws-lambda-powertools/metrics";
import { logMetrics } from "@aws-lambda-powertools/metrics/middleware";
import middy from "@middy/core";
import {
  DynamoHandshakeLog,
  dynamoClients,
  Env,
  linkedInSecretsLoader,
  metaSecretsLoader,
  SqsItemQueue,
  sqsClient,
  xSecretsLoader,
} from "@sentinella/aws";
import { EntityDeploymentsJson, systemClock } from "@sentinella/core";
import * as z from "zod";
import { createIngressHandler } from "./app";
import { createLinkedInIngressHandler } from "./linkedin";
import { createIngressRouter } from "./webhook-route";
import { createXIngressHandler } from "./x";

const env = z
  .object({
    [Env.itemQueueUrl]: z.string().min(1),
    [Env.metaSecretArn]: z.string().optional(),
    [Env.xSecretArn]: z.string().optional(),
    [Env.linkedInSecretArn]: z.string().optional(),
    [Env.linkedInBodyOnlySignature]: z.stringbool().default(false),
    [Env.deployments]: EntityDeploymentsJson,
    [Env.pollerTable]: z.string().min(1),
    [Env.awsEndpointUrl]: z.string().optional(),
  })
  .parse(process.env);

const logger = new Logger({ serviceName: "ingress" });
const metrics = new Metrics({ namespace: "Sentinella", serviceName: "ingress" });
const shared = {
  queue: new SqsItemQueue(sqsClient(env[Env.awsEndpointUrl]), env[Env.itemQueueUrl]),
  deployments: env[Env.deployments],
  clock: systemClock,
  logger,
  metrics,
  handshakes: new DynamoHandshakeLog(dynamoClients(env[Env.awsEndpointUrl]).document, env[Env.pollerTable]),
};

const xSecrets = xSecretsLoader(env[Env.xSecretArn]);
const linkedInSecrets = linkedInSecretsLoader(env[Env.linkedInSecretArn]);
// Read at init, not at the first request: X's CRC and LinkedIn's challenge must be answered within three seconds,
// cold start included.
void xSecrets().catch(() => undefined);
void linkedInSecrets().catch(() => undefined);

export const handler = middy(
  createIngressRouter({
    "/webhooks/meta": createIngressHandler({ ...shared, secrets: metaSecretsLoader(env[Env.metaSecretArn]) }),
    "/webhooks/x": createXIngressHandler({ ...shared, secrets: xSecrets }),
    "/webhooks/linkedin": createLinkedInIngressHandler({
      ...shared,
      secrets: linkedInSecrets,
      acceptBodyOnlySignature: env[Env.linkedInBodyOnlySignature],
    }),
  }),
)
  .use(injectLambdaContext(logger))
  .use(logMetrics(metrics));
