import { App } from "aws-cdk-lib";
import { createStacks } from "./stacks";

const app = new App();
createStacks(app);
app.synth();
