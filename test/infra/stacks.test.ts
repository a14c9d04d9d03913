import { existsSync, readFileSync, rmSync } from "node:fs";
import {
  alertTable,
  decisionLeaseAttribute,
  decisionTable,
  Env,
  erasureRecordAttributes,
  indexProjection,
  itemQueue,
  obligationTable,
  offenderTable,
  personalAttributes,
  pollerTable,
  staffRowAttributes,
  type TableSpec,
  tables,
  tombstoneAttributes,
} from "@sentinella/aws";
import { App, type CfnElement, Stack } from "aws-cdk-lib";
import { Annotations, Match, Template } from "aws-cdk-lib/assertions";
import { Secret } from "aws-cdk-lib/aws-secretsmanager";
import { build } from "esbuild";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { esbuildSettings, lambdaBuildOptions } from "../../infra/bundling";
import { readSettings } from "../../infra/context";
import { createStacks } from "../../infra/stacks";

type PolicyDocument = { Statement: { Action: string | string[]; Resource: unknown; Condition?: unknown }[] };
type Resource = { Type: string; Properties: Record<string, unknown>; DeletionPolicy?: string; Metadata?: object };

/** The context `cdk synth` uses (feature flags), so the tests check the templates that get deployed. */
const cdkContext = JSON.parse(readFileSync(new URL("../../cdk.json", import.meta.url), "utf8")).context;

/** One entity on every platform, so every platform's secret and setting is there. */
const deployments = [
  {
    entityId: "comune-cento",
    mode: "shadow",
    accounts: [
      { platform: "facebook", accountId: "fb-comune-cento" },
      { platform: "x", accountId: "1234567890" },
      { platform: "linkedin", accountId: "98765" },
      { platform: "youtube", accountId: "UCcomunecento" },
    ],
  },
];
const alertEmailFrom = "sentinella@comune.cento.fe.it";
const alarmEmail = "sistemi@comune.cento.fe.it";

let app: App;
let stacks: ReturnType<typeof createStacks>;
let stateful: Template;
let pipeline: Template;

beforeAll(() => {
  app = new App({
    // Path metadata (the CLI adds it) identifies resources by construct path rather than by generated logical id.
    context: {
      ...cdkContext,
      "aws:cdk:enable-path-metadata": true,
      deployments: JSON.stringify(deployments),
      alertEmailFrom,
      alarmEmails: JSON.stringify([alarmEmail]),
    },
  });
  stacks = createStacks(app);
  stateful = Template.fromStack(stacks.stateful);
  pipeline = Template.fromStack(stacks.pipeline);
});

// The app synthesises into a temporary folder; the bundles in it are a few megabytes per run.
afterAll(() => rmSync(app.outdir, { recursive: true, force: true }));

function resourceAt(template: Template, type: string, path: string): Resource {
  const found = Object.values(template.findResources(type) as Record<string, Resource>).filter(
    (resource) => (resource.Metadata as { "aws:cdk:path"?: string })["aws:cdk:path"] === path,
  );
  expect(found, `${type} at ${path}`).toHaveLength(1);
  return found[0] as Resource;
}

const lambda = (name: string) =>
  resourceAt(pipeline, "AWS::Lambda::Function", `SentinellaPipeline/${name}/Function/Resource`);

const functionNames = ["Ingress", "Classifier", "Scheduler", "Poller", "StaffConsole/Console"];

/** Read by Node and Powertools, not by our code: named by them. */
const runtimeSettings = ["NODE_OPTIONS", "POWERTOOLS_SERVICE_NAME", "POWERTOOLS_METRICS_NAMESPACE"];
const youTube = [Env.youTubeSecretArn, Env.pollerTable, Env.youTubeApiBaseUrl];
const linkedIn = [Env.linkedInSecretArn, Env.linkedInApiBaseUrl, Env.linkedInVersion];
const acting = [Env.metaSecretArn, Env.xSecretArn, Env.xApiBaseUrl, ...linkedIn, ...youTube];
const alerting = [Env.alertTable, Env.alertRoutes, Env.slackWebhooksSecretArn, Env.alertEmailFrom, Env.consoleUrl];

