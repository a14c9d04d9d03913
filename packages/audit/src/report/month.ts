import type { Clock, DecisionReader } from "@sentinella/core";
import type { Obligation } from "@sentinella/replies";
import type { MonthData, OffenderEventFacts, StaffDecisionFacts } from "./figures";

/** The queries one month's report reads, as the CLI and the console have them. */
export interface MonthSources {
  decisions: Pick<DecisionReader, "listByEntity">;
  staff: { listByEntity(entityId: string, from: string, to: string): Promise<readonly StaffDecisionFacts[]> };
  offenders: { listByEntity(entityId: string, from: string): Promise<readonly OffenderEventFacts[]> };
  obligations: { get(itemKey: string): Promise<Obligation | undefined> };
  clock: Clock;
}

/**
 * One month of an entity from the tables' Queries, never from counters: its decisions (byEntity), the staff
 * records from the month's start to now (overrides and reviews of the month's items may come later), the
 * obligations of its reply decisions (by key), and the ledger's events in the month.
 */
export async function readMonth(
  sources: MonthSources,
  entity: MonthData["entity"],
  month: string,
  range: { from: string; to: string },
): Promise<MonthData> {
  const asOf = sources.clock.now().toISOString();
  const [decisions, staff, events] = await Promise.all([
    sources.decisions.listByEntity(entity.id, range.from, range.to),
    sources.staff.listByEntity(entity.id, range.from, asOf),
    sources.offenders.listByEntity(entity.id, range.from),
  ]);
  const replyItems = [...new Set(decisions.filter((d) => d.actions.includes("reply")).map((d) => d.itemKey))];
  const obligations = new Map<string, Obligation>();
  for (const key of replyItems) {
    const obligation = await sources.obligations.get(key);
    if (obligation) obligations.set(key, obligation);
  }
  return {
    entity,
    month,
    asOf,
    decisions: decisions.map((d) => ({ ...d, categories: d.categories.map((category) => ({ category })) })),
    staff,
    obligations,
    offenders: events.filter((e) => e.at <= range.to),
  };
}
