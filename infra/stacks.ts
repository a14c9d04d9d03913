import type { App } from "aws-cdk-lib";
import { readSettings } from "./context";
import { PipelineStack } from "./pipeline-stack";
import { StatefulStack } from "./stateful-stack";

/** Sentinella's two stacks, configured from the app's context; the tests build the same stacks as `cdk synth`. */
export function createStacks(app: App) {
  const settings = readSettings(app.node);
  const stateful = new StatefulStack(app, "SentinellaStateful", {
    description: "Sentinella: tables, item queue, secrets and staff user pool (retained on deletion)",
    platforms: new Set(settings.deployments.flatMap((deployment) => deployment.accounts.map((a) => a.platform))),
    entityIds: settings.deployments.map((deployment) => deployment.entityId),
    consoleDomainPrefix: settings.consoleDomainPrefix,
  });
  const pipeline = new PipelineStack(app, "SentinellaPipeline", {
    description: "Sentinella: webhook ingress, classifier, scheduler and staff console",
    stateful,
    settings,
  });
  return { stateful, pipeline };
}