function keySchema(key: Pick<TableSpec, "partitionKey" | "sortKey">) {
  return [
    { AttributeName: key.partitionKey.name, KeyType: "HASH" },
    ...(key.sortKey ? [{ AttributeName: key.sortKey.name, KeyType: "RANGE" }] : []),
  ];
}

/** The policy document of one function's role. */
function policyOf(name: string) {
  const path = `SentinellaPipeline/${name}/Role/DefaultPolicy/Resource`;
  return resourceAt(pipeline, "AWS::IAM::Policy", path).Properties.PolicyDocument as PolicyDocument;
}

const actionsOf = (name: string) => policyOf(name).Statement.flatMap((statement) => statement.Action);

describe("stateful stack", () => {
  it("builds one table per spec in resources.ts and nothing else", () => {
    expect(Object.keys(stateful.findResources("AWS::DynamoDB::GlobalTable"))).toHaveLength(tables.length);
  });

  it.each(tables.map((spec): [string, TableSpec] => [spec.id, spec]))(
    "builds the %s table from its spec",
    (id, spec) => {
      const table = resourceAt(stateful, "AWS::DynamoDB::GlobalTable", `SentinellaStateful/${id}/Resource`);
      expect(table.DeletionPolicy).toBe("Retain");
      expect(table.Properties.KeySchema).toEqual(keySchema(spec));
      expect(table.Properties.GlobalSecondaryIndexes ?? []).toEqual(
        spec.globalIndexes.map((index) => ({
          IndexName: index.indexName,
          KeySchema: keySchema(index),
          Projection: indexProjection(index.projection),
        })),
      );
      expect(table.Properties).toMatchObject({
        BillingMode: "PAY_PER_REQUEST",
        SSESpecification: { SSEEnabled: true },
        Replicas: [
          { PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true }, DeletionProtectionEnabled: true },
        ],
      });
      expect(table.Properties.TimeToLiveSpecification).toEqual(
        spec.timeToLiveAttribute ? { AttributeName: spec.timeToLiveAttribute, Enabled: true } : undefined,
      );
    },
  );

  it("redrives items to a dead-letter queue and hides a received item for 6 classifier timeouts", () => {
    const queue = resourceAt(stateful, "AWS::SQS::Queue", "SentinellaStateful/Items/Resource");
    const classifierTimeout = lambda("Classifier").Properties.Timeout as number;
    expect(queue.Properties.VisibilityTimeout).toBeGreaterThanOrEqual(6 * classifierTimeout);
    expect(queue.Properties).toMatchObject({
      RedrivePolicy: { maxReceiveCount: itemQueue.maxReceiveCount },
      MessageRetentionPeriod: itemQueue.retentionSeconds,
      SqsManagedSseEnabled: true,
    });
    const deadLetter = resourceAt(stateful, "AWS::SQS::Queue", "SentinellaStateful/ItemsDeadLetter/Resource");
    expect(deadLetter.Properties.MessageRetentionPeriod).toBe(itemQueue.deadLetterRetentionSeconds);
    // `sentinella dlq` on an operator's machine reads them (ITEM_QUEUE_URL, ITEM_DLQ_URL).
    stateful.hasOutput("ItemQueueUrl", {});
    stateful.hasOutput("DeadLetterQueueUrl", {});
  });

  it("creates a platform's secret only once a deployment has an account there (a secret is $0.40 a month)", () => {
    const facebookOnly = new App({
      context: {
        ...cdkContext,
        "aws:cdk:bundling-stacks": [],
        deployments: JSON.stringify([{ ...deployments[0], accounts: deployments[0]?.accounts.slice(0, 1) }]),
      },
    });
    const only = createStacks(facebookOnly);
    const secrets = Template.fromStack(only.stateful).findResources("AWS::SecretsManager::Secret");
    expect(Object.keys(secrets).map((id) => id.replace(/[A-F0-9]{8}$/, ""))).toEqual([
      "MetaSecret",
      "SlackWebhooksSecret",
      "ConsoleSecret",
    ]);
    const functions = Object.values(Template.fromStack(only.pipeline).findResources("AWS::Lambda::Function"));
    const named = functions.flatMap((fn) => Object.keys(fn.Properties.Environment.Variables));
    expect(named).toContain(Env.metaSecretArn);
    expect(named).not.toContain(Env.xSecretArn);
    expect(named).not.toContain(Env.youTubeSecretArn);
    rmSync(facebookOnly.outdir, { recursive: true, force: true });
  });

  it("gives subject requests a role of their own that empties personal attributes but deletes no decision row", () => {
    const logicalId = (spec: TableSpec) =>
      stacks.stateful.getLogicalId(stacks.stateful.table(spec).node.defaultChild as CfnElement);
    const policy = resourceAt(stateful, "AWS::IAM::Policy", "SentinellaStateful/SubjectErasure/Policy/Resource");
    const { Statement } = policy.Properties.PolicyDocument as PolicyDocument;
    const on = (spec: TableSpec) =>
      Statement.filter((statement) => JSON.stringify(statement.Resource).includes(logicalId(spec)));
    const actions = (statements: PolicyDocument["Statement"]) =>
      [...new Set(statements.flatMap((statement) => [statement.Action].flat()))].sort();
    expect(actions(on(decisionTable))).toEqual(["dynamodb:PutItem", "dynamodb:Query", "dynamodb:UpdateItem"]);
    const onDecisions = (action: string) =>
      on(decisionTable).filter((statement) => [statement.Action].flat().includes(action));
    expect(onDecisions("dynamodb:UpdateItem").map((statement) => statement.Condition)).toEqual([
      { "ForAllValues:StringEquals": { "dynamodb:Attributes": ["pk", "sk", ...personalAttributes] } },
    ]);
    // Puts only its erasure records and the authors' tombstones, each with its own attributes: never a decision row.
    expect(onDecisions("dynamodb:PutItem").map((statement) => statement.Condition)).toEqual([
      {
        "ForAllValues:StringLike": { "dynamodb:LeadingKeys": ["erasure#*"] },
        "ForAllValues:StringEquals": { "dynamodb:Attributes": [...erasureRecordAttributes] },
      },
      {
        "ForAllValues:StringLike": { "dynamodb:LeadingKeys": ["erased#*"] },
        "ForAllValues:StringEquals": { "dynamodb:Attributes": [...tombstoneAttributes] },
      },
    ]);
    expect(actions(on(obligationTable))).toEqual(["dynamodb:DeleteItem", "dynamodb:GetItem"]);
    expect(actions(on(offenderTable))).toEqual(["dynamodb:DeleteItem", "dynamodb:PutItem", "dynamodb:Query"]);
    expect(actions(on(alertTable))).toEqual(["dynamodb:DeleteItem", "dynamodb:Query"]);
    expect(on(pollerTable)).toEqual([]);
    const granted = JSON.stringify(Statement);
    for (const wide of ["Scan", "BatchWriteItem", "index/*", '"dynamodb:*"']) expect(granted).not.toContain(wide);
    // No function may assume or hold it: only principals of the account, through sts:AssumeRole.
    const role = resourceAt(stateful, "AWS::IAM::Role", "SentinellaStateful/SubjectErasure/Role/Resource");
    expect(JSON.stringify(role.Properties.AssumeRolePolicyDocument)).not.toContain("lambda.amazonaws.com");
  });

  it("retains queues and secrets when the stack is deleted", () => {
    const retained = ["AWS::SQS::Queue", "AWS::SecretsManager::Secret"].flatMap((type) =>
      Object.values(stateful.findResources(type) as Record<string, Resource>),
    );
    expect(retained.length).toBeGreaterThanOrEqual(7);
    expect(retained.every((resource) => resource.DeletionPolicy === "Retain")).toBe(true);
  });
});

