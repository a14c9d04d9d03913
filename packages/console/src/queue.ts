import {
  type ActionTaken,
  type Category,
  type DecisionKey,
  type DecisionListing,
  hidingActions,
  type Platform,
  type StaffRecord,
  showingActions,
} from "@sentinella/core";

/**
 * Where an item stands for staff, as it is on the platform, not as it was meant to be.
 * to_review: Sentinella doubted (review, escalate) and nobody decided yet;
 * hide_failed: Sentinella or a person asked the platform to hide it and the platform refused: it is still visible;
 * hide_pending: Sentinella decided to hide it and the platform has not answered yet (a throttle, a retry);
 * auto_hidden: Sentinella hid it and nobody confirmed or undid the hide yet;
 * hidden / visible: a person decided (hide or confirm; allow or unhide) and it took effect, the latest counts.
 */
export type QueueState = "to_review" | "hide_failed" | "hide_pending" | "auto_hidden" | "hidden" | "visible";
export const queueStates: readonly QueueState[] = [
  "to_review",
  "hide_failed",
  "hide_pending",
  "auto_hidden",
  "hidden",
  "visible",
];
export const openStates: ReadonlySet<QueueState> = new Set(["to_review", "hide_failed", "hide_pending", "auto_hidden"]);

/** Emergencies and threats go first: someone may be in danger. */
const urgentCategories: ReadonlySet<Category> = new Set(["emergency", "threat"]);

export interface QueueEntry {
  itemKey: string;
  /** The item's latest automatic decision. */
  decision: DecisionListing;
  /** The staff decision that settled it after that automatic decision, if any. */
  settledBy?: StaffRecord;
  /** Why a hide did not take effect: the platform's error code, when it refused one. */
  refusal?: string;
  /** Sentinella's own hide of the latest version took effect on the platform (or was recorded, in shadow mode). */
  hiddenBySentinella: boolean;
  state: QueueState;
  urgent: boolean;
  /** Since when the item waits: the first automatic decision about it. */
  waitingSince: string;
}

/** Decisions a person should see: Sentinella doubted, escalated or hid. */
function needsStaff(decision: DecisionListing): boolean {
  return decision.actions.some((action) => action === "review" || action === "escalate" || action === "hide");
}

/** Where Sentinella's own hide of this version stands, from what it recorded of the platform's answers. */
function automaticHide(taken: readonly ActionTaken[] | undefined): { state: QueueState; refusal?: string } {
  const hide = taken?.filter((t) => t.action === "hide" || t.action === "delete").at(-1);
  if (!hide) return { state: "hide_pending" };
  if (hide.status === "failed") return { state: "hide_failed", refusal: hide.error?.code };
  // A private message cannot be hidden: a person reads it.
  if (hide.status === "skipped") return { state: "to_review" };
  return { state: "auto_hidden" };
}

/**
 * One entry per item from its automatic decisions, what Sentinella did on the platform for their latest versions
 * (`taken`, by item version key) and the staff records. An edit after a staff decision reopens the item: only
 * staff records after the latest automatic decision settle it, and only those the platform carried out; a hide
 * the platform refused leaves the item visible, in `hide_failed`, until a person retries or decides otherwise.
 */
export function buildQueue(
  decisions: readonly DecisionListing[],
  staff: readonly StaffRecord[],
  taken: ReadonlyMap<string, readonly ActionTaken[]>,
): QueueEntry[] {
  const byItem = new Map<string, DecisionListing[]>();
  for (const decision of decisions) byItem.set(decision.itemKey, [...(byItem.get(decision.itemKey) ?? []), decision]);
  const entries: QueueEntry[] = [];
  for (const [itemKey, itemDecisions] of byItem) {
    const sorted = [...itemDecisions].sort((a, b) => a.decidedAt.localeCompare(b.decidedAt));
    const latest = sorted.at(-1) as DecisionListing;
    if (!needsStaff(latest)) continue;
    const moves = staff
      .filter(
        (record) =>
          record.itemKey === itemKey &&
          record.at >= latest.decidedAt &&
          (hidingActions.has(record.action) || showingActions.has(record.action)),
      )
      .sort((a, b) => a.recordId.localeCompare(b.recordId));
    const settledBy = moves.filter((record) => record.result.status !== "failed").at(-1);
    const lastMove = moves.at(-1);
    const automatic = latest.actions.includes("hide") ? automaticHide(taken.get(latest.itemVersionKey)) : undefined;
    const outcome: { state: QueueState; refusal?: string } =
      lastMove && lastMove !== settledBy && hidingActions.has(lastMove.action)
        ? { state: "hide_failed", refusal: lastMove.result.error?.code }
        : settledBy
          ? { state: hidingActions.has(settledBy.action) ? "hidden" : "visible" }
          : (automatic ?? { state: "to_review" });
    entries.push({
      itemKey,
      decision: latest,
      settledBy,
      ...outcome,
      hiddenBySentinella: automatic?.state === "auto_hidden",
      urgent: latest.categories.some((category) => urgentCategories.has(category)),
      waitingSince: (sorted[0] as DecisionListing).decidedAt,
    });
  }
  return entries;
}

/** The item versions whose automatic hide `buildQueue` needs the outcome of: the latest ones that decided a hide. */
export function hidesToCheck(decisions: readonly DecisionListing[]): DecisionKey[] {
  const latest = new Map<string, DecisionListing>();
  for (const decision of decisions) {
    const seen = latest.get(decision.itemKey);
    if (!seen || seen.decidedAt <= decision.decidedAt) latest.set(decision.itemKey, decision);
  }
  return [...latest.values()]
    .filter((d) => d.actions.includes("hide"))
    .map(({ itemKey, itemVersionKey }) => ({ itemKey, itemVersionKey }));
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
 * The share of automatic hides that staff undid: of the items Sentinella hid (the platform carried the hide out),
 * how many a person made visible again (allow or unhide) as their latest decision. The figure the team watches for
 * over-blocking; a hide the platform refused is no hide to undo.
 */
export function undoneAutomaticHides(entries: readonly QueueEntry[]): { autoHidden: number; undone: number } {
  const hidden = entries.filter((entry) => entry.hiddenBySentinella);
  return { autoHidden: hidden.length, undone: hidden.filter((entry) => entry.state === "visible").length };
}
