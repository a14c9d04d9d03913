/** Hono's AWS Lambda adapter (API Gateway v2 events), for the console function. */
export { handle as handleLambda, type LambdaContext, type LambdaEvent } from "hono/aws-lambda";
export { type ActionRequest, type ConsoleDeps, loadItem, performAction } from "./actions";
export { type ConsoleAuth, createConsoleApp } from "./app";
export * from "./errors";
export { itemHistory } from "./history";
export { type NextStep, type OffenderStatus, offenderStatus, warningText } from "./offenders";
export { can, groupName, type Permission, type Principal, principalFromClaims, readableEntities } from "./principal";
export * from "./queue";
export { loadPeriod, type ReplayReport, replayDecisions } from "./replay";
export { createSignIn, createTokenVerifier, type IdentityProvider, type SignIn } from "./session";
