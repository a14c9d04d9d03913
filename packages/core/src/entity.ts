import * as z from "zod";
import { Mode } from "./decision";
import { type Item, Platform } from "./item";

/** Contacts the entity publishes: quoting them is never personal data, and replies point to them. */
export const Contacts = z.object({
  emails: z.array(z.string()).default([]),
  /** As published ("800.375.515"); detectors normalise them to E.164. */
  phones: z.array(z.string()).default([]),
  websites: z.array(z.string()).default([]),
  address: z.string().optional(),
  /** Where personal requests go: URP, an app, an online form. */
  officialChannel: z.string().optional(),
});
export type Contacts = z.infer<typeof Contacts>;

const Time = z.string().regex(/^\d{2}:\d{2}$/);
/**
 * Opening shifts per ISO weekday (1 = Monday … 7 = Sunday); split shifts are two entries.
 * Closed days may be left out (policies list Monday to Friday only).
 */
export const WeeklySchedule = z.partialRecord(
  z.enum(["1", "2", "3", "4", "5", "6", "7"]),
  z.array(z.object({ from: Time, to: Time })),
);

/** Who the entity is and what its published social media policy says about staffing and replies. */
export const Entity = z.object({
  id: z.string().regex(/^[a-z0-9-]+$/),
  name: z.string(),
  timeZone: z.string().default("Europe/Rome"),
  contacts: Contacts,
  officeHours: z.object({
    weekly: WeeklySchedule,
    /** Patron saint day, "MM-DD": a local holiday for the entity's offices. */
    patronDay: z
      .string()
      .regex(/^\d{2}-\d{2}$/)
      .optional(),
    /** Extra closures, "YYYY-MM-DD". */
    closures: z.array(z.string()).default([]),
  }),
  replyRule: z.object({
    deadlineHours: z.number().positive().default(48),
    /** calendar: wall-clock hours; office: only hours when the office is open count. */
    clock: z.enum(["calendar", "office"]).default("calendar"),
  }),
});
export type Entity = z.infer<typeof Entity>;

/** Where one deployment runs an entity: its accounts on each platform and whether actions are real. */
export const EntityDeployment = z.object({
  entityId: z.string(),
  mode: Mode,
  accounts: z.array(z.object({ platform: Platform, accountId: z.string(), handle: z.string().optional() })),
  /**
   * LinkedIn has no hide: a clear-cut item goes to staff review with an alert (the default), or is deleted when the
   * entity has chosen so. Either way the decision records which (`clearCutHandling`).
   */
  linkedin: z.object({ clearCut: z.enum(["review", "delete"]).default("review") }).optional(),
});
export type EntityDeployment = z.infer<typeof EntityDeployment>;

/** The ENTITY_DEPLOYMENTS environment variable the Lambdas read: a JSON array of EntityDeployment. */
export const EntityDeploymentsJson = z.string().transform((json) => z.array(EntityDeployment).parse(JSON.parse(json)));

/** The deployment that runs the given platform account, if any. */
export function findDeployment(
  deployments: readonly EntityDeployment[],
  platform: Platform,
  accountId: string,
): EntityDeployment | undefined {
  return deployments.find((d) => d.accounts.some((a) => a.platform === platform && a.accountId === accountId));
}

/**
 * What the account can do with an item its policy would hide: hide it, delete it (LinkedIn, where the deployment chose
 * so), or nothing, so staff review it. A mention sits under someone else's post, where no platform lets the account
 * hide it (Graph hides only comments on the account's own media, X only replies in its own conversations); LinkedIn
 * has no hide at all. The decision and its explanation follow this: a statement never says "hidden" of an item left
 * visible.
 */
export const Removal = z.enum(["hide", "delete", "review"]);
export type Removal = z.infer<typeof Removal>;

export function removalFor(
  item: Pick<Item, "platform" | "kind">,
  deployment?: Pick<EntityDeployment, "linkedin">,
): Removal {
  if (item.kind === "mention") return "review";
  if (item.platform === "linkedin") return deployment?.linkedin?.clearCut ?? "review";
  return "hide";
}
