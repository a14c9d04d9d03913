import { type Action, type Category, type DecisionReader, type DecisionRecord, removalFor } from "@sentinella/core";
import { CLASSIFIER_VERSION, classify, type Policy } from "@sentinella/policy";

export interface ReplayChange {
  itemKey: string;
  itemVersionKey: string;
  redactedText: string;
  before: { actions: Action[]; categories: Category[] };
  after: { actions: Action[]; categories: Category[] };
}

export interface ReplayReport {
  policyVersion: string;
  classifierVersion: string;
  /** Stored decisions replayed (those whose full text is still retained). */
  replayed: number;
  /** Stored decisions of the period whose full text has expired: they cannot be replayed. */
  withoutText: number;
  newlyHidden: number;
  noLongerHidden: number;
  categoryChanged: number;
  changes: ReplayChange[];
}

const categoriesOf = (decision: Pick<DecisionRecord, "categories">) =>
  [...new Set(decision.categories.map((finding) => finding.category))].sort();

/**
 * Runs `policy` with the installed engine over stored decisions and says what would change. Pure: it reads only
 * the records given and acts on nothing. Each record is judged as when it was decided (its creation time, for
 * election periods); an author's earlier texts are not replayed, so repetition spam is judged on the text alone.
 */
export function replayDecisions(records: readonly DecisionRecord[], policy: Policy): ReplayReport {
  const report: ReplayReport = {
    policyVersion: policy.version,
    classifierVersion: CLASSIFIER_VERSION,
    replayed: 0,
    withoutText: 0,
    newlyHidden: 0,
    noLongerHidden: 0,
    categoryChanged: 0,
    changes: [],
  };
  for (const record of records) {
    if (record.fullText === undefined) {
      report.withoutText += 1;
      continue;
    }
    report.replayed += 1;
    const after = classify({ text: record.fullText, kind: record.kind, platform: record.platform }, policy, {
      at: new Date(record.itemCreatedAt),
      // What the account could do with it then: a LinkedIn comment sent to review is not "newly hidden".
      removal: removalFor(record, { linkedin: { clearCut: record.clearCutHandling ?? "review" } }),
    });
    const hiddenBefore = record.actions.includes("hide");
    const hiddenAfter = after.actions.includes("hide");
    const before = { actions: record.actions, categories: categoriesOf(record) };
    const afterSummary = { actions: after.actions, categories: categoriesOf(after) };
    const categoriesDiffer = before.categories.join() !== afterSummary.categories.join();
    if (hiddenAfter && !hiddenBefore) report.newlyHidden += 1;
    if (hiddenBefore && !hiddenAfter) report.noLongerHidden += 1;
    if (categoriesDiffer) report.categoryChanged += 1;
    if (hiddenBefore !== hiddenAfter || categoriesDiffer || before.actions.join() !== after.actions.join()) {
      report.changes.push({
        itemKey: record.itemKey,
        itemVersionKey: record.itemVersionKey,
        redactedText: record.redactedText,
        before,
        after: afterSummary,
      });
    }
  }
  return report;
}

/** The stored decisions of an entity in a period, with their full text where it is still retained. */
export async function loadPeriod(
  decisions: DecisionReader,
  entityId: string,
  from: string,
  to: string,
): Promise<DecisionRecord[]> {
  const listed = await decisions.listByEntity(entityId, from, to);
  const records = await Promise.all(listed.map((listing) => decisions.get(listing)));
  return records.filter((record): record is DecisionRecord => record !== undefined);
}
