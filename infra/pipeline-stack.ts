import {
  alertTable,
  classifierTimeoutSeconds,
  decisionLeaseAttribute,
  decisionTable,
  Env,
  graphApiBaseUrl,
  graphApiVersion,
  handshakePrefix,
  itemQueue,
  linkedInApiBaseUrl,
  linkedInVersion,
  obligationTable,
  offenderTable,
  pollerTable,
  xApiBaseUrl,
  youTubeApiBaseUrl,
  youTubePollMinutes,
} from "@sentinella/aws";
import { Annotations, CfnOutput, Duration, RemovalPolicy, Stack, type StackProps, Validations } from "aws-cdk-lib";
import { AccessLogFormat } from "aws-cdk-lib/aws-apigateway";
import { HttpApi, LogGroupLogDestination } from "aws-cdk-lib/aws-apigatewayv2";
import { Alarm, ComparisonOperator, type IMetric, Metric, TreatMissingData } from "aws-cdk-lib/aws-cloudwatch";
import { SnsAction } from "aws-cdk-lib/aws-cloudwatch-actions";
import { Rule, Schedule } from "aws-cdk-lib/aws-events";
import { LambdaFunction } from "aws-cdk-lib/aws-events-targets";
import { PolicyStatement } from "aws-cdk-lib/aws-iam";
import { FunctionUrlAuthType } from "aws-cdk-lib/aws-lambda";
import { SqsEventSource } from "aws-cdk-lib/aws-lambda-event-sources";
import { LogGroup, RetentionDays } from "aws-cdk-lib/aws-logs";
import { Topic } from "aws-cdk-lib/aws-sns";
import { EmailSubscription } from "aws-cdk-lib/aws-sns-subscriptions";
import type { Construct } from "constructs";
import { StaffConsole } from "./console";
import type { DeploymentSettings } from "./context";
import { SentinellaFunction } from "./sentinella-function";
import type { StatefulStack } from "./stateful-stack";

/** The platforms that call us (one path each on ingress's URL, GET for the handshake, POST for deliveries) and their outputs. */
const webhookPlatforms = ["meta", "x", "linkedin"] as const;
const webhookOutputs = { meta: "WebhookUrl", x: "XWebhookUrl", linkedin: "LinkedInWebhookUrl" } as const;

/** A Powertools metric of the ingress function (EMF: namespace Sentinella, dimension service). */
const ingressMetric = (metricName: string) =>
  new Metric({ namespace: "Sentinella", metricName, dimensionsMap: { service: "ingress" }, statistic: "Sum" });

export interface PipelineStackProps extends StackProps {
  stateful: StatefulStack;
  settings: DeploymentSettings;
}

/**
 * The stateless part: platform webhooks → ingress (its function URL) → item queue → classifier → decision table,
 * the scheduler that keeps the reply rule and flushes alert digests, and the staff console on an HTTP API. Each
 * function gets only the access it uses.
 */
export class PipelineStack extends Stack {
  private readonly stateful: StatefulStack;
  private readonly settings: DeploymentSettings;

  constructor(scope: Construct, id: string, props: PipelineStackProps) {
    super(scope, id, props);
    this.stateful = props.stateful;
    this.settings = props.settings;
    const api = this.ingress();
    const staffConsole = new StaffConsole(this, "StaffConsole", {
      api,
      stateful: this.stateful,
      environment: this.sharedEnvironment,
      tracing: this.settings.tracing,
      actOnPlatforms: (actor) => this.actOnPlatforms(actor),
    });
    const classifier = this.classifier();
    const scheduler = this.scheduler();
    const poller = this.poller();
    for (const alerter of [classifier, scheduler, poller]) this.allowAlerts(alerter, staffConsole.url);
    if (Object.values(this.settings.alertRoutes).some((route) => route.slackWebhookUrl)) {
      Annotations.of(this).addWarningV2(
        "sentinella:slackUrlInContext",
        "A Slack webhook URL in alertRoutes is stored in plain text in the template; put it in the SlackWebhooks secret",
      );
    }
    this.alarmAbove(0, "DeadLetters", this.stateful.deadLetterQueue.metricApproximateNumberOfMessagesVisible(), {
      description: "Items the classifier gave up on: inspect them and redrive the dead-letter queue",
    });
    this.alarmAbove(0, "RejectedEvents", ingressMetric("EventsRejected"), {
      description: "Signed webhook events acknowledged but never processable (see the ingress warning): look at why",
    });
    this.alarmAbove(0, "ClassifierErrors", classifier.function.metricErrors(), {
      description: "Whole classifier invocations failed (not single items): their batches are retried",
    });
  }

