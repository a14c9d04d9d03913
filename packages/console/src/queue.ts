import {
  type Category,
  type DecisionListing,
  hidingActions,
  type Platform,
  type StaffRecord,
  showingActions,
} from "@sentinella/core";

/**
 * Where an item stands for staff.
 * to_review: Sentinella doubted (review, escalate) and nobody decided yet;
 * auto_hidden: Sentinella hid it and nobody confirmed or undid the hide yet;
 * hidden / visible: a person decided (hide or confirm; allow or unhide), the latest decision counts.
 */
export type QueueState = "to_review" | "auto_hidden" | "hidden" | "visible";
export const queueStates: readonly QueueState[] = ["to_review", "auto_hidden", "hidden", "visible"];
export const openStates: ReadonlySet<QueueState> = new Set(["to_review", "auto_hidden"]);

/** Emergencies and threats go first: someone may be in danger. */
const urgentCategories: ReadonlySet<Category> = new Set(["emergency", "threat"]);

export interface QueueEntry {
  itemKey: string;
  /** The item's latest automatic decision. */
  decision: DecisionListing;
  /** The staff decision that settled it after that automatic decision, if any. */
  settledBy?: StaffRecord;
  state: QueueState;
  urgent: boolean;
  /** Since when the item waits: the first automatic decision about it. */
  waitingSince: string;
}

/** Decisions a person should see: Sentinella doubted, escalated or hid. */
function needsStaff(decision: DecisionListing): boolean {
  return decision.actions.some((action) => action === "review" || action === "escalate" || action === "hide");
}

/**
 * One entry per item from its automatic decisions and its staff records. An edit after a staff decision reopens
 * the item: only staff records after the latest automatic decision settle it.
 */
export function buildQueue(decisions: readonly DecisionListing[], staff: readonly StaffRecord[]): QueueEntry[] {
  const byItem = new Map<string, DecisionListing[]>();
  for (const decision of decisions) byItem.set(decision.itemKey, [...(byItem.get(decision.itemKey) ?? []), decision]);
  const entries: QueueEntry[] = [];
  for (const [itemKey, itemDecisions] of byItem) {
    const sorted = [...itemDecisions].sort((a, b) => a.decidedAt.localeCompare(b.decidedAt));
    const latest = sorted.at(-1) as DecisionListing;
    if (!needsStaff(latest)) continue;
    const settledBy = staff
      .filter(
        (record) =>
          record.itemKey === itemKey &&
          record.at >= latest.decidedAt &&
          (hidingActions.has(record.action) || showingActions.has(record.action)),
      )
      .sort((a, b) => a.recordId.localeCompare(b.recordId))
      .at(-1);
    const state: QueueState = settledBy
      ? hidingActions.has(settledBy.action)
        ? "hidden"
        : "visible"
      : latest.actions.includes("hide")
        ? "auto_hidden"
        : "to_review";
    entries.push({
      itemKey,
      decision: latest,
      settledBy,
      state,
      urgent: latest.categories.some((category) => urgentCategories.has(category)),
      waitingSince: (sorted[0] as DecisionListing).decidedAt,
    });
  }
  return entries;
}

/** Urgent first (threats, emergencies), then the longest waiting first. */
export function compareEntries(a: QueueEntry, b: QueueEntry): number {
  if (a.urgent !== b.urgent) return a.urgent ? -1 : 1;
  return a.waitingSince.localeCompare(b.waitingSince) || a.itemKey.localeCompare(b.itemKey);
}

export interface QueueFilter {
  /** A state, or "open" (to_review and auto_hidden: the default), or "all". */
  state?: QueueState | "open" | "all";
  platform?: Platform;
  category?: Category;
  urgentOnly?: boolean;
  /** Words to find in the redacted text or the author id, case and accents ignored. */
  search?: string;
}

const folded = (text: string) => text.normalize("NFD").replace(/\p{M}/gu, "").toLowerCase();

function matches(entry: QueueEntry, filter: QueueFilter): boolean {
  const state = filter.state ?? "open";
  if (state === "open" ? !openStates.has(entry.state) : state !== "all" && entry.state !== state) return false;
  if (filter.platform && entry.decision.platform !== filter.platform) return false;
  if (filter.category && !entry.decision.categories.includes(filter.category)) return false;
  if (filter.urgentOnly && !entry.urgent) return false;
  if (filter.search) {
    const haystack = folded(`${entry.decision.redactedText} ${entry.decision.authorId ?? ""}`);
    if (
      !folded(filter.search)
        .split(/\s+/)
        .filter(Boolean)
        .every((word) => haystack.includes(word))
    )
      return false;
  }
  return true;
}

export interface QueueView {
  entries: QueueEntry[];
  /** Entries per state, over everything but the state filter: what each tab would show. */
  counts: Record<QueueState, number>;
}

export function viewQueue(entries: readonly QueueEntry[], filter: QueueFilter): QueueView {
  const counts = Object.fromEntries(queueStates.map((state) => [state, 0])) as Record<QueueState, number>;
  for (const entry of entries) if (matches(entry, { ...filter, state: "all" })) counts[entry.state] += 1;
  return { entries: entries.filter((entry) => matches(entry, filter)).sort(compareEntries), counts };
}

/**
 * The share of automatic hides that staff undid: of the items Sentinella hid, how many a person made visible
 * again (allow or unhide) as their latest decision. The figure the team watches for over-blocking.
 */
export function undoneAutomaticHides(entries: readonly QueueEntry[]): { autoHidden: number; undone: number } {
  const hidden = entries.filter((entry) => entry.decision.actions.includes("hide"));
  return { autoHidden: hidden.length, undone: hidden.filter((entry) => entry.state === "visible").length };
}
