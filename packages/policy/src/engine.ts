import type { Action, Category, CategoryFinding, Decision, ItemKind, Platform, Removal } from "@sentinella/core";
import type { Detector, DetectorInput, Finding } from "./detector";
import { explain } from "./explain";
import { detectContent } from "./language";
import { analyse } from "./language/analyse";
import { assess } from "./model";
import { detectPersonalData, findPersonalData, redactionSpans } from "./pii";
import { inElectionPeriod, type Policy } from "./policy";

export interface ClassifyInput {
  text: string;
  kind: ItemKind;
  platform: Platform;
  postText?: string;
}

export interface ClassifyContext {
  /** The caller's word on par condicio; when absent, `at` is looked up in the policy's election periods. */
  electionPeriod?: boolean;
  at?: Date;
  /** Recent texts by the same author on the same account, newest first (repetition spam); raw or redacted. */
  recentTextsByAuthor?: readonly string[];
  /**
   * What the account can do with an item to hide (core's `removalFor`): hide it (the default), delete it, or only
   * send it to staff review. The actions and the explanation say what is actually done.
   */
  removal?: Removal;
}

/** Bump when a detector or the engine changes behaviour: with the policy version it pins a decision down. */
export const CLASSIFIER_VERSION = "engine-6";

const detectors: readonly Detector[] = [detectContent, detectPersonalData];

/** Order of actions in a decision, most urgent first, so equal decisions print and compare equal. */
const ACTION_ORDER: readonly Action[] = ["hide", "review", "reply", "escalate"];

/** Categories that may still hide (archive) a private message: it is not public, only spam and threats justify it. */
const HIDDEN_IN_MESSAGES: ReadonlySet<Category> = new Set(["spam", "threat"]);

const REDACTION = "[omissis]";

/**
 * Decides what to do with one item under one entity's policy: pure and deterministic, the same input and
 * policy version always give the same decision.
 */
export function classify(item: ClassifyInput, policy: Policy, context: ClassifyContext = {}): Decision {
  const analysis = analyse(item.text);
  const input: DetectorInput = {
    text: item.text,
    kind: item.kind,
    platform: item.platform,
    electionPeriod: inElectionPeriod(policy, context.electionPeriod, context.at),
    contacts: policy.contacts,
    allowedDomains: policy.allowedDomains,
    recentTextsByAuthor: [],
    analysis,
  };
  const recent = context.recentTextsByAuthor ?? [];
  if (recent.length > 0) {
    // The pipeline stores redacted texts: both sides are compared masked, so a copy with a phone number still counts.
    input.recentTextsByAuthor = recent.map((text) => masked(text, policy));
    input.maskedText = masked(item.text, policy);
  }
  if (item.postText !== undefined) input.postText = item.postText;
  const isMessage = item.kind === "message";
  const removal = context.removal ?? "hide";
  const findings = withoutAdvertisersContacts(detectors.flatMap((detect) => detect(input)));

  const categories = withoutSubsumed(groupByCategory(findings, policy));
  const actions = new Set<Action>();
  const hideable = (category: Category) => removal !== "review" && (!isMessage || HIDDEN_IN_MESSAGES.has(category));
  for (const c of categories) {
    const rule = policy.rules[c.category];
    for (const action of c.clearCut ? rule.clearCut : rule.doubtful) {
      actions.add(action === "hide" && !hideable(c.category) ? "review" : action);
    }
  }
  // The statistical layer, after the rules: a review or an alert the rules did not reach, never a hide.
  const found = new Set(categories.map((c) => c.category));
  for (const m of assess(analysis, actions, found, (c) => policy.rules[c].clause)) {
    categories.push(m.finding);
    for (const action of m.actions) actions.add(action);
  }
  // A hidden item needs no review queue entry: hide and review never go together.
  if (actions.has("hide")) actions.delete("review");
  const ordered = ACTION_ORDER.filter((a) => actions.has(a));
  const finalActions: Action[] = ordered.length > 0 ? ordered : ["allow"];

  return {
    actions: finalActions,
    categories,
    // A private message exposes no personal data (so no pii finding), but what is stored is still masked.
    redactedText: redact(item.text, isMessage ? [...findings, ...findPersonalData(input)] : findings),
    explanation: explain(policy, item.kind, finalActions, categories, removal),
    policyVersion: policy.version,
    classifierVersion: CLASSIFIER_VERSION,
  };
}

