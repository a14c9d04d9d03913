import type { StaffAlert } from "@sentinella/core";
import {
  IncomingWebhook,
  type IncomingWebhookDefaultArguments,
  type IncomingWebhookSendArguments,
} from "@slack/webhook";
import type { AlertChannel } from "./channel";
import { alertFields, linkLabels, queueUrlOf, subjectOf } from "./format";
import { type AlertMessage, alertsOf } from "./message";

type Block = NonNullable<IncomingWebhookSendArguments["blocks"]>[number];

/** Slack allows 50 blocks per message; each alert takes three. */
const maxAlertsPerSlackMessage = 15;

/** Slack's mrkdwn control characters; everything else is shown as written. */
function escapeMrkdwn(text: string): string {
  return text.replaceAll("&", "&amp;").replaceAll("<", "&lt;").replaceAll(">", "&gt;");
}

function truncate(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}

function alertBlocks(alert: StaffAlert, consoleUrl: string | undefined): Block[] {
  const fields = alertFields(alert, consoleUrl).map(({ label, value, link }) => ({
    type: "mrkdwn" as const,
    text: truncate(link ? `*${label}*\n<${escapeMrkdwn(value)}|${link}>` : `*${label}*\n${escapeMrkdwn(value)}`, 2000),
  }));
  return [
    { type: "section", fields },
    // plain_text: a citizen's "<!channel>" or "*bold*" stays literal and pings nobody.
    { type: "section", text: { type: "plain_text", text: truncate(alert.redactedText || "(testo vuoto)", 3000) } },
    { type: "divider" },
  ];
}

/** The Block Kit payload of a message: header, then per alert its facts, its redacted text and a divider. */
export function slackPayload(message: AlertMessage): IncomingWebhookSendArguments {
  const alerts = alertsOf(message);
  const shown = alerts.slice(0, maxAlertsPerSlackMessage);
  const more = alerts.length - shown.length;
  const subject = subjectOf(message);
  const queue = queueUrlOf(message);
  const blocks: Block[] = [{ type: "header", text: { type: "plain_text", text: truncate(subject, 150) } }];
  if (queue)
    blocks.push({ type: "section", text: { type: "mrkdwn", text: `<${escapeMrkdwn(queue)}|${linkLabels.queue}>` } });
  blocks.push(...shown.flatMap((alert) => alertBlocks(alert, message.consoleUrl)));
  if (more > 0) {
    const text = `e altri ${more} avvisi: vedi l'e-mail di riepilogo`;
    blocks.push({ type: "context", elements: [{ type: "mrkdwn", text }] });
  }
  return { text: subject, blocks };
}

/**
 * Slack through the entity's incoming webhook. The webhook client retries 5xx and network errors with
 * backoff (`retryConfig`); a 4xx (revoked or wrong URL) fails at once.
 */
export function createSlackChannel(
  options: Pick<IncomingWebhookDefaultArguments, "retryConfig" | "timeout"> = {},
): AlertChannel {
  const webhooks = new Map<string, IncomingWebhook>();
  const webhookFor = (url: string) => {
    let webhook = webhooks.get(url);
    if (!webhook) {
      webhook = new IncomingWebhook(url, {
        timeout: options.timeout ?? 3_000,
        retryConfig: options.retryConfig ?? { retries: 2, factor: 3, minTimeout: 500 },
      });
      webhooks.set(url, webhook);
    }
    return webhook;
  };
  return {
    name: "slack",
    async send(message, route) {
      if (!route.slackWebhookUrl) return "skipped";
      await webhookFor(route.slackWebhookUrl).send(slackPayload(message));
      return "sent";
    },
  };
}
