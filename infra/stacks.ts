import { type App, Validations } from "aws-cdk-lib";
import { AwsSolutionsChecks } from "cdk-nag";
import { readSettings } from "./context";
import { PipelineStack } from "./pipeline-stack";
import { StatefulStack } from "./stateful-stack";

/**
 * Sentinella's two stacks, configured from the app's context; the tests build the same stacks as `cdk synth`.
 * cdk-nag's AwsSolutions checks run at every synth: a finding nobody acknowledged (with its reason, next to the
 * resource) stops it.
 */
export function createStacks(app: App) {
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
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
