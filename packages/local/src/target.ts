import { GetQueueAttributesCommand } from "@aws-sdk/client-sqs";
import { DynamoDecisionStore, DynamoObligationStore, dynamoClients, obligationTable, sqsClient } from "@sentinella/aws";
import type { Platform } from "@sentinella/core";
import { getPolicy } from "@sentinella/policy";
import type { DeliveryTarget } from "./deliveries";
import { loadOrCreatePlatformSecrets, loadOrCreateSecrets, readEndpoints } from "./local-files";
import { accountIdsOf, type LocalPipelineOptions, localDeployments, startLocalPipeline, tableNames } from "./pipeline";
import { type RecordedCall, sandboxCallsPath } from "./sandbox-http";

/** Where a load (the demo, the soak) sends webhooks and reads decisions back. */
export interface LocalTarget extends DeliveryTarget {
  decisions: DynamoDecisionStore;
  obligations: DynamoObligationStore;
  /** The calls a platform's sandbox accepted (hides, replies, messages); undefined where the target does not say. */
  sandboxCalls(platform: Platform): Promise<RecordedCall[] | undefined>;
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
    const obligations = new DynamoObligationStore({
      document,
      tableName: tableNames[obligationTable.id],
      entityFor: getPolicy,
    });
    const { graphBaseUrl, sandboxUrls } = running;
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
      obligations,
      sandboxCalls: (platform) => callsAt(sandboxUrls ? sandboxUrlOf(platform, graphBaseUrl, sandboxUrls) : undefined),
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
    sandboxCalls: (platform) =>
      callsAt(
        sandboxUrlOf(platform, pipeline.graph.baseUrl, {
          x: pipeline.sandboxes.x.baseUrl,
          linkedin: pipeline.sandboxes.linkedin.baseUrl,
          youtube: pipeline.sandboxes.youtube.baseUrl,
        }),
      ),
    deadLetters: () => depth(queue, pipeline.deadLetterQueueUrl),
    queued: () => depth(queue, pipeline.queueUrl, true),
    stop: async () => {
      queue.destroy();
      await pipeline.stop();
    },
  };
}

/** The sandbox that stands in for a platform's API: Graph for Facebook and Instagram, its own for the others. */
function sandboxUrlOf(platform: Platform, graph: string, others: { x: string; linkedin: string; youtube: string }) {
  return platform === "facebook" || platform === "instagram" ? graph : others[platform];
}

async function callsAt(sandboxUrl: string | undefined): Promise<RecordedCall[] | undefined> {
  if (!sandboxUrl) return undefined;
  const response = await fetch(`${sandboxUrl}${sandboxCallsPath}`);
  return response.ok ? ((await response.json()) as { calls: RecordedCall[] }).calls : undefined;
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