  /** Settings every function reads. */
  private get sharedEnvironment() {
    return {
      [Env.deployments]: JSON.stringify(this.settings.deployments),
      [Env.graphApiBaseUrl]: graphApiBaseUrl,
      [Env.graphApiVersion]: graphApiVersion,
    };
  }

  /** What a function that acts on the platforms needs: every platform's tokens and API hosts. */
  private actOnPlatforms(actor: SentinellaFunction): void {
    actor.useSecret(Env.metaSecretArn, this.stateful.metaSecret);
    actor.useSecret(Env.xSecretArn, this.stateful.xSecret);
    actor.function.addEnvironment(Env.xApiBaseUrl, xApiBaseUrl);
    actor.useSecret(Env.linkedInSecretArn, this.stateful.linkedInSecret);
    actor.function.addEnvironment(Env.linkedInApiBaseUrl, linkedInApiBaseUrl);
    actor.function.addEnvironment(Env.linkedInVersion, linkedInVersion);
    this.useYouTube(actor);
  }

  /** The YouTube Data API: the channel tokens, and the poller table whose quota ledger every call is debited from. */
  private useYouTube(caller: SentinellaFunction): void {
    caller.useSecret(Env.youTubeSecretArn, this.stateful.youTubeSecret);
    caller.useTable(Env.pollerTable, this.stateful.table(pollerTable), pollerTable);
    caller.function.addEnvironment(Env.youTubeApiBaseUrl, youTubeApiBaseUrl);
  }

  /** YouTube has no comment webhooks: a poller reads each deployed channel's threads on a schedule. */
  private poller(): SentinellaFunction {
    const poller = new SentinellaFunction(this, "Poller", {
      name: "poller",
      memorySize: 512,
      timeout: Duration.minutes(2),
      tracing: this.settings.tracing,
      environment: { ...this.sharedEnvironment, [Env.itemQueueUrl]: this.stateful.itemQueue.queueUrl },
    });
    this.useYouTube(poller);
    this.stateful.itemQueue.grantSendMessages(poller.function);
    new Rule(this, "YouTubePoll", {
      description: "Sentinella: read new YouTube comments (no webhooks on YouTube)",
      schedule: Schedule.rate(Duration.minutes(youTubePollMinutes)),
      // The next run is the retry: the cursor picks up where the last one stopped.
      targets: [new LambdaFunction(poller.function, { retryAttempts: 0 })],
    });
    return poller;
  }

