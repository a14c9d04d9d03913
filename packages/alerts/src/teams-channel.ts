import pRetry, { AbortError, type Options } from "p-retry";
import type { AlertChannel } from "./channel";
import { alertFields, consoleItemUrl, linkLabels, queueUrlOf, subjectOf } from "./format";
import { type AlertMessage, alertsOf } from "./message";

/** An Adaptive Card per message: title, then per alert its facts and its redacted text. */
export function teamsPayload(message: AlertMessage) {
  const queue = queueUrlOf(message);
  const item = message.kind === "alert" ? consoleItemUrl(message.alert, message.consoleUrl) : undefined;
  // Buttons into the console: the queue for a digest, the item for a single alert.
  const actions = [
    ...(queue ? [{ type: "Action.OpenUrl", title: linkLabels.queue, url: queue }] : []),
    ...(item ? [{ type: "Action.OpenUrl", title: linkLabels.console, url: item }] : []),
  ];
  const body = alertsOf(message).flatMap((alert) => [
    {
      type: "FactSet",
      separator: true,
      facts: alertFields(alert, message.consoleUrl).map(({ label, value }) => ({ title: label, value })),
    },
    // TextRun, not TextBlock: a TextBlock renders Markdown, so "[link](…)" in a comment would become a link.
    { type: "RichTextBlock", inlines: [{ type: "TextRun", text: alert.redactedText || "(testo vuoto)" }] },
  ]);
  return {
    type: "message",
    attachments: [
      {
        contentType: "application/vnd.microsoft.card.adaptive",
        content: {
          $schema: "http://adaptivecards.io/schemas/adaptive-card.json",
          type: "AdaptiveCard",
          version: "1.4",
          body: [
            { type: "TextBlock", text: subjectOf(message), weight: "Bolder", size: "Medium", wrap: true },
            ...body,
          ],
          ...(actions.length > 0 ? { actions } : {}),
        },
      },
    ],
  };
}

/**
 * Microsoft Teams through a Workflows webhook. No Microsoft client covers these webhooks, so this is a plain
 * POST, retried with p-retry on 5xx, 429 and network errors; any other 4xx (a removed workflow) fails at once.
 */
export function createTeamsChannel(options: { retry?: Options; timeoutMs?: number } = {}): AlertChannel {
  return {
    name: "teams",
    async send(message, route) {
      const url = route.teamsWebhookUrl;
      if (!url) return "skipped";
      await pRetry(async () => {
        const response = await fetch(url, {
          method: "POST",
          headers: { "content-type": "application/json" },
          body: JSON.stringify(teamsPayload(message)),
          signal: AbortSignal.timeout(options.timeoutMs ?? 3_000),
        });
        if (response.ok) return;
        const error = new Error(`Teams webhook answered ${response.status}`);
        throw response.status >= 500 || response.status === 429 ? error : new AbortError(error);
      }, options.retry ?? { retries: 2, factor: 3, minTimeout: 500 });
      return "sent";
    },
  };
}
