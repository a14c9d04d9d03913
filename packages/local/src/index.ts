export * from "./dynamodb";
export * from "./net";
export * from "./sandbox-graph";
export * from "./sqs";