  /**
   * Webhooks in, items queued: no table access and no platform call on the request path. Returns the HTTP API the
   * staff console is served on.
   */
  private ingress(): HttpApi {
    const ingress = new SentinellaFunction(this, "Ingress", {
      name: "ingress",
      memorySize: 512,
      // Far above what a few public bodies' pages send at once (a delivery takes some 25 ms): the flood ceiling.
      reservedConcurrency: 10,
      timeout: Duration.seconds(10),
      environment: { ...this.sharedEnvironment, [Env.itemQueueUrl]: this.stateful.itemQueue.queueUrl },
      tracing: this.settings.tracing,
    });
    ingress.useSecret(Env.metaSecretArn, this.stateful.metaSecret);
    ingress.useSecret(Env.xSecretArn, this.stateful.xSecret);
    ingress.useSecret(Env.linkedInSecretArn, this.stateful.linkedInSecret);
    this.stateful.itemQueue.grantSendMessages(ingress.function);
    // The handshake rows of the poller table, and nothing else of any table: a put, no read.
    const poller = this.stateful.table(pollerTable);
    ingress.function.addEnvironment(Env.pollerTable, poller.tableName);
    ingress.function.addToRolePolicy(
      new PolicyStatement({
        actions: ["dynamodb:PutItem"],
        resources: [poller.tableArn],
        conditions: { "ForAllValues:StringLike": { "dynamodb:LeadingKeys": [`${handshakePrefix}*`] } },
      }),
    );

    // Webhooks reach ingress through its function URL, not the HTTP API ($1.17 a million requests): a platform
    // cannot present IAM, JWT or an authorizer's credentials anyway, and ingress authenticates every request by its
    // signature, refusing one without a signature header before reading its body or the secrets. What the stage's
    // throttling did is now the function's reserved concurrency: a flood of forged requests is invoked (and billed,
    // 401 in a few milliseconds) up to that many at a time, refused with 429 beyond, and never takes the account's
    // concurrency from the classifier; a platform redelivers what is refused. The trade-off: no per-route handshake
    // limit and no access log (ingress logs every refusal with its source IP).
    const url = ingress.function.addFunctionUrl({ authType: FunctionUrlAuthType.NONE });
    for (const platform of webhookPlatforms) {
      new CfnOutput(this, webhookOutputs[platform], { value: `${url.url}webhooks/${platform}` });
    }

    // Its construct ids are those of the API the webhooks shared, so an existing deployment keeps its console URL.
    const api = new HttpApi(this, "WebhookApi", {
      description: "Sentinella: the staff console",
      createDefaultStage: false,
    });
    api.addStage("DefaultStage", {
      stageName: "$default",
      autoDeploy: true,
      throttle: { rateLimit: 50, burstLimit: 100 },
      // Who called what and how it went; never a body or a header (signatures, tokens), never a query string.
      accessLogSettings: {
        destination: new LogGroupLogDestination(
          new LogGroup(this, "WebhookAccessLogs", {
            retention: RetentionDays.ONE_MONTH,
            removalPolicy: RemovalPolicy.DESTROY,
          }),
        ),
        format: AccessLogFormat.custom(
          JSON.stringify({
            requestId: "$context.requestId",
            time: "$context.requestTime",
            ip: "$context.identity.sourceIp",
            route: "$context.routeKey",
            status: "$context.status",
            latencyMs: "$context.responseLatency",
            integrationError: "$context.integrationErrorMessage",
          }),
        ),
      },
    });
    Validations.of(api).acknowledge({
      id: "AwsSolutions::AwsSolutions-APIG4",
      reason:
        "The console's pages are opened by a browser carrying the session in a cookie, which a JWT authorizer cannot " +
        "read: the console function verifies the same ID token on every request (infra/console.ts); its /api routes " +
        "have the JWT authorizer",
    });
    return api;
  }

  private classifier(): SentinellaFunction {
    const classifier = new SentinellaFunction(this, "Classifier", {
      name: "classifier",
      memorySize: 1024,
      timeout: Duration.seconds(classifierTimeoutSeconds),
      // The item queue is also where a throttled or blocked delivery is parked (sent again with a delay); the
      // dead-letter queue is where a delivery goes, with its error, once its last receive fails.
      environment: {
        ...this.sharedEnvironment,
        [Env.itemQueueUrl]: this.stateful.itemQueue.queueUrl,
        [Env.deadLetterQueueUrl]: this.stateful.deadLetterQueue.queueUrl,
      },
      tracing: this.settings.tracing,
    });
    this.stateful.itemQueue.grantSendMessages(classifier.function);
    this.stateful.deadLetterQueue.grantSendMessages(classifier.function);
    // The audit log: new rows, and the action lease (the one mutable attribute, see packages/aws/README.md).
    classifier.appendToTable(Env.decisionTable, this.stateful.table(decisionTable), decisionTable, [
      decisionLeaseAttribute,
    ]);
    classifier.useTable(Env.obligationTable, this.stateful.table(obligationTable), obligationTable);
    // The repeat-offender ledger: its hides appended as violations (a conditional put, nothing else).
    const offenders = this.stateful.table(offenderTable);
    classifier.function.addEnvironment(Env.offenderTable, offenders.tableName);
    classifier.function.addToRolePolicy(
      new PolicyStatement({ actions: ["dynamodb:PutItem"], resources: [offenders.tableArn] }),
    );
    this.actOnPlatforms(classifier);
    classifier.function.addEventSource(
      new SqsEventSource(this.stateful.itemQueue, {
        batchSize: itemQueue.batchSize,
        maxBatchingWindow: Duration.seconds(itemQueue.maxBatchingWindowSeconds),
        reportBatchItemFailures: true,
      }),
    );
    return classifier;
  }

