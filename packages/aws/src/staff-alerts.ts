import { SecretsProvider } from "@aws-lambda-powertools/parameters/secrets";
import type { DynamoDBDocumentClient } from "@aws-sdk/lib-dynamodb";
import {
  type AlertLogger,
  type AlertRoutes,
  alertChannels,
  createStaffAlerts,
  parseAlertRoutes,
  SlackWebhookUrls,
  type StaffAlertService,
  withSlackWebhooks,
} from "@sentinella/alerts";
import { type Clock, systemClock } from "@sentinella/core";
import { DynamoAlertStore } from "./alert-store";
import { Env } from "./resources";

/**
 * Slack URLs are read once per execution environment (Powertools Parameters' cache, for the container's life):
 * the scheduler runs every 5 minutes, so a shorter age meant a Secrets Manager call on every tick. A rotated
 * webhook takes effect when Lambda next starts a fresh environment (at the latest, the next deployment).
 */
const slackSecretMaxAgeSeconds = 24 * 3600;

/**
 * The staff alerts of a Lambda (classifier, scheduler), built from its environment: routes from ALERT_ROUTES,
 * Slack URLs from the SLACK_WEBHOOKS_SECRET_ARN secret (Powertools Parameters, cached for the container's life), e-mail through SES
 * when ALERT_EMAIL_FROM is set, the alert table ALERT_TABLE_NAME, links into the console at CONSOLE_URL.
 */
export function staffAlertsFromEnv(
  env: Record<string, string | undefined>,
  deps: {
    document: DynamoDBDocumentClient;
    isOpen(entityId: string, at: Date): boolean;
    logger: AlertLogger;
    clock?: Clock;
    secrets?: SecretsProvider;
  },
): StaffAlertService {
  const tableName = env[Env.alertTable];
  if (!tableName) throw new Error(`${Env.alertTable} is not set`);
  const routes = parseAlertRoutes(env[Env.alertRoutes] ?? "{}");
  const secretArn = env[Env.slackWebhooksSecretArn];
  const secrets = deps.secrets ?? new SecretsProvider();
  const recipients = async (): Promise<AlertRoutes> => {
    if (!secretArn) return routes;
    const urls = await secrets.get(secretArn, { transform: "json", maxAge: slackSecretMaxAgeSeconds });
    return withSlackWebhooks(routes, SlackWebhookUrls.parse(urls));
  };
  const from = env[Env.alertEmailFrom];
  const clock = deps.clock ?? systemClock;
  return createStaffAlerts({
    channels: alertChannels({ email: from ? { from } : undefined, clock }),
    store: new DynamoAlertStore(deps.document, tableName),
    recipients,
    isOpen: deps.isOpen,
    clock,
    logger: deps.logger,
    consoleUrl: env[Env.consoleUrl],
  });
}
