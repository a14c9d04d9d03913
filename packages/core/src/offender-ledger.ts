import type { DecisionRecord } from "./decision";
import type { DecisionStore, OffenderLedger } from "./ports";
import type { OffenderEvent } from "./staff";

/**
 * What the ledger reads of the decision table to count Sentinella's own hides: the decision table already
 * records every hide (the `actions#` rows), so the classifier writes no ledger row of its own.
 */
export interface HideRecords extends Pick<DecisionStore, "listByItem"> {
  /** Keys of the items within an entity with a decision naming the author, at least (the byAuthor index). */
  itemsOfAuthor(entityId: string, authorId: string): Promise<string[]>;
  /** Keys of an entity's items decided since `from` (inclusive ISO time) with hide among the actions (byEntity). */
  hiddenItemsSince(entityId: string, from: string): Promise<string[]>;
}

/**
 * The ledger events of the hides (or LinkedIn deletions) Sentinella did on the platform: one per action done, with
 * an id made from the decision, so a decision and its actions give the same events however often they are read.
 */
export function violationsOf(record: DecisionRecord): OffenderEvent[] {
  const authorId = record.authorId;
  if (!authorId) return [];
  const clause = (record.categories.find((finding) => finding.clearCut) ?? record.categories[0])?.clause;
  return record.actionsTaken
    .filter((t) => t.status === "done" && (t.action === "hide" || t.action === "delete"))
    .map((t) => ({
      entityId: record.entityId,
      authorId,
      platform: record.platform,
      accountId: record.accountId,
      kind: "violation",
      at: t.at,
      eventId: `${t.at}#${t.action}#${record.itemVersionKey}`,
      itemKey: record.itemKey,
      by: "sentinella",
      clause,
      status: "done",
    }));
}

/**
 * The repeat-offender ledger as staff read it: the events people and platforms added (`events`), and Sentinella's
 * hides, derived from the decisions. Appends go to `events`; reads are Queries on both, never a Scan.
 */
export function withSentinellaHides(events: OffenderLedger, decisions: HideRecords): OffenderLedger {
  const hidesIn = async (itemKeys: readonly string[], authorId?: string) => {
    const records = (await Promise.all([...new Set(itemKeys)].map((key) => decisions.listByItem(key)))).flat();
    return records.flatMap(violationsOf).filter((event) => authorId === undefined || event.authorId === authorId);
  };
  const inOrder = (list: OffenderEvent[]) => list.sort((a, b) => a.eventId.localeCompare(b.eventId));
  return {
    append: (event) => events.append(event),
    async listByAuthor(entityId, authorId) {
      const [recorded, items] = await Promise.all([
        events.listByAuthor(entityId, authorId),
        decisions.itemsOfAuthor(entityId, authorId),
      ]);
      return inOrder([...recorded, ...(await hidesIn(items, authorId))]);
    },
    async listByEntity(entityId, from) {
      const [recorded, items] = await Promise.all([
        events.listByEntity(entityId, from),
        decisions.hiddenItemsSince(entityId, from),
      ]);
      const hides = (await hidesIn(items)).filter((event) => event.entityId === entityId && event.at >= from);
      return inOrder([...recorded, ...hides]);
    },
  };
}
