import { App } from "aws-cdk-lib";
import { readSettings } from "./context";
import { PipelineStack } from "./pipeline-stack";
import { StatefulStack } from "./stateful-stack";

const app = new App();
const settings = readSettings(app.node);
const stateful = new StatefulStack(app, "SentinellaStateful", {
  description: "Sentinella: tables, item queue and secrets (retained on deletion)",
});
new PipelineStack(app, "SentinellaPipeline", {
  description: "Sentinella: webhook ingress, classifier and scheduler",
  stateful,
  settings,
});
app.synth();