describe("pipeline stack", () => {
  it("runs every function on Node 24, arm64, with source maps, untraced unless the deployment asks", () => {
    expect(Object.keys(pipeline.findResources("AWS::Lambda::Function"))).toHaveLength(functionNames.length);
    for (const name of functionNames) {
      expect(lambda(name).Properties, name).toMatchObject({
        Runtime: "nodejs24.x",
        Architectures: ["arm64"],
        Handler: "index.handler",
        Environment: { Variables: { NODE_OPTIONS: "--enable-source-maps" } },
      });
      expect(lambda(name).Properties.TracingConfig, name).not.toEqual({ Mode: "Active" });
    }
    const traced = new App({ context: { ...cdkContext, "aws:cdk:bundling-stacks": [], tracing: "true" } });
    const tracedPipeline = Template.fromStack(createStacks(traced).pipeline);
    const modes = Object.values(tracedPipeline.findResources("AWS::Lambda::Function") as Record<string, Resource>).map(
      (resource) => resource.Properties.TracingConfig,
    );
    expect(modes).toEqual(functionNames.map(() => ({ Mode: "Active" })));
  });

  it("bundles every handler as a minified ES module with its source map", () => {
    for (const name of functionNames) {
      const { S3Key } = lambda(name).Properties.Code as { S3Key: string };
      const assetDir = `${app.outdir}/asset.${S3Key.replace(/\.zip$/, "")}`;
      const bundle = readFileSync(`${assetDir}/index.mjs`, "utf8");
      expect(bundle.startsWith(esbuildSettings.banner), name).toBe(true);
      expect(bundle, name).toMatch(/export\{[^}]*\bhandler\}/);
      expect(existsSync(`${assetDir}/index.mjs.map`), name).toBe(true);
    }
  });

  it("bundles a handler exactly as npm run bundle-sizes measures it", async () => {
    // All functions share the options, so one proves them equal; ingress is the quickest to build again.
    const { S3Key } = lambda("Ingress").Properties.Code as { S3Key: string };
    const deployed = readFileSync(`${app.outdir}/asset.${S3Key.replace(/\.zip$/, "")}/index.mjs`);
    const measured = await build({ ...lambdaBuildOptions("ingress"), outfile: "index.mjs", write: false });
    const bundle = measured.outputFiles.find((file) => file.path.endsWith(".mjs"));
    expect(bundle && Buffer.from(bundle.contents).equals(deployed)).toBe(true);
  });

  it("serves the webhooks on ingress's function URL, not the HTTP API, and outputs each platform's URL", () => {
    const [ingressId] = Object.keys(pipeline.findResources("AWS::Lambda::Function", lambda("Ingress")));
    pipeline.hasResourceProperties("AWS::Lambda::Url", {
      AuthType: "NONE",
      TargetFunctionArn: { "Fn::GetAtt": [ingressId ?? "", "Arn"] },
    });
    const routes = Object.values(pipeline.findResources("AWS::ApiGatewayV2::Route") as Record<string, Resource>);
    expect(
      routes.map((route) => route.Properties.RouteKey as string).filter((key) => key.includes("/webhooks/")),
    ).toEqual([]);
    for (const [output, platform] of [
      ["WebhookUrl", "meta"],
      ["XWebhookUrl", "x"],
      ["LinkedInWebhookUrl", "linkedin"],
    ] as const) {
      expect(JSON.stringify(pipeline.findOutputs(output))).toContain(`webhooks/${platform}`);
    }
  });

  it("caps ingress's concurrency so forged floods cannot exhaust the account's Lambda concurrency", () => {
    expect(lambda("Ingress").Properties.ReservedConcurrentExecutions).toBe(10);
  });

  it("throttles the console's HTTP API and writes its access log with no body, header or query string in it", () => {
    pipeline.hasResourceProperties("AWS::ApiGatewayV2::Stage", {
      StageName: "$default",
      AutoDeploy: true,
      DefaultRouteSettings: { ThrottlingRateLimit: 50, ThrottlingBurstLimit: 100 },
    });
    const [stage] = Object.values(pipeline.findResources("AWS::ApiGatewayV2::Stage") as Record<string, Resource>);
    const settings = stage?.Properties.AccessLogSettings as { Format: string; DestinationArn: unknown };
    expect(Object.keys(JSON.parse(settings.Format))).toContain("requestId");
    expect(settings.Format).not.toMatch(/body|header|querystring/i);
    expect(JSON.stringify(settings.DestinationArn)).toContain("WebhookAccessLogs");
  });

  it("sends every alarm to an SNS topic that e-mails the configured operators", () => {
    pipeline.hasResourceProperties("AWS::SNS::Subscription", { Protocol: "email", Endpoint: alarmEmail });
    const topicId = Object.keys(pipeline.findResources("AWS::SNS::Topic"))[0];
    const alarms = Object.values(pipeline.findResources("AWS::CloudWatch::Alarm") as Record<string, Resource>);
    expect(alarms.length).toBeGreaterThanOrEqual(3);
    for (const alarm of alarms) expect(alarm.Properties.AlarmActions).toEqual([{ Ref: topicId }]);
  });

  it("feeds the classifier from the item queue with partial batch failures", () => {
    pipeline.resourceCountIs("AWS::Lambda::EventSourceMapping", 1);
    pipeline.hasResourceProperties("AWS::Lambda::EventSourceMapping", {
      FunctionName: { Ref: Object.keys(pipeline.findResources("AWS::Lambda::Function", lambda("Classifier")))[0] },
      BatchSize: itemQueue.batchSize,
      MaximumBatchingWindowInSeconds: itemQueue.maxBatchingWindowSeconds,
      FunctionResponseTypes: ["ReportBatchItemFailures"],
    });
  });

  it("polls YouTube every 5 minutes", () => {
    const pollerId = Object.keys(pipeline.findResources("AWS::Lambda::Function", lambda("Poller")))[0];
    pipeline.hasResourceProperties("AWS::Events::Rule", {
      ScheduleExpression: "rate(5 minutes)",
      Targets: [{ Arn: { "Fn::GetAtt": [pollerId, "Arn"] } }],
    });
  });

  it("runs the scheduler every 5 minutes", () => {
    const schedulerId = Object.keys(pipeline.findResources("AWS::Lambda::Function", lambda("Scheduler")))[0];
    pipeline.hasResourceProperties("AWS::Events::Rule", {
      ScheduleExpression: "rate(5 minutes)",
      Targets: [{ Arn: { "Fn::GetAtt": [schedulerId, "Arn"] } }],
    });
  });

  it.each([
    ["Ingress", [Env.itemQueueUrl, Env.metaSecretArn, Env.xSecretArn, Env.linkedInSecretArn, Env.pollerTable]],
    [
      "Classifier",
      [
        Env.itemQueueUrl,
        Env.deadLetterQueueUrl,
        Env.decisionTable,
        Env.obligationTable,
        Env.offenderTable,
        ...acting,
        ...alerting,
      ],
    ],
    ["Scheduler", [Env.obligationTable, ...acting, ...alerting]],
    ["Poller", [Env.itemQueueUrl, ...youTube, ...alerting]],
    [
      "StaffConsole/Console",
      [
        Env.decisionTable,
        Env.offenderTable,
        Env.obligationTable,
        Env.alertTable,
        Env.consoleUrl,
        Env.consoleIssuer,
        Env.consoleClientId,
        Env.consoleLogoutUrl,
        Env.consoleSecretArn,
        ...acting,
      ],
    ],
  ])("gives %s exactly its settings, all named through Env", (name, expected) => {
    const variables = (lambda(name).Properties.Environment as { Variables: Record<string, unknown> }).Variables;
    const shared = [Env.deployments, Env.graphApiBaseUrl, Env.graphApiVersion];
    expect(Object.keys(variables).sort()).toEqual([...shared, ...expected, ...runtimeSettings].sort());
    expect(JSON.parse(variables[Env.deployments] as string)).toEqual(deployments);
  });

  it.each([
    ["Ingress", [pollerTable.id]],
    ["Classifier", [alertTable.id, decisionTable.id, obligationTable.id, offenderTable.id, pollerTable.id]],
    ["Scheduler", [alertTable.id, obligationTable.id, pollerTable.id]],
    ["Poller", [alertTable.id, pollerTable.id]],
    ["StaffConsole/Console", [alertTable.id, decisionTable.id, obligationTable.id, offenderTable.id, pollerTable.id]],
  ])("lets %s reach only the tables it uses", (name, expected) => {
    const granted = JSON.stringify(policyOf(name));
    const reached = tables.filter((spec) => {
      const resource = stacks.stateful.table(spec).node.defaultChild as CfnElement;
      return granted.includes(stacks.stateful.getLogicalId(resource));
    });
    expect(reached.map((spec) => spec.id).sort()).toEqual(expected);
  });

  it("lets the classifier append to the decision table and update its action lease only: no delete, batch write or scan", () => {
    const tableId = stacks.stateful.getLogicalId(stacks.stateful.table(decisionTable).node.defaultChild as CfnElement);
    const onDecisions = policyOf("Classifier").Statement.filter((statement) =>
      JSON.stringify(statement.Resource).includes(tableId),
    );
    const actions = new Set(onDecisions.flatMap((statement) => [statement.Action].flat()));
    expect([...actions].sort()).toEqual(["dynamodb:PutItem", "dynamodb:Query", "dynamodb:UpdateItem"]);
    const updates = onDecisions.filter((statement) => [statement.Action].flat().includes("dynamodb:UpdateItem"));
    expect(updates.map((statement) => statement.Condition)).toEqual([
      { "ForAllValues:StringEquals": { "dynamodb:Attributes": ["pk", "sk", decisionLeaseAttribute] } },
    ]);
    // Indexes by name, not index/*: a future index is not queryable until it is granted.
    expect(JSON.stringify(onDecisions)).not.toContain("index/*");
  });

  it("lets the classifier only append to the repeat-offender ledger", () => {
    const tableId = stacks.stateful.getLogicalId(stacks.stateful.table(offenderTable).node.defaultChild as CfnElement);
    const onLedger = policyOf("Classifier").Statement.filter((statement) =>
      JSON.stringify(statement.Resource).includes(tableId),
    );
    expect(onLedger.flatMap((statement) => [statement.Action].flat())).toEqual(["dynamodb:PutItem"]);
  });

  it("lets only the classifier send to the dead-letter queue (a failed delivery, with its error), and none read it", () => {
    const dlqId = stacks.stateful.getLogicalId(stacks.stateful.deadLetterQueue.node.defaultChild as CfnElement);
    const onDlq = (name: string) =>
      policyOf(name)
        .Statement.filter((statement) => JSON.stringify(statement.Resource).includes(dlqId))
        .flatMap((statement) => [statement.Action].flat());
    expect(onDlq("Classifier")).toContain("sqs:SendMessage");
    expect(onDlq("Classifier")).not.toContain("sqs:ReceiveMessage");
    for (const name of ["Ingress", "Poller", "Scheduler", "StaffConsole/Console"])
      expect(onDlq(name), name).toEqual([]);
  });

  it("gives ingress the queue and the Meta secret, no e-mail, and of the tables only puts of handshake rows", () => {
    const actions = actionsOf("Ingress");
    expect(actions).toContain("sqs:SendMessage");
    expect(actions).toContain("secretsmanager:GetSecretValue");
    expect(actions.filter((action) => /^(dynamodb|ses):/.test(action))).toEqual(["dynamodb:PutItem"]);
    const put = policyOf("Ingress").Statement.find((statement) => JSON.stringify(statement).includes("PutItem"));
    expect(JSON.stringify(put)).toContain('"dynamodb:LeadingKeys":["handshake#*"]');
  });

  it("lets only the scheduler write the platform secrets, to store the tokens it renews", () => {
    for (const name of ["Ingress", "Classifier", "Poller", "StaffConsole/Console"]) {
      expect(
        actionsOf(name).filter((action) => action === "secretsmanager:PutSecretValue"),
        name,
      ).toEqual([]);
    }
    const puts = policyOf("Scheduler").Statement.filter((statement) =>
      [statement.Action].flat().includes("secretsmanager:PutSecretValue"),
    );
    const written = JSON.stringify(puts);
    for (const id of ["XSecret", "LinkedInSecret", "YouTubeSecret"]) expect(written, id).toContain(id);
    expect(written).not.toContain("MetaSecret");
  });

  it("lets the classifier and scheduler send e-mail from the configured sender only", () => {
    for (const name of ["Classifier", "Scheduler"]) expect(actionsOf(name), name).toContain("ses:SendEmail");
    const emailStatements = Object.values(pipeline.findResources("AWS::IAM::Policy") as Record<string, Resource>)
      .flatMap((policy) => (policy.Properties.PolicyDocument as { Statement: object[] }).Statement)
      .filter((statement) => (statement as { Action: unknown }).Action === "ses:SendEmail");
    for (const statement of emailStatements) {
      expect(JSON.stringify(statement)).toContain(`identity/${alertEmailFrom}`);
      expect(JSON.stringify(statement)).not.toContain("*");
    }
  });
});

