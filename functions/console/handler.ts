import { randomUUID } from "node:crypto";
import { Logger } from "@aws-lambda-powertools/logger";
import { injectLambdaContext } from "@aws-lambda-powertools/logger/middleware";
import middy from "@middy/core";
import {
  DynamoDecisionStore,
  DynamoOffenderLedger,
  DynamoStaffRecords,
  DynamoSubjectData,
  decisionReader,
  dynamoClients,
  Env,
  platformActionsFromEnv,
  secretLoader,
} from "@sentinella/aws";
import {
  createConsoleApp,
  createSignIn,
  createTokenVerifier,
  handleLambda,
  type LambdaContext,
  type LambdaEvent,
  type SignIn,
} from "@sentinella/console";
import { EntityDeploymentsJson, systemClock, withSentinellaHides } from "@sentinella/core";
import { getPolicy } from "@sentinella/policy";
import * as z from "zod";

const env = z
  .object({
    [Env.decisionTable]: z.string().min(1),
    [Env.offenderTable]: z.string().min(1),
    [Env.obligationTable]: z.string().min(1),
    [Env.alertTable]: z.string().min(1),
    [Env.deployments]: EntityDeploymentsJson,
    [Env.consoleUrl]: z.url(),
    [Env.consoleIssuer]: z.url(),
    [Env.consoleClientId]: z.string().min(1),
    [Env.consoleLogoutUrl]: z.url().optional(),
    [Env.consoleSecretArn]: z.string().min(1),
    [Env.awsEndpointUrl]: z.string().optional(),
  })
  .parse(process.env);

const logger = new Logger({ serviceName: "console" });
const { document } = dynamoClients(env[Env.awsEndpointUrl]);
const consoleSecret = secretLoader(z.object({ sessionSecret: z.string().min(32) }), env[Env.consoleSecretArn]);
const provider = {
  issuer: env[Env.consoleIssuer],
  clientId: env[Env.consoleClientId],
  redirectUri: `${env[Env.consoleUrl]}/auth/callback`,
};
let signIn: Promise<SignIn> | undefined;
/** Staff records and ledger events expire after the entity's retention (its policy file). */
const staffRecordsMonths = (entityId: string) => getPolicy(entityId).retention.staffRecordsMonths;

/** The app, built on the first request: its session secret comes from Secrets Manager (a failed read is retried). */
async function createApp() {
  const secret = await consoleSecret();
  if (!secret) throw new Error(`${Env.consoleSecretArn} names no secret`);
  const decisions = new DynamoDecisionStore({ document, tableName: env[Env.decisionTable] });
  const app = createConsoleApp(
    {
      decisions: decisionReader(decisions),
      staff: new DynamoStaffRecords(document, env[Env.decisionTable], staffRecordsMonths),
      offenders: withSentinellaHides(
        new DynamoOffenderLedger(document, env[Env.offenderTable], staffRecordsMonths),
        decisions,
      ),
      platforms: platformActionsFromEnv(process.env, { document }),
      deployments: env[Env.deployments],
      policyFor: getPolicy,
      subjects: new DynamoSubjectData(
        document,
        {
          decisions: env[Env.decisionTable],
          obligations: env[Env.obligationTable],
          offenders: env[Env.offenderTable],
          alerts: env[Env.alertTable],
        },
        getPolicy,
      ),
      clock: systemClock,
      randomId: () => randomUUID().slice(0, 8),
    },
    {
      verify: createTokenVerifier(provider, systemClock),
      signIn: () => {
        signIn ??= createSignIn(provider).catch((error) => {
          signIn = undefined;
          throw error;
        });
        return signIn;
      },
      sessionSecret: secret.sessionSecret,
      origin: new URL(env[Env.consoleUrl]).origin,
      providerLogoutUrl: env[Env.consoleLogoutUrl],
    },
  );
  return handleLambda(app);
}

let handling: ReturnType<typeof createApp> | undefined;

export const handler = middy(async (event: LambdaEvent, context: LambdaContext) => {
  handling ??= createApp().catch((error) => {
    handling = undefined;
    throw error;
  });
  return (await handling)(event, context);
}).use(injectLambdaContext(logger));
