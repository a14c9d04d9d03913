import type { Action, Category, DecisionRecord, ItemKind, Platform } from "@sentinella/core";
import type { Obligation } from "@sentinella/replies";
import { romeDay } from "../format";

/** What the report reads of a staff record (packages/core `StaffRecord`): the action, when, on which item. */
export interface StaffDecisionFacts {
  itemKey: string;
  action: string;
  at: string;
}

/** What the report reads of a repeat-offender ledger event (packages/core `OffenderEvent`). */
export interface OffenderEventFacts {
  kind: string;
  at: string;
}

/** Everything one month's report is computed from: query results, never counters. */
export interface MonthData {
  entity: { id: string; name: string };
  month: string;
  /** When the data was read: overrides and reviews are counted up to then. */
  asOf: string;
  /** The classifier's decisions taken in the month. */
  decisions: readonly (Pick<
    DecisionRecord,
    "itemKey" | "platform" | "kind" | "event" | "actions" | "mode" | "decidedAt"
  > & {
    /** The categories found: the byEntity listing gives their names only, which is all the report counts. */
    categories: readonly { category: Category }[];
  })[];
  /** Staff records from the month's start to `asOf`; undefined where the deployment has none (no console). */
  staff?: readonly StaffDecisionFacts[];
  /** The obligations of the month's decisions with `reply`, by item key; missing ones have expired. */
  obligations: ReadonlyMap<string, Pick<Obligation, "status" | "closedBy" | "closedAt" | "dueAt" | "holdingReply">>;
  /** Ledger events in the month; undefined where there is no ledger. */
  offenders?: readonly OffenderEventFacts[];
}

export interface Count<K extends string = string> {
  key: K;
  count: number;
}

export interface MonthlyFigures {
  entity: { id: string; name: string };
  month: string;
  asOf: string;
  received: {
    total: number;
    byPlatformAndKind: { platform: Platform; kind: ItemKind; count: number }[];
    edits: number;
    deletions: number;
  };
  /** Decisions on new and edited items (a deletion decides nothing). */
  decisions: {
    total: number;
    byAction: Count<Action>[];
    byCategory: Count<Category>[];
    shadow: number;
  };
  automaticVsHuman: { automatic: number; human: number | undefined; humanByAction: Count[] };
  overrides: {
    automaticHides: number;
    overridden: number | undefined;
    /** overridden / automaticHides: the measured error rate of automatic hides. */
    rate: number | undefined;
  };
  review: {
    sent: number;
    decided: number | undefined;
    waiting: number | undefined;
    medianHours: number | undefined;
    p90Hours: number | undefined;
  };
  replyRule: {
    opened: number;
    answeredInTime: number;
    answeredLate: number;
    holdingRepliesSent: number;
    holdingRepliesShadow: number;
    deadlinesMissed: number;
    openNotDue: number;
    closedOtherwise: number;
    expired: number;
  };
  escalated: { emergency: number; threat: number };
  offenders: { warnings: number; bansProposed: number; bansApproved: number; bansRejected: number } | undefined;
  /** Decisions per week (weeks start on Monday, Rome time), by action. */
  weekly: { week: string; action: Action; count: number }[];
}

const actions: readonly Action[] = ["hide", "review", "reply", "escalate", "allow"];

function counted<K extends string>(keys: Iterable<K>, order?: readonly K[]): Count<K>[] {
  const counts = new Map<K, number>();
  for (const key of keys) counts.set(key, (counts.get(key) ?? 0) + 1);
  const sorted = [...counts].map(([key, count]) => ({ key, count }));
  return order
    ? sorted.sort((a, b) => order.indexOf(a.key) - order.indexOf(b.key))
    : sorted.sort((a, b) => b.count - a.count || a.key.localeCompare(b.key));
}

function quantile(sorted: readonly number[], q: number): number | undefined {
  if (sorted.length === 0) return undefined;
  return sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)];
}

const hours = (from: string, to: string) => (Date.parse(to) - Date.parse(from)) / 3600_000;

/** The Monday (Rome) of the week a decision falls in, "YYYY-MM-DD". */
function weekOf(iso: string): string {
  const day = romeDay(iso);
  const date = new Date(`${day}T12:00:00Z`);
  const monday = new Date(date.getTime() - ((date.getUTCDay() + 6) % 7) * 86_400_000);
  return monday.toISOString().slice(0, 10);
}

const staffOverridingHide = new Set(["unhide", "allow"]);

