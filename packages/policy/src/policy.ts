import { createHash } from "node:crypto";
import { Action, Category, Entity } from "@sentinella/core";
import * as z from "zod";

const IsoDate = z.iso.date();

/** What the policy does with one category, and the clause of the entity's own policy that grounds it. */
export const CategoryRule = z.object({
  /** e.g. "Comune di Cento, Art. 6": quoted in the statement of reasons and in the audit trail. */
  clause: z.string().min(1),
  /** Actions when a reasonable moderator would act without discussion. */
  clearCut: z.array(Action.exclude(["allow"])).min(1),
  /** Actions when the finding is a doubt: never an automatic hide (guide, principles). */
  doubtful: z.array(Action.exclude(["allow", "hide"])).min(1),
});
export type CategoryRule = z.infer<typeof CategoryRule>;

/** A par condicio window (L. 28/2000 art. 9): from the convocation of the comizi to the close of voting. */
export const ElectionPeriod = z
  .object({ from: IsoDate, to: IsoDate, label: z.string().min(1) })
  .refine((p) => p.from <= p.to, "an election period ends after it starts");

/**
 * How long the entity keeps personal data (GDPR art. 5(1)(e)), enforced by DynamoDB TTL on the rows that hold it.
 * What outlives them is the anonymous decision skeleton: when, on which account, what was done and under which
 * clause, which the monthly report and an auditor need and which identifies nobody.
 */
export const Retention = z.object({
  /** The unredacted text of an item: long enough for staff to review and for a riesame. */
  fullTextDays: z.number().int().positive(),
  /** Redacted texts, author ids and evidence offsets on decision, index and obligation rows. */
  personalDataMonths: z.number().int().positive(),
  /** Staff records (who decided what about an item and its author) and the repeat-offender ledger. */
  staffRecordsMonths: z.number().int().positive(),
});
export type Retention = z.infer<typeof Retention>;

/** Where an author asks for a decision to be reviewed (riesame): quoted in every statement of reasons. */
export const Redress = z.object({
  /** The office and how to reach it, as a citizen reads it: "l'URP (urp@…, numero verde …)". */
  contact: z.string().min(1),
  /** Days from the statement within which a riesame may be asked (DSA art. 20: at least six months). */
  requestWithinDays: z.number().int().positive(),
});
export type Redress = z.infer<typeof Redress>;

/**
 * What the policy says about authors who violate it again and again: what a repetition is (this many hidden items
 * within `windowDays`), and what follows: warnings first, sent from `warningTemplate`, then a ban that Sentinella
 * only proposes and a person approves.
 */
export const RepeatOffenderRule = z.object({
  /** The clause that grounds the warning and the ban, cited in their records. */
  clause: z.string().min(1),
  violations: z.number().int().min(1),
  windowDays: z.number().int().min(1),
  /** Warnings before a ban is proposed: a violation after the last of them makes the proposal. */
  warningsBeforeBan: z.number().int().min(0),
  /** The warning sent to the author, in Italian; {clausola} is replaced by the clause. */
  warningTemplate: z.string().min(1),
});
export type RepeatOffenderRule = z.infer<typeof RepeatOffenderRule>;

/** One entity's social media policy as data: a new entity is a new document in `policies/`. */
export const PolicyDocument = Entity.extend({
  /** Institutional and news domains whose links are never spam (the entity's own sites first). */
  allowedDomains: z.array(z.string().min(1)),
  electionPeriods: z.array(ElectionPeriod),
  /** Every category, so a missing rule is a validation error rather than a silent allow. */
  rules: z.record(Category, CategoryRule).superRefine((rules, ctx) => {
    for (const category of ["off_topic", "trolling"] as const) {
      if (rules[category].clearCut.includes("hide"))
        ctx.addIssue({ code: "custom", path: [category], message: `${category} is never hidden automatically` });
    }
  }),
  retention: Retention,
  redress: Redress,
  repeatOffenders: RepeatOffenderRule,
  /** Where the facts in this document come from, and what was assumed where the policy is silent. */
  sources: z.array(z.string()).default([]),
});
export type PolicyDocument = z.infer<typeof PolicyDocument>;

/** A validated policy; `version` is a hash of the document, so a decision names exactly the rules it applied. */
export type Policy = PolicyDocument & { version: string };

/** Validates a policy document and stamps it with its content hash. Throws a zod error naming the bad field. */
export function loadPolicy(document: unknown): Policy {
  const parsed = PolicyDocument.parse(document);
  const version = createHash("sha256").update(JSON.stringify(document)).digest("hex").slice(0, 12);
  return { ...parsed, version };
}

/** Election period: the caller's word when given, else whether `at` falls inside one of the policy's windows. */
export function inElectionPeriod(policy: Policy, electionPeriod: boolean | undefined, at: Date | undefined): boolean {
  if (electionPeriod !== undefined) return electionPeriod;
  if (!at) return false;
  const day = at.toLocaleDateString("sv-SE", { timeZone: policy.timeZone });
  return policy.electionPeriods.some((p) => p.from <= day && day <= p.to);
}
