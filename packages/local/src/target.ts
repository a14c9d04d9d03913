import { GetQueueAttributesCommand } from "@aws-sdk/client-sqs";
import { DynamoDecisionStore, dynamoClients, sqsClient } from "@sentinella/aws";
import type { DeliveryTarget } from "./deliveries";
import { loadOrCreatePlatformSecrets, loadOrCreateSecrets, readEndpoints } from "./local-files";
import { accountIdsOf, type LocalPipelineOptions, localDeployments, startLocalPipeline } from "./pipeline";

/** Where a load (the demo, the soak) sends webhooks and reads decisions back. */
export interface LocalTarget extends DeliveryTarget {
  decisions: DynamoDecisionStore;
  /** Messages in the dead-letter queue (SQS's approximate count); undefined where the target does not say. */
  deadLetters(): Promise<number | undefined>;
  /** Messages still in the item queue, visible, in flight or delayed (parked); undefined where it does not say. */
  queued(): Promise<number | undefined>;
  stop(): Promise<void>;
}

/**
 * The running `npm start` (found through .local/endpoints.json), or, when none runs, a pipeline started in this
 * process, in memory, for the length of the run (`say` tells the person watching).
 */
export async function connectLocalTarget(
  say: (line: string) => void,
  ownPipeline: LocalPipelineOptions = {},
): Promise<LocalTarget> {
  const running = await readEndpoints();
  const deployments = running?.deployments ?? localDeployments;
  const secrets = await loadOrCreateSecrets(accountIdsOf(deployments));
  const platformSecrets = await loadOrCreatePlatformSecrets(deployments);
  if (running) {
    const { client, document } = dynamoClients(running.dynamoDbEndpoint);
    const decisions = new DynamoDecisionStore({ document, tableName: running.decisionTableName });
    const webhookUrls = running.webhookUrls ?? {
      meta: running.ingressUrl,
      x: running.ingressUrl.replace(/meta$/, "x"),
      linkedin: running.ingressUrl.replace(/meta$/, "linkedin"),
    };
    const { youTubeSandboxUrl } = running;
    const queue = sqsClient(running.sqsEndpoint);
    return {
      webhookUrls,
      youTubeSandboxUrl,
      decisions,
      deployments,
      secrets,
      platformSecrets,
      deadLetters: () => depth(queue, running.deadLetterQueueUrl),
      queued: () => depth(queue, running.queueUrl, true),
      stop: async () => {
        client.destroy();
        queue.destroy();
      },
    };
  }
  say("No `npm start` running: started a pipeline in this process (in memory) for the run.");
  const pipeline = await startLocalPipeline({ ...ownPipeline, secrets, platformSecrets, deployments });
  const queue = sqsClient(pipeline.sqsEndpoint);
  return {
    ...pipeline,
    youTubeSandboxUrl: pipeline.sandboxes.youtube.baseUrl,
    deadLetters: () => depth(queue, pipeline.deadLetterQueueUrl),
    queued: () => depth(queue, pipeline.queueUrl, true),
    stop: async () => {
      queue.destroy();
      await pipeline.stop();
    },
  };
}

/** SQS's approximate count of visible messages, and with `all` of those in flight and delayed too. */
async function depth(client: ReturnType<typeof sqsClient>, queueUrl: string | undefined, all = false) {
  if (!queueUrl) return undefined;
  const names = all
    ? ([
        "ApproximateNumberOfMessages",
        "ApproximateNumberOfMessagesNotVisible",
        "ApproximateNumberOfMessagesDelayed",
      ] as const)
    : (["ApproximateNumberOfMessages"] as const);
  const { Attributes } = await client.send(
    new GetQueueAttributesCommand({ QueueUrl: queueUrl, AttributeNames: [...names] }),
  );
  return names.reduce((sum, name) => sum + Number(Attributes?.[name] ?? 0), 0);
}
