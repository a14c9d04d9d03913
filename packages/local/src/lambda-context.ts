import { randomUUID } from "node:crypto";
import type { Context } from "aws-lambda";

/**
 * The `context` Lambda passes to a handler, for one local invocation. Powertools reads it (request id in logs,
 * the classifier's action lease lasts its remaining time), so it carries a real deadline from `timeoutSeconds`.
 */
export function lambdaContext(functionName: string, timeoutSeconds: number): Context {
  const deadline = Date.now() + timeoutSeconds * 1000;
  const unsupported = () => {
    throw new Error("callback-style Lambda handlers are not supported locally");
  };
  return {
    callbackWaitsForEmptyEventLoop: false,
    functionName,
    functionVersion: "$LATEST",
    invokedFunctionArn: `arn:aws:lambda:eu-south-1:000000000000:function:${functionName}`,
    memoryLimitInMB: "1024",
    awsRequestId: randomUUID(),
    logGroupName: `/aws/lambda/${functionName}`,
    logStreamName: "local",
    getRemainingTimeInMillis: () => Math.max(0, deadline - Date.now()),
    done: unsupported,
    fail: unsupported,
    succeed: unsupported,
  };
}