describe("staff console", () => {
  const consoleId = () =>
    Object.keys(pipeline.findResources("AWS::Lambda::Function", lambda("StaffConsole/Console")))[0] as string;

  it("has a user pool without self sign-up, a hosted login domain and a group per entity and role", () => {
    stateful.hasResourceProperties("AWS::Cognito::UserPool", {
      AdminCreateUserConfig: { AllowAdminCreateUserOnly: true },
    });
    stateful.hasResource("AWS::Cognito::UserPool", { DeletionPolicy: "Retain" });
    stateful.resourceCountIs("AWS::Cognito::UserPoolDomain", 1);
    const groups = Object.values(stateful.findResources("AWS::Cognito::UserPoolGroup") as Record<string, Resource>);
    expect(groups.map((group) => group.Properties.GroupName).sort()).toEqual([
      "comune-cento:admin",
      "comune-cento:auditor",
      "comune-cento:moderator",
    ]);
  });

  it("signs staff in with the authorization code flow and PKCE, as a public client", () => {
    pipeline.hasResourceProperties("AWS::Cognito::UserPoolClient", {
      AllowedOAuthFlows: ["code"],
      AllowedOAuthFlowsUserPoolClient: true,
      GenerateSecret: false,
      CallbackURLs: [Match.objectLike({ "Fn::Join": Match.arrayWith([Match.arrayWith(["/console/auth/callback"])]) })],
    });
  });

  it("puts the JWT authorizer of the user pool on the console's API routes; the pages reach the function", () => {
    const [authorizerId] = Object.keys(
      pipeline.findResources("AWS::ApiGatewayV2::Authorizer", {
        Properties: { AuthorizerType: "JWT", IdentitySource: ["$request.header.Authorization"] },
      }),
    );
    expect(authorizerId).toBeDefined();
    const routes = Object.values(pipeline.findResources("AWS::ApiGatewayV2::Route") as Record<string, Resource>);
    const consoleRoutes = routes.filter((route) => (route.Properties.RouteKey as string).includes("/console"));
    const guarded = consoleRoutes.filter((route) => route.Properties.AuthorizationType === "JWT");
    expect(guarded.map((route) => route.Properties.RouteKey)).toEqual(["GET /console/api/{proxy+}"]);
    for (const route of guarded) expect(route.Properties.AuthorizerId).toEqual({ Ref: authorizerId });
    expect(consoleRoutes.map((route) => route.Properties.RouteKey).sort()).toEqual([
      "GET /console",
      "GET /console/api/{proxy+}",
      "GET /console/{proxy+}",
      "POST /console",
      "POST /console/{proxy+}",
    ]);
    const integrations = pipeline.findResources("AWS::ApiGatewayV2::Integration", {
      Properties: { IntegrationUri: { "Fn::GetAtt": [consoleId(), "Arn"] } },
    });
    expect(Object.keys(integrations)).toHaveLength(1);
    pipeline.hasOutput("ConsoleUrl", {});
  });

  it("lets the console put only staff rows, and empty or delete rows only as the subject-request role may", () => {
    const tableIds = tables.map((spec) => ({
      spec,
      id: stacks.stateful.getLogicalId(stacks.stateful.table(spec).node.defaultChild as CfnElement),
    }));
    /** A policy as single grants "action table[/index] condition": templates name tables differently across stacks. */
    const grants = (document: PolicyDocument) =>
      document.Statement.flatMap((statement) =>
        [statement.Action].flat().flatMap((action) =>
          [statement.Resource].flat().flatMap((resource) => {
            const text = JSON.stringify(resource);
            const table = tableIds.find(({ id }) => text.includes(id));
            const index = /\/index\/([A-Za-z]+)/.exec(text)?.[1];
            if (!table) return [];
            return [
              `${action} ${table.spec.id}${index ? `/${index}` : ""} ${JSON.stringify(statement.Condition ?? {})}`,
            ];
          }),
        ),
      );
    const subject = grants(
      resourceAt(stateful, "AWS::IAM::Policy", "SentinellaStateful/SubjectErasure/Policy/Resource").Properties
        .PolicyDocument as PolicyDocument,
    );
    const console = grants(policyOf("StaffConsole/Console"));
    // Everything a subject request needs, so auditors answer them from the console too.
    for (const grant of subject) expect(console).toContain(grant);
    const own = console.filter((grant) => !subject.includes(grant));
    // (The poller table is the YouTube quota ledger, which acting on the platforms spends.)
    const onRecords = own.filter((grant) => !grant.includes(` ${pollerTable.id} `));
    expect(onRecords.filter((grant) => /^dynamodb:(Update|Delete|BatchWrite|Scan)/.test(grant))).toEqual([]);
    for (const spec of [decisionTable, offenderTable]) {
      expect(console.some((grant) => grant.startsWith(`dynamodb:Query ${spec.id} `))).toBe(true);
      expect(console.some((grant) => grant.startsWith(`dynamodb:PutItem ${spec.id} `))).toBe(true);
    }
    const decisionPuts = own.filter((grant) => grant.startsWith(`dynamodb:PutItem ${decisionTable.id} `));
    expect(decisionPuts).toEqual([
      `dynamodb:PutItem ${decisionTable.id} ${JSON.stringify({ "ForAllValues:StringEquals": { "dynamodb:Attributes": [...staffRowAttributes] } })}`,
    ]);
    expect(staffRowAttributes).not.toContain("fullText");
    expect(staffRowAttributes).not.toContain("actionsTaken");
  });
});

