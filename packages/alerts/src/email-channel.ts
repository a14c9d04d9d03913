import { type SESv2Client, SendEmailCommand } from "@aws-sdk/client-sesv2";
import type { AlertChannel } from "./channel";
import { htmlOf, plainTextOf, subjectOf } from "./format";
import { emailRecipients } from "./routes";

/**
 * Staff e-mail through Amazon SES (v2 API). `from` must be an SES-verified identity.
 * Retries: the client's own (standard mode, exponential backoff); set `maxAttempts` on the client.
 */
export function createEmailChannel(deps: { client: SESv2Client; from: string }): AlertChannel {
  return {
    name: "email",
    async send(message, route) {
      const to = emailRecipients(route, message.urgent);
      if (to.length === 0) return "skipped";
      const data = (text: string) => ({ Data: text, Charset: "UTF-8" });
      await deps.client.send(
        new SendEmailCommand({
          FromEmailAddress: deps.from,
          Destination: { ToAddresses: to },
          Content: {
            Simple: {
              Subject: data(subjectOf(message)),
              Body: { Text: data(plainTextOf(message)), Html: data(htmlOf(message)) },
            },
          },
        }),
      );
      return "sent";
    },
  };
}
