import { Logger } from "@aws-lambda-powertools/logger";
import { injectLambdaContext } from "@aws-lambda-powertools/logger/middleware";
import { Metrics } from "@aws-lambda-powertools/metrics";
import { logMetrics } from "@aws-lambda-powertools/metrics/middleware";
import middy from "@middy/core";
import {
  DynamoDecisionStore,
  DynamoErasureTombstones,
  DynamoObligationStore,
  DynamoOffenderLedger,
  DynamoStaffRecords,
  dynamoClients,
  Env,
  platformActionsFromEnv,
  SqsDeadLetterQueue,
  SqsDeliveryParking,
  sqsClient,
  staffAlertsFromEnv,
} from "@sentinella/aws";
import { EntityDeploymentsJson, systemClock } from "@sentinella/core";
import { getPolicy } from "@sentinella/policy";
import { isOpen } from "@sentinella/replies";
import * as z from "zod";
import { createClassifierHandler } from "./app";

const env = z
  .object({
    [Env.decisionTable]: z.string().min(1),
    [Env.obligationTable]: z.string().min(1),
    [Env.offenderTable]: z.string().min(1),
    [Env.itemQueueUrl]: z.string().min(1),
    [Env.deadLetterQueueUrl]: z.string().min(1),
    [Env.deployments]: EntityDeploymentsJson,
    [Env.awsEndpointUrl]: z.string().optional(),
  })
  .parse(process.env);

/** Staff records and ledger events are kept as long as each entity's policy says. */
const retentionMonths = (entityId: string) => getPolicy(entityId).retention.staffRecordsMonths;
const logger = new Logger({ serviceName: "classifier" });
const metrics = new Metrics({ namespace: "Sentinella", serviceName: "classifier" });
const { document } = dynamoClients(env[Env.awsEndpointUrl]);
const sqs = sqsClient(env[Env.awsEndpointUrl]);

export const handler = middy(
  createClassifierHandler({
    store: new DynamoDecisionStore({ document, tableName: env[Env.decisionTable] }),
    platforms: platformActionsFromEnv(process.env, { document }),
    deployments: env[Env.deployments],
    policyFor: getPolicy,
    obligations: new DynamoObligationStore({ document, tableName: env[Env.obligationTable], entityFor: getPolicy }),
    alerts: staffAlertsFromEnv(process.env, {
      document,
      isOpen: (entityId, at) => isOpen(getPolicy(entityId), at),
      logger,
    }),
    staff: new DynamoStaffRecords(document, env[Env.decisionTable], retentionMonths),
    offenders: new DynamoOffenderLedger(document, env[Env.offenderTable], retentionMonths),
    erasures: new DynamoErasureTombstones(document, env[Env.decisionTable]),
    parking: new SqsDeliveryParking(sqs, env[Env.itemQueueUrl]),
    deadLetters: new SqsDeadLetterQueue(sqs, env[Env.deadLetterQueueUrl]),
    clock: systemClock,
    logger,
    metrics,
  }),
)
  .use(injectLambdaContext(logger))
  .use(logMetrics(metrics));
