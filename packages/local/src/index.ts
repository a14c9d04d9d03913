export * from "./dynamodb";
export * from "./event-source";
export * from "./http";
export * from "./lambda-context";
export * from "./local-files";
export * from "./meta-webhooks";
export * from "./net";
export * from "./sqs";
