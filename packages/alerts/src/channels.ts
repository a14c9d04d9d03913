import type { SESv2Client } from "@aws-sdk/client-sesv2";
import type { Clock } from "@sentinella/core";
import type { AlertChannel } from "./channel";
import { createEmailChannel } from "./email-channel";
import { createOutboxChannel } from "./outbox-channel";
import { createSlackChannel } from "./slack-channel";

/**
 * The channels of a deployment, the same in Lambda and local mode: e-mail when a sender is configured,
 * Slack always (used for the entities whose route has a webhook URL), the outbox when a folder is given.
 */
export function alertChannels(settings: {
  email?: { client: SESv2Client; from: string };
  outboxFolder?: string;
  clock?: Clock;
}): AlertChannel[] {
  return [
    ...(settings.email ? [createEmailChannel(settings.email)] : []),
    createSlackChannel(),
    ...(settings.outboxFolder ? [createOutboxChannel({ folder: settings.outboxFolder, clock: settings.clock })] : []),
  ];
}
