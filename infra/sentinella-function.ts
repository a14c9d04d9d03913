import type { TableSpec } from "@sentinella/aws";
import { type Duration, RemovalPolicy, Validations } from "aws-cdk-lib";
import type { ITableV2 } from "aws-cdk-lib/aws-dynamodb";
import { PolicyStatement, Role, ServicePrincipal } from "aws-cdk-lib/aws-iam";
import { Architecture, Runtime, Tracing } from "aws-cdk-lib/aws-lambda";
import { NodejsFunction, OutputFormat } from "aws-cdk-lib/aws-lambda-nodejs";
import { LogGroup, RetentionDays } from "aws-cdk-lib/aws-logs";
import type { ISecret } from "aws-cdk-lib/aws-secretsmanager";
import { Construct } from "constructs";
import { esbuildSettings, type FunctionName, handlerEntries, projectRoot } from "./bundling";

export interface SentinellaFunctionProps {
  name: FunctionName;
  memorySize: number;
  timeout: Duration;
  /** Application settings; their names come from `Env` in packages/aws/src/resources.ts. */
  environment?: Record<string, string>;
  /** X-Ray active tracing (the `tracing` deployment setting). */
  tracing: boolean;
  /** The most instances at once, taken from the account's pool: a ceiling for a public endpoint. */
  reservedConcurrency?: number;
}

/**
 * A Lambda function with the house defaults: Node 24 on arm64, a minified ESM bundle with source maps,
 * X-Ray tracing when the deployment asks for it, Powertools' service name and a log group whose retention is bounded (logs may quote citizens).
 */
export class SentinellaFunction extends Construct {
  readonly function: NodejsFunction;

  constructor(scope: Construct, id: string, props: SentinellaFunctionProps) {
    super(scope, id);
    const logGroup = new LogGroup(this, "Logs", {
      retention: RetentionDays.ONE_MONTH,
      removalPolicy: RemovalPolicy.DESTROY,
    });
    // Its own role rather than AWSLambdaBasicExecutionRole, which may write to every log group of the account.
    const role = new Role(this, "Role", { assumedBy: new ServicePrincipal("lambda.amazonaws.com") });
    logGroup.grantWrite(role);
    if (props.tracing) {
      Validations.of(role).acknowledge({
        id: "AwsSolutions::AwsSolutions-IAM5[Resource::*]",
        reason: "X-Ray's PutTraceSegments and PutTelemetryRecords have no resource to name (Lambda's active tracing)",
      });
    }
    this.function = new NodejsFunction(this, "Function", {
      role,
      entry: `${projectRoot}/${handlerEntries[props.name]}`,
      handler: "handler",
      projectRoot,
      depsLockFilePath: `${projectRoot}/package-lock.json`,
      runtime: Runtime.NODEJS_24_X,
      architecture: Architecture.ARM_64,
      memorySize: props.memorySize,
      timeout: props.timeout,
      reservedConcurrentExecutions: props.reservedConcurrency,
      tracing: props.tracing ? Tracing.ACTIVE : Tracing.DISABLED,
      logGroup,
      environment: {
        ...props.environment,
        // Powertools' own variable names (logger, metrics and tracer read them), not the application's.
        POWERTOOLS_SERVICE_NAME: props.name,
        POWERTOOLS_METRICS_NAMESPACE: "Sentinella",
        NODE_OPTIONS: "--enable-source-maps",
      },
      bundling: {
        format: OutputFormat.ESM,
        target: esbuildSettings.target,
        banner: esbuildSettings.banner,
        minify: esbuildSettings.minify,
        sourceMap: true,
        sourcesContent: esbuildSettings.sourcesContent,
        mainFields: esbuildSettings.mainFields,
        bundleAwsSDK: true,
        externalModules: esbuildSettings.external,
      },
    });
  }

  /**
   * Names the table in `envName` and lets the function read and write its items (every user of a table writes):
   * the item actions on the table and Query on its indexes by name, never Scan (no access pattern needs one).
   */
  useTable(envName: string, table: ITableV2, spec: TableSpec): void {
    this.function.addEnvironment(envName, table.tableName);
    this.function.addToRolePolicy(
      new PolicyStatement({
        actions: [
          "dynamodb:GetItem",
          "dynamodb:BatchGetItem",
          "dynamodb:Query",
          "dynamodb:PutItem",
          "dynamodb:UpdateItem",
          "dynamodb:DeleteItem",
          "dynamodb:BatchWriteItem",
          "dynamodb:ConditionCheckItem",
        ],
        resources: [table.tableArn],
      }),
    );
    this.queryIndexes(table, spec);
  }

  /** Names the table in `envName` and lets the function read it by key and by Query (the table and its named indexes), never Scan. */
  readTable(envName: string, table: ITableV2, spec: TableSpec): void {
    this.function.addEnvironment(envName, table.tableName);
    this.function.addToRolePolicy(
      new PolicyStatement({
        actions: ["dynamodb:GetItem", "dynamodb:BatchGetItem", "dynamodb:Query"],
        resources: [table.tableArn],
      }),
    );
    this.queryIndexes(table, spec);
  }

  private queryIndexes(table: ITableV2, spec: TableSpec): void {
    if (spec.globalIndexes.length === 0) return;
    this.function.addToRolePolicy(
      new PolicyStatement({
        actions: ["dynamodb:Query"],
        resources: spec.globalIndexes.map((index) => `${table.tableArn}/index/${index.indexName}`),
      }),
    );
  }

  /**
   * Names the table in `envName` and lets the function append to it and nothing more: put rows, query the table and
   * the named indexes, and update only `updatable` attributes (IAM's `dynamodb:Attributes` condition). No
   * DeleteItem, BatchWriteItem, Scan or GetItem: an audit log the function can extend but not erase or rewrite
   * (a PutItem's own `attribute_not_exists` condition is the code's; IAM cannot require it).
   */
  appendToTable(envName: string, table: ITableV2, spec: TableSpec, updatable: readonly string[]): void {
    this.function.addEnvironment(envName, table.tableName);
    const keys = [spec.partitionKey.name, ...(spec.sortKey ? [spec.sortKey.name] : [])];
    this.function.addToRolePolicy(
      new PolicyStatement({ actions: ["dynamodb:PutItem", "dynamodb:Query"], resources: [table.tableArn] }),
    );
    this.queryIndexes(table, spec);
    this.function.addToRolePolicy(
      new PolicyStatement({
        actions: ["dynamodb:UpdateItem"],
        resources: [table.tableArn],
        conditions: { "ForAllValues:StringEquals": { "dynamodb:Attributes": [...keys, ...updatable] } },
      }),
    );
  }

  /**
   * Names the secret in `envName` and lets the function read it (once per cold start, by the handler). A platform's
   * secret exists only once a deployment has an account there: without it the variable is left out.
   */
  useSecret(envName: string, secret: ISecret | undefined): void {
    if (!secret) return;
    this.function.addEnvironment(envName, secret.secretArn);
    secret.grantRead(this.function);
  }
}
