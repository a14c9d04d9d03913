import * as z from "zod";

/**
 * Who hears about one entity's alerts.
 * - onCallEmails: urgent alerts (emergency, threat, deadline passed, token expired, channel down), any hour.
 * - staffEmails: in-hours alerts and the digest; when empty, the on-call addresses receive them too.
 * - slackWebhookUrl: a Slack incoming webhook; every alert and digest of the entity is posted there.
 * - teamsWebhookUrl: the same for a Microsoft Teams channel.
 */
export const AlertRoute = z.object({
  onCallEmails: z.array(z.email()).default([]),
  staffEmails: z.array(z.email()).default([]),
  slackWebhookUrl: z.url().optional(),
  /** A Microsoft Teams Workflows webhook ("Send webhook alerts to a channel"); every message is posted there. */
  teamsWebhookUrl: z.url().optional(),
});
export type AlertRoute = z.infer<typeof AlertRoute>;

/** Routes keyed by entity id, e.g. `{"comune-cento": {"onCallEmails": ["reperibile@comune.cento.fe.it"]}}`. */
export const AlertRoutes = z.record(z.string().regex(/^[a-z0-9-]+$/), AlertRoute);
export type AlertRoutes = z.infer<typeof AlertRoutes>;

/** Parses the ALERT_ROUTES environment value (Lambda) or the local routes file; throws on a malformed route. */
export function parseAlertRoutes(json: string): AlertRoutes {
  return AlertRoutes.parse(JSON.parse(json));
}

/** E-mail recipients of a message: urgent ones go to on-call, the rest to staff (or on-call when no staff is set). */
export function emailRecipients(route: AlertRoute, urgent: boolean): string[] {
  if (urgent || route.staffEmails.length === 0) return route.onCallEmails;
  return route.staffEmails;
}

/** The Slack secret's shape in AWS (SLACK_WEBHOOKS_SECRET_ARN): entity id → incoming webhook URL. */
export const SlackWebhookUrls = z.record(z.string(), z.url());
export type SlackWebhookUrls = z.infer<typeof SlackWebhookUrls>;

/**
 * Routes with the Slack URLs from the secret: webhook URLs are credentials, so in AWS they are kept out of
 * ALERT_ROUTES. A URL in the secret wins over the route's own; an entity only in the secret gets Slack only.
 */
export function withSlackWebhooks(routes: AlertRoutes, urls: SlackWebhookUrls): AlertRoutes {
  const merged: AlertRoutes = { ...routes };
  for (const [entityId, slackWebhookUrl] of Object.entries(urls)) {
    merged[entityId] = { ...AlertRoute.parse(routes[entityId] ?? {}), slackWebhookUrl };
  }
  return merged;
}
