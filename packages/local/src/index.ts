export * from "./dynamodb";
export * from "./net";
export * from "./sqs";