  private scheduler(): SentinellaFunction {
    const scheduler = new SentinellaFunction(this, "Scheduler", {
      name: "scheduler",
      memorySize: 512,
      timeout: Duration.minutes(1),
      environment: this.sharedEnvironment,
      tracing: this.settings.tracing,
    });
    scheduler.useTable(Env.obligationTable, this.stateful.table(obligationTable), obligationTable);
    this.actOnPlatforms(scheduler);
    // It renews the X, LinkedIn and Google user tokens before they expire and stores the new ones (renewDueTokens).
    for (const secret of [this.stateful.xSecret, this.stateful.linkedInSecret, this.stateful.youTubeSecret]) {
      secret?.grantWrite(scheduler.function);
    }
    new Rule(this, "SchedulerTick", {
      description: "Sentinella: reply-rule deadlines and alert digests",
      schedule: Schedule.rate(Duration.minutes(5)),
      // The next tick is the retry: a late run would only overlap it.
      targets: [new LambdaFunction(scheduler.function, { retryAttempts: 0 })],
    });
    return scheduler;
  }

  /**
   * Staff alerts: the alert table, the routes, the Slack secret and SES, from the configured sender only; the
   * console's address, which alerts link to.
   */
  private allowAlerts(alerter: SentinellaFunction, consoleUrl: string): void {
    const { alertRoutes, alertEmailFrom } = this.settings;
    alerter.useTable(Env.alertTable, this.stateful.table(alertTable), alertTable);
    alerter.function.addEnvironment(Env.consoleUrl, consoleUrl);
    alerter.useSecret(Env.slackWebhooksSecretArn, this.stateful.slackWebhooksSecret);
    alerter.function.addEnvironment(Env.alertRoutes, JSON.stringify(alertRoutes));
    if (!alertEmailFrom) return;
    alerter.function.addEnvironment(Env.alertEmailFrom, alertEmailFrom);
    // SES checks the identity the mail is sent from: the address itself, or its verified domain.
    const domain = alertEmailFrom.slice(alertEmailFrom.indexOf("@") + 1);
    alerter.function.addToRolePolicy(
      new PolicyStatement({
        actions: ["ses:SendEmail"],
        resources: [alertEmailFrom, domain].map((identity) =>
          this.formatArn({ service: "ses", resource: "identity", resourceName: identity }),
        ),
      }),
    );
  }

  /** An alarm when the metric exceeds `threshold` in any 5-minute period; no data (a quiet night) is fine. */
  private alarmAbove(threshold: number, id: string, metric: IMetric, options: { description: string }): void {
    const alarm = new Alarm(this, id, {
      alarmDescription: options.description,
      metric,
      threshold,
      comparisonOperator: ComparisonOperator.GREATER_THAN_THRESHOLD,
      evaluationPeriods: 1,
      treatMissingData: TreatMissingData.NOT_BREACHING,
    });
    alarm.addAlarmAction(new SnsAction(this.alarmTopic));
  }

  /** Where alarms go: a topic with the operators' e-mail subscriptions (the `alarmEmails` setting). */
  private get alarmTopic(): Topic {
    const existing = this.node.tryFindChild("Alarms");
    if (existing) return existing as Topic;
    const topic = new Topic(this, "Alarms", { displayName: "Sentinella: allarmi", enforceSSL: true });
    for (const email of this.settings.alarmEmails) topic.addSubscription(new EmailSubscription(email));
    Validations.of(topic).acknowledge({
      id: "AwsSolutions::AwsSolutions-SNS2",
      reason:
        "Alarm notifications carry an alarm's name and metric, no personal data; CloudWatch cannot publish to a " +
        "topic encrypted with the AWS managed key, and a customer managed key would cost more than the topic",
    });
    return topic;
  }
}
