import {
  alertTable,
  classifierTimeoutSeconds,
  decisionTable,
  Env,
  graphApiVersion,
  idempotencyTable,
  itemQueue,
  obligationTable,
} from "@sentinella/aws";
import { Annotations, CfnOutput, Duration, Stack, type StackProps } from "aws-cdk-lib";
import { HttpApi, HttpMethod } from "aws-cdk-lib/aws-apigatewayv2";
import { HttpLambdaIntegration } from "aws-cdk-lib/aws-apigatewayv2-integrations";
import { Alarm, ComparisonOperator, TreatMissingData } from "aws-cdk-lib/aws-cloudwatch";
import { Rule, Schedule } from "aws-cdk-lib/aws-events";
import { LambdaFunction } from "aws-cdk-lib/aws-events-targets";
import { PolicyStatement } from "aws-cdk-lib/aws-iam";
import { SqsEventSource } from "aws-cdk-lib/aws-lambda-event-sources";
import type { Construct } from "constructs";
import type { DeploymentSettings } from "./context";
import { SentinellaFunction } from "./sentinella-function";
import type { StatefulStack } from "./stateful-stack";

export interface PipelineStackProps extends StackProps {
  stateful: StatefulStack;
  settings: DeploymentSettings;
}

/** Where the Graph API lives; local mode points the same variable at its sandbox. */
const graphApiBaseUrl = "https://graph.facebook.com";

/**
 * The stateless part: Meta webhooks → ingress (HTTP API) → item queue → classifier → decision table, and the
 * scheduler that keeps the reply rule and flushes alert digests. Each function gets only the access it uses.
 */
export class PipelineStack extends Stack {
  constructor(scope: Construct, id: string, props: PipelineStackProps) {
    super(scope, id, props);
    const { stateful, settings } = props;
    const shared = {
      [Env.deployments]: JSON.stringify(settings.deployments),
      [Env.graphApiBaseUrl]: graphApiBaseUrl,
      [Env.graphApiVersion]: graphApiVersion,
    };

    const ingress = new SentinellaFunction(this, "Ingress", {
      name: "ingress",
      memorySize: 512,
      timeout: Duration.seconds(10),
      environment: { ...shared, [Env.itemQueueUrl]: stateful.itemQueue.queueUrl },
    });
    ingress.useSecret(Env.metaSecretArn, stateful.metaSecret);
    stateful.itemQueue.grantSendMessages(ingress.function);

    const api = new HttpApi(this, "WebhookApi", { description: "Sentinella: platform webhooks" });
    api.addRoutes({
      path: "/webhooks/meta",
      methods: [HttpMethod.GET, HttpMethod.POST],
      integration: new HttpLambdaIntegration("IngressIntegration", ingress.function),
    });
    new CfnOutput(this, "WebhookUrl", { value: `${api.apiEndpoint}/webhooks/meta` });

    if (Object.values(settings.alertRoutes).some((route) => route.slackWebhookUrl)) {
      Annotations.of(this).addWarningV2(
        "sentinella:slackUrlInContext",
        "A Slack webhook URL in alertRoutes is stored in plain text in the template; put it in the SlackWebhooks secret",
      );
    }
    const alerting = {
      [Env.alertRoutes]: JSON.stringify(settings.alertRoutes),
      ...(settings.alertEmailFrom && { [Env.alertEmailFrom]: settings.alertEmailFrom }),
    };

    const classifier = new SentinellaFunction(this, "Classifier", {
      name: "classifier",
      memorySize: 1024,
      timeout: Duration.seconds(classifierTimeoutSeconds),
      environment: { ...shared, ...alerting },
    });
    classifier.useTable(Env.decisionTable, stateful.table(decisionTable), "readWrite");
    classifier.useTable(Env.idempotencyTable, stateful.table(idempotencyTable), "readWrite");
    classifier.useTable(Env.obligationTable, stateful.table(obligationTable), "readWrite");
    classifier.useTable(Env.alertTable, stateful.table(alertTable), "readWrite");
    classifier.useSecret(Env.metaSecretArn, stateful.metaSecret);
    classifier.function.addEventSource(
      new SqsEventSource(stateful.itemQueue, {
        batchSize: itemQueue.batchSize,
        maxBatchingWindow: Duration.seconds(itemQueue.maxBatchingWindowSeconds),
        reportBatchItemFailures: true,
      }),
    );

    const scheduler = new SentinellaFunction(this, "Scheduler", {
      name: "scheduler",
      memorySize: 512,
      timeout: Duration.minutes(1),
      environment: { ...shared, ...alerting },
    });
    scheduler.useTable(Env.obligationTable, stateful.table(obligationTable), "readWrite");
    scheduler.useTable(Env.alertTable, stateful.table(alertTable), "readWrite");
    scheduler.useSecret(Env.metaSecretArn, stateful.metaSecret);
    new Rule(this, "SchedulerTick", {
      description: "Sentinella: reply-rule deadlines and alert digests",
      schedule: Schedule.rate(Duration.minutes(5)),
      targets: [new LambdaFunction(scheduler.function, { retryAttempts: 0 })],
    });

    for (const alerter of [classifier, scheduler]) {
      alerter.useSecret(Env.slackWebhooksSecretArn, stateful.slackWebhooksSecret);
      this.allowAlertEmails(alerter, settings.alertEmailFrom);
    }

    new Alarm(this, "DeadLetters", {
      alarmDescription: "Items the classifier gave up on: inspect and redrive the dead-letter queue",
      metric: stateful.deadLetterQueue.metricApproximateNumberOfMessagesVisible({ period: Duration.minutes(5) }),
      threshold: 0,
      comparisonOperator: ComparisonOperator.GREATER_THAN_THRESHOLD,
      evaluationPeriods: 1,
      treatMissingData: TreatMissingData.NOT_BREACHING,
    });
    new Alarm(this, "ClassifierErrors", {
      alarmDescription: "The classifier failed whole invocations (not single items)",
      metric: classifier.function.metricErrors({ period: Duration.minutes(5) }),
      threshold: 0,
      comparisonOperator: ComparisonOperator.GREATER_THAN_THRESHOLD,
      evaluationPeriods: 1,
      treatMissingData: TreatMissingData.NOT_BREACHING,
    });
  }

  /** SES v2 SendEmail from the configured sender only: the address identity or its verified domain. */
  private allowAlertEmails(fn: SentinellaFunction, sender: string | undefined): void {
    if (!sender) return;
    const domain = sender.slice(sender.indexOf("@") + 1);
    fn.function.addToRolePolicy(
      new PolicyStatement({
        actions: ["ses:SendEmail"],
        resources: [sender, domain].map((identity) =>
          this.formatArn({ service: "ses", resource: "identity", resourceName: identity }),
        ),
      }),
    );
  }
}
