import { AlertRoutes } from "@sentinella/alerts";
import { EntityDeployment } from "@sentinella/core";
import type { Node } from "constructs";
import * as z from "zod";

/** Parses `-c` strings; a string that is not JSON is passed on and fails validation with the setting's name. */
function jsonFromString(value: unknown): unknown {
  if (typeof value !== "string") return value;
  try {
    return JSON.parse(value);
  } catch {
    return value;
  }
}

/**
 * Deployment settings from CDK context (`-c name=value` or cdk.json), validated at synth time so a typo fails the
 * synth, not the first webhook. Values given with `-c` arrive as strings, values in cdk.json as JSON.
 */
const Settings = z.object({
  deployments: z.preprocess(jsonFromString, z.array(EntityDeployment)).default([]),
  /** SES-verified sender of staff alert e-mails; without it no e-mail is sent and no SES permission granted. */
  alertEmailFrom: z.email().optional(),
  /** Who is alerted for each entity; Slack webhook URLs belong in the Slack secret, not here (they are credentials). */
  alertRoutes: z.preprocess(jsonFromString, AlertRoutes).default({}),
  /**
   * X-Ray active tracing on every function (`-c tracing=true`), off by default: nothing reads the traces day to
   * day, and Lambda samples its own segments at a fixed 1 request a second plus 5 % (not configurable), so at a
   * public body's volume nearly every invocation would be recorded and billed. Turn it on while investigating.
   */
  tracing: z.preprocess(jsonFromString, z.boolean()).default(false),
  /**
   * The console's hosted login domain prefix, `<prefix>.auth.<region>.amazoncognito.com` (`-c consoleDomainPrefix=…`):
   * unique in the region, lower-case letters, digits and hyphens; "sentinella-<account id>" by default.
   */
  consoleDomainPrefix: z
    .string()
    .regex(/^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/, "lower-case letters, digits and inner hyphens, at most 63")
    .refine((prefix) => !/aws|amazon|cognito/.test(prefix), "Cognito refuses aws, amazon and cognito in a prefix")
    .optional(),
  /** Who is e-mailed when an alarm fires (dead letters, rejected events, classifier errors): `-c alarmEmails='["…"]'`. */
  alarmEmails: z.preprocess(jsonFromString, z.array(z.email())).default([]),
});
export type DeploymentSettings = z.infer<typeof Settings>;

export function readSettings(node: Node): DeploymentSettings {
  const raw = {
    deployments: node.tryGetContext("deployments"),
    alertEmailFrom: node.tryGetContext("alertEmailFrom"),
    alertRoutes: node.tryGetContext("alertRoutes"),
    tracing: node.tryGetContext("tracing"),
    consoleDomainPrefix: node.tryGetContext("consoleDomainPrefix"),
    alarmEmails: node.tryGetContext("alarmEmails"),
  };
  const parsed = Settings.safeParse(raw);
  if (!parsed.success) throw new Error(`Invalid CDK context:\n${z.prettifyError(parsed.error)}`);
  return parsed.data;
}
