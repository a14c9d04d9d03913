import { alertTable, decisionTable, Env, obligationTable, offenderTable, staffRowAttributes } from "@sentinella/aws";
import { CfnOutput, Duration, Fn } from "aws-cdk-lib";
import { type HttpApi, HttpMethod } from "aws-cdk-lib/aws-apigatewayv2";
import { HttpUserPoolAuthorizer } from "aws-cdk-lib/aws-apigatewayv2-authorizers";
import { HttpLambdaIntegration } from "aws-cdk-lib/aws-apigatewayv2-integrations";
import { OAuthScope, UserPoolClient } from "aws-cdk-lib/aws-cognito";
import { PolicyStatement } from "aws-cdk-lib/aws-iam";
import { Construct } from "constructs";
import { SentinellaFunction } from "./sentinella-function";
import type { StatefulStack } from "./stateful-stack";
import { subjectRequestStatements } from "./subject-erasure";

export interface StaffConsoleProps {
  api: HttpApi;
  stateful: StatefulStack;
  /** Settings every function reads (deployments, Graph host and version). */
  environment: Record<string, string>;
  tracing: boolean;
  /** Gives a function the platforms' tokens and hosts, as for the classifier and scheduler. */
  actOnPlatforms(actor: SentinellaFunction): void;
}

/**
 * The staff console on its HTTP API (the webhooks reach ingress through its function URL): a `console` Lambda (the Hono app through its Lambda adapter),
 * the user pool's app client (authorization code with PKCE, no secret), and the JWT authorizer.
 *
 * Routes: `/console/api/*` is for bearer-token callers and the HTTP API's JWT authorizer checks the token before
 * the function runs. The pages (`/console`, `/console/*`) are opened by a browser, which carries the session in a
 * cookie: a JWT authorizer reads a header or a query parameter only, so those routes reach the function, which
 * verifies the same ID token (signature against the pool's JWKS, issuer, audience, expiry) on every request and
 * reads entity and role from its `cognito:groups`.
 */
export class StaffConsole extends Construct {
  /** The console's public base URL ("https://<api>.execute-api.<region>.amazonaws.com/console"). */
  readonly url: string;
  readonly function: SentinellaFunction;

  constructor(scope: Construct, id: string, props: StaffConsoleProps) {
    super(scope, id);
    const { api, stateful } = props;
    const { userPool, domain } = stateful.staff;
    this.url = `${api.apiEndpoint}/console`;
    const callbackUrl = `${this.url}/auth/callback`;
    const signedOutUrl = `${this.url}/uscito`;

    const client = new UserPoolClient(this, "Client", {
      userPool,
      userPoolClientName: "sentinella-console",
      generateSecret: false,
      authFlows: {},
      oAuth: {
        flows: { authorizationCodeGrant: true },
        scopes: [OAuthScope.OPENID, OAuthScope.EMAIL],
        callbackUrls: [callbackUrl],
        logoutUrls: [signedOutUrl],
      },
      preventUserExistenceErrors: true,
      // A session lasts as long as its ID token: a working morning, then sign in again.
      idTokenValidity: Duration.hours(8),
      accessTokenValidity: Duration.hours(8),
    });

    this.function = new SentinellaFunction(this, "Console", {
      name: "console",
      memorySize: 512,
      timeout: Duration.seconds(15),
      tracing: props.tracing,
      environment: {
        ...props.environment,
        [Env.consoleUrl]: this.url,
        [Env.consoleIssuer]: userPool.userPoolProviderUrl,
        [Env.consoleClientId]: client.userPoolClientId,
        [Env.consoleLogoutUrl]: Fn.join("", [
          domain.baseUrl(),
          "/logout?client_id=",
          client.userPoolClientId,
          "&logout_uri=",
          signedOutUrl,
        ]),
      },
    });
    const fn = this.function.function;
    this.function.useSecret(Env.consoleSecretArn, stateful.consoleSecret);
    props.actOnPlatforms(this.function);

    // Decisions: read everything; write staff rows only (a put with a staff row's attributes, never an update).
    const decisions = stateful.table(decisionTable);
    this.function.readTable(Env.decisionTable, decisions, decisionTable);
    fn.addToRolePolicy(
      new PolicyStatement({
        actions: ["dynamodb:PutItem"],
        resources: [decisions.tableArn],
        conditions: { "ForAllValues:StringEquals": { "dynamodb:Attributes": [...staffRowAttributes] } },
      }),
    );
    // The repeat-offender ledger: read, and append events (a put; the app adds attribute_not_exists).
    const offenders = stateful.table(offenderTable);
    this.function.readTable(Env.offenderTable, offenders, offenderTable);
    fn.addToRolePolicy(new PolicyStatement({ actions: ["dynamodb:PutItem"], resources: [offenders.tableArn] }));
    // Auditors answer citizens' access and erasure requests from a page: the erasure role's statements, the only
    // ones that empty a row or delete one (the app lets the auditor role alone use them).
    fn.addEnvironment(Env.obligationTable, stateful.table(obligationTable).tableName);
    fn.addEnvironment(Env.alertTable, stateful.table(alertTable).tableName);
    for (const statement of subjectRequestStatements((spec) => stateful.table(spec))) fn.addToRolePolicy(statement);

    const integration = new HttpLambdaIntegration("ConsoleIntegration", fn);
    const authorizer = new HttpUserPoolAuthorizer("ConsoleAuthorizer", userPool, {
      userPoolClients: [client],
      authorizerName: "sentinella-console",
    });
    api.addRoutes({ path: "/console/api/{proxy+}", methods: [HttpMethod.GET], integration, authorizer });
    for (const path of ["/console", "/console/{proxy+}"]) {
      api.addRoutes({ path, methods: [HttpMethod.GET, HttpMethod.POST], integration });
    }
    new CfnOutput(scope, "ConsoleUrl", { value: this.url });
    new CfnOutput(scope, "StaffUserPoolId", { value: userPool.userPoolId });
  }
}