/** The report's figures from one month's records. Pure: the same records always give the same figures. */
export function monthlyFigures(data: MonthData): MonthlyFigures {
  const created = data.decisions.filter((d) => d.event === "created");
  const decided = data.decisions.filter((d) => d.event !== "deleted");
  const platformKinds = new Map<string, { platform: Platform; kind: ItemKind; count: number }>();
  for (const d of created) {
    const key = `${d.platform}#${d.kind}`;
    const entry = platformKinds.get(key) ?? { platform: d.platform, kind: d.kind, count: 0 };
    entry.count++;
    platformKinds.set(key, entry);
  }

  const staffByItem = new Map<string, StaffDecisionFacts[]>();
  for (const s of data.staff ?? []) staffByItem.set(s.itemKey, [...(staffByItem.get(s.itemKey) ?? []), s]);
  const staffAfter = (itemKey: string, at: string) =>
    (staffByItem.get(itemKey) ?? []).filter((s) => s.at >= at).sort((a, b) => a.at.localeCompare(b.at));

  // An automatic hide is one Sentinella carried out (enforce mode), not one it only recorded.
  const hides = decided.filter((d) => d.actions.includes("hide") && d.mode === "enforce");
  const overridden = hides.filter((d) =>
    staffAfter(d.itemKey, d.decidedAt).some((s) => staffOverridingHide.has(s.action)),
  );

  const reviews = decided.filter((d) => d.actions.includes("review"));
  const reviewTimes = reviews
    .map((d) => {
      const first = staffAfter(d.itemKey, d.decidedAt)[0];
      return first ? hours(d.decidedAt, first.at) : undefined;
    })
    .filter((h): h is number => h !== undefined)
    .sort((a, b) => a - b);

  const replies = decided.filter((d) => d.actions.includes("reply"));
  const obligations = [...new Set(replies.map((d) => d.itemKey))].map((key) => data.obligations.get(key));
  const present = obligations.filter((o) => o !== undefined);
  const closedBy = (o: (typeof present)[number], by: string) => o.status === "closed" && o.closedBy === by;
  const inTime = (o: (typeof present)[number]) => (o.closedAt ?? "") <= o.dueAt;

  const escalated = decided.filter((d) => d.actions.includes("escalate"));
  const hasCategory = (d: (typeof decided)[number], category: Category) =>
    d.categories.some((c) => c.category === category);

  const offenderKinds = data.offenders?.map((e) => e.kind);
  const kindCount = (kind: string) => offenderKinds?.filter((k) => k === kind).length ?? 0;

  const weekly = new Map<string, { week: string; action: Action; count: number }>();
  for (const d of decided) {
    for (const action of d.actions) {
      const week = weekOf(d.decidedAt);
      const entry = weekly.get(`${week}#${action}`) ?? { week, action, count: 0 };
      entry.count++;
      weekly.set(`${week}#${action}`, entry);
    }
  }

  const staffCount = data.staff === undefined ? undefined : data.staff.filter((s) => s.at <= data.asOf).length;
  return {
    entity: data.entity,
    month: data.month,
    asOf: data.asOf,
    received: {
      total: created.length,
      byPlatformAndKind: [...platformKinds.values()].sort(
        (a, b) => b.count - a.count || `${a.platform}${a.kind}`.localeCompare(`${b.platform}${b.kind}`),
      ),
      edits: data.decisions.filter((d) => d.event === "edited").length,
      deletions: data.decisions.filter((d) => d.event === "deleted").length,
    },
    decisions: {
      total: decided.length,
      byAction: counted(
        decided.flatMap((d) => d.actions),
        actions,
      ),
      byCategory: counted(decided.flatMap((d) => [...new Set(d.categories.map((c) => c.category))])),
      shadow: decided.filter((d) => d.mode === "shadow").length,
    },
    automaticVsHuman: {
      automatic: decided.length,
      human: staffCount,
      humanByAction: counted((data.staff ?? []).map((s) => s.action)),
    },
    overrides: {
      automaticHides: hides.length,
      overridden: data.staff === undefined ? undefined : overridden.length,
      rate: data.staff === undefined || hides.length === 0 ? undefined : overridden.length / hides.length,
    },
    review: {
      sent: reviews.length,
      decided: data.staff === undefined ? undefined : reviewTimes.length,
      waiting: data.staff === undefined ? undefined : reviews.length - reviewTimes.length,
      medianHours: quantile(reviewTimes, 0.5),
      p90Hours: quantile(reviewTimes, 0.9),
    },
    replyRule: {
      opened: obligations.length,
      answeredInTime: present.filter((o) => closedBy(o, "staff_reply") && inTime(o)).length,
      answeredLate: present.filter((o) => closedBy(o, "staff_reply") && !inTime(o)).length,
      holdingRepliesSent: present.filter((o) => o.holdingReply?.state === "confirmed").length,
      holdingRepliesShadow: present.filter((o) => o.holdingReply?.state === "shadow").length,
      deadlinesMissed: present.filter((o) =>
        o.status === "open" ? o.dueAt < data.asOf : closedBy(o, "staff_reply") && !inTime(o),
      ).length,
      openNotDue: present.filter((o) => o.status === "open" && o.dueAt >= data.asOf).length,
      closedOtherwise: present.filter((o) => o.status === "closed" && o.closedBy !== "staff_reply").length,
      expired: obligations.length - present.length,
    },
    escalated: {
      emergency: escalated.filter((d) => hasCategory(d, "emergency")).length,
      threat: escalated.filter((d) => hasCategory(d, "threat")).length,
    },
    offenders:
      data.offenders === undefined
        ? undefined
        : {
            warnings: kindCount("warning"),
            bansProposed: kindCount("ban_proposed"),
            bansApproved: kindCount("ban_approved"),
            bansRejected: kindCount("ban_rejected"),
          },
    weekly: [...weekly.values()].sort(
      (a, b) => a.week.localeCompare(b.week) || actions.indexOf(a.action) - actions.indexOf(b.action),
    ),
  };
}
