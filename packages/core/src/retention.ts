/**
 * When a row kept for a retention period expires, as DynamoDB's TTL wants it: epoch seconds. Months are calendar
 * months in UTC, as Date rolls them over (one month after 31 January 2027 is 3 March).
 */
export function expiryAfter(at: string | Date, period: { days: number } | { months: number }): number {
  const time = new Date(at);
  if ("days" in period) time.setUTCDate(time.getUTCDate() + period.days);
  else time.setUTCMonth(time.getUTCMonth() + period.months);
  return Math.floor(time.getTime() / 1000);
}