function groupByCategory(findings: readonly Finding[], policy: Policy): CategoryFinding[] {
  const byCategory = new Map<Category, CategoryFinding>();
  for (const f of findings) {
    let c = byCategory.get(f.category);
    if (!c) {
      c = {
        category: f.category,
        confidence: 0,
        clearCut: false,
        ruleIds: [],
        clause: policy.rules[f.category].clause,
        evidence: [],
      };
      byCategory.set(f.category, c);
    }
    c.confidence = Math.max(c.confidence, f.confidence);
    c.clearCut ||= f.clearCut;
    if (!c.ruleIds.includes(f.ruleId)) c.ruleIds.push(f.ruleId);
    c.evidence.push({ start: f.start, end: f.end, ruleId: f.ruleId });
  }
  return [...byCategory.values()];
}

/** How an advertiser asks to be reached: in clear-cut spam these are part of the spam (guide, hard cases). */
const CONTACT_RULES: ReadonlySet<string> = new Set(["pii.phone", "pii.email", "pii.pec", "pii.home-address"]);

/**
 * The phone number or address an advertiser posts to be contacted is spam, not personal data: such findings
 * stop counting as `pii`, though the text is still masked for storage.
 */
function withoutAdvertisersContacts(findings: Finding[]): Finding[] {
  if (!findings.some((f) => f.category === "spam" && f.clearCut)) return findings;
  return findings.map((f) =>
    f.category === "pii" && CONTACT_RULES.has(f.ruleId) ? { ...f, category: "spam", clearCut: true } : f,
  );
}

/**
 * A question about one's own case is a personal request, and "who do I call?" or "call me back" inside an emergency
 * report is part of the report: the reply they owe is already there, so they are not categories of their own.
 */
function withoutSubsumed(categories: CategoryFinding[]): CategoryFinding[] {
  const emergency = categories.some((c) => c.category === "emergency");
  const subsumes = emergency || categories.some((c) => c.category === "personal_request");
  return categories.filter((c) => !(subsumes && c.category === "question") && !(emergency && isOnlyCallBack(c)));
}

/** "Chiamatemi al …" in an emergency report is how to reach the witness, part of the report. */
const isOnlyCallBack = (c: CategoryFinding) =>
  c.category === "personal_request" && c.ruleIds.every((id) => id === "personal_request.call-back");

/**
 * The text as its redacted form would store it; only (possibly fullwidth) digits and "@" start identifiers, and a
 * name needs two capitalised words.
 */
function masked(text: string, policy: Policy): string {
  return /[0-9@\uFF10-\uFF20\uD835]|\p{Lu}\p{Ll}+\s+\p{Lu}/u.test(text)
    ? redact(text, findPersonalData({ text, contacts: policy.contacts }))
    : text;
}

/**
 * The text with every span a detector marked as a personal identifier, and every private person's name, replaced;
 * overlapping spans merged.
 */
function redact(text: string, findings: readonly Finding[]): string {
  const spans = redactionSpans(text, findings)
    .map((f) => [f.start, f.end] as const)
    .sort((a, b) => a[0] - b[0]);
  if (spans.length === 0) return text;
  let out = "";
  let cursor = 0;
  for (const [start, end] of spans) {
    if (start >= cursor) {
      out += text.slice(cursor, start) + REDACTION;
      cursor = end;
    } else if (end > cursor) {
      cursor = end; // overlaps the previous mask: extend it
    }
  }
  return out + text.slice(cursor);
}
