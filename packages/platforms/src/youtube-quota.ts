/**
 * The YouTube Data API's daily quota, as Google documents it
 * (https://developers.google.com/youtube/v3/determine_quota_cost): units per call, a per-project budget per day,
 * reset at midnight Pacific time, and every request charged, invalid ones included.
 */

/** Units per call Sentinella makes. */
export const youTubeQuotaCost = {
  /** commentThreads.list and comments.list. */
  list: 1,
  /** comments.setModerationStatus (our hide and unhide). */
  moderate: 50,
  /** comments.insert (a reply). */
  reply: 50,
} as const;

/**
 * Who spends: the poller only out of the polling share, so the share kept for moderation and replies is never spent
 * on reading; actions may use the whole budget.
 */
export type QuotaPurpose = "poll" | "action";

export interface QuotaBudget {
  /** The project's daily units (10,000 by default). */
  dailyUnits: number;
  /** Units polling may never touch: kept for hides, unhides and replies. */
  reservedForActions: number;
}

/** A fifth of the budget for actions: 2,000 of 10,000 units, 40 hides or replies a day. */
export function defaultQuotaBudget(dailyUnits: number): QuotaBudget {
  return { dailyUnits, reservedForActions: Math.floor(dailyUnits / 5) };
}

/** The most a purpose may have spent in a day after its debit. */
export function quotaCeiling(budget: QuotaBudget, purpose: QuotaPurpose): number {
  return purpose === "poll" ? budget.dailyUnits - budget.reservedForActions : budget.dailyUnits;
}

const pacificDate = new Intl.DateTimeFormat("en-CA", {
  timeZone: "America/Los_Angeles",
  year: "numeric",
  month: "2-digit",
  day: "2-digit",
});

/** The quota day a moment falls in: the date in Pacific time, "YYYY-MM-DD". */
export function quotaDay(at: Date): string {
  return pacificDate.format(at);
}

/** Seconds from `at` to the next midnight Pacific time, when YouTube resets the quota (found by stepping: DST-proof). */
export function secondsUntilQuotaReset(at: Date): number {
  const today = quotaDay(at);
  // The next day starts within 25 hours: find its first minute by bisection over [at, at + 25 h].
  let low = at.getTime();
  let high = low + 25 * 3600_000;
  while (high - low > 1000) {
    const middle = Math.floor((low + high) / 2);
    if (quotaDay(new Date(middle)) === today) low = middle;
    else high = middle;
  }
  return Math.ceil((high - at.getTime()) / 1000);
}

/**
 * The daily ledger shared by every caller of the API (poller, classifier, scheduler): a debit is recorded before the
 * call (Google charges even a failed one) and refused when it would take the purpose past its ceiling.
 */
export interface QuotaLedger {
  /** Records `units` against today's budget unless that passes the purpose's ceiling; the day's total after it. */
  debit(units: number, purpose: QuotaPurpose, at: Date): Promise<{ granted: boolean; spent: number }>;
  /** Units spent on the quota day of `at`. */
  spent(at: Date): Promise<number>;
}

/** The in-memory twin of the DynamoDB ledger, for unit tests and single-process runs. */
export function inMemoryQuotaLedger(budget: QuotaBudget): QuotaLedger & { budget: QuotaBudget } {
  const byDay = new Map<string, number>();
  return {
    budget,
    async debit(units, purpose, at) {
      const day = quotaDay(at);
      const spent = byDay.get(day) ?? 0;
      if (spent + units > quotaCeiling(budget, purpose)) return { granted: false, spent };
      byDay.set(day, spent + units);
      return { granted: true, spent: spent + units };
    },
    spent: async (at) => byDay.get(quotaDay(at)) ?? 0,
  };
}
