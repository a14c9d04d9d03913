import type { DecisionRecord, StaffRecord } from "@sentinella/core";

/** One line of an item's history: what Sentinella decided or did, or what a person decided, in time order. */
export type HistoryEvent =
  | { at: string; type: "decision"; decision: DecisionRecord }
  | { at: string; type: "platform"; action: DecisionRecord["actionsTaken"][number] }
  | { at: string; type: "staff"; record: StaffRecord };

export function itemHistory(decisions: readonly DecisionRecord[], staff: readonly StaffRecord[]): HistoryEvent[] {
  const events: HistoryEvent[] = [
    ...decisions.flatMap((decision): HistoryEvent[] => [
      { at: decision.decidedAt, type: "decision", decision },
      ...decision.actionsTaken.map((action): HistoryEvent => ({ at: action.at, type: "platform", action })),
    ]),
    ...staff.map((record): HistoryEvent => ({ at: record.at, type: "staff", record })),
  ];
  // Stable: a decision stays before the actions it caused at the same instant.
  return events
    .map((event, index) => ({ event, index }))
    .sort((a, b) => a.event.at.localeCompare(b.event.at) || a.index - b.index)
    .map(({ event }) => event);
}