it("synthesises without warnings or errors (e.g. an unset cross-stack reference strength)", () => {
  for (const stack of [stacks.stateful, stacks.pipeline]) {
    Annotations.fromStack(stack).hasNoWarning("*", Match.anyValue());
    Annotations.fromStack(stack).hasNoError("*", Match.anyValue());
  }
});

describe("cdk-nag AwsSolutions", () => {
  /** The app as `cdk synth` builds it, without bundling (the checks read the templates, not the code). */
  const unbundled = (context: Record<string, unknown> = {}) =>
    new App({
      context: { ...cdkContext, "aws:cdk:bundling-stacks": [], deployments: JSON.stringify(deployments), ...context },
    });

  it.each([false, true])(
    "synthesises with every finding fixed or acknowledged with a reason (tracing %s)",
    (tracing) => {
      const checked = unbundled({ tracing, alertEmailFrom, alarmEmails: JSON.stringify([alarmEmail]) });
      createStacks(checked);
      expect(() => checked.synth()).not.toThrow();
    },
  );

  it("stops the synth on a finding nobody acknowledged", () => {
    const checked = unbundled();
    createStacks(checked);
    new Secret(new Stack(checked, "Unreviewed"), "Unrotated");
    expect(() => checked.synth()).toThrow(/AwsSolutions-SMG4/);
  });
});

describe("context", () => {
  it("defaults to no deployments", () => {
    expect(readSettings(new App().node).deployments).toEqual([]);
  });

  it.each([
    ["an unknown mode", '[{"entityId":"comune-cento","mode":"loud","accounts":[]}]'],
    ["text that is not JSON", "comune-cento"],
  ])("fails the synth on deployments with %s, naming the setting", (_, value) => {
    expect(() => readSettings(new App({ context: { deployments: value } }).node)).toThrow(/deployments/);
  });

  it("fails the synth on an alert route with a malformed e-mail address", () => {
    const alertRoutes = JSON.stringify({ "comune-cento": { onCallEmails: ["reperibile at comune.cento.fe.it"] } });
    expect(() => readSettings(new App({ context: { alertRoutes } }).node)).toThrow(/alertRoutes/);
  });
});
