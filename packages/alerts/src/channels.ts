import { SESv2Client } from "@aws-sdk/client-sesv2";
import type { Clock } from "@sentinella/core";
import type { AlertChannel } from "./channel";
import { createEmailChannel } from "./email-channel";
import { createOutboxChannel } from "./outbox-channel";
import { createSlackChannel } from "./slack-channel";
import { createTeamsChannel } from "./teams-channel";

/**
 * The channels of a deployment, the same in Lambda and local mode: e-mail when a sender is configured,
 * Slack and Teams always (used for the entities whose route has their webhook URL), the outbox when a folder is given.
 * The default SES client gives up after 3 attempts of at most 5 s, so a dead SES delays moderation little.
 */
export function alertChannels(settings: {
  email?: { from: string; client?: SESv2Client };
  outboxFolder?: string;
  clock?: Clock;
}): AlertChannel[] {
  return [
    ...(settings.email
      ? [
          createEmailChannel({
            from: settings.email.from,
            client:
              settings.email.client ?? new SESv2Client({ maxAttempts: 3, requestHandler: { requestTimeout: 5_000 } }),
          }),
        ]
      : []),
    createSlackChannel(),
    createTeamsChannel(),
    ...(settings.outboxFolder ? [createOutboxChannel({ folder: settings.outboxFolder, clock: settings.clock })] : []),
  ];
}
