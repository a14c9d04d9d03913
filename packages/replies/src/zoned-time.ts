/**
 * Wall-clock time in an IANA time zone, built on Intl.DateTimeFormat (the runtime's tz database).
 * Hand-written because the calendar needs only two conversions (instant → local date and time, local date
 * and time → instant) and Temporal is not yet in Node 24 without a flag; a tz library would add weight to
 * every Lambda for these twenty lines.
 */

/** A day of the civil calendar, "YYYY-MM-DD" parts (month 1–12). */
export interface CivilDate {
  year: number;
  month: number;
  day: number;
}

export interface WallClock extends CivilDate {
  hour: number;
  minute: number;
  second: number;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(timeZone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat("en-US", {
      timeZone,
      hourCycle: "h23",
      year: "numeric",
      month: "numeric",
      day: "numeric",
      hour: "numeric",
      minute: "numeric",
      second: "numeric",
    });
    formatters.set(timeZone, formatter);
  }
  return formatter;
}

export function wallClock(timeZone: string, at: number): WallClock {
  const parts: Record<string, number> = {};
  for (const part of formatterFor(timeZone).formatToParts(at)) {
    if (part.type !== "literal") parts[part.type] = Number(part.value);
  }
  return {
    year: parts.year ?? 0,
    month: parts.month ?? 0,
    day: parts.day ?? 0,
    hour: parts.hour ?? 0,
    minute: parts.minute ?? 0,
    second: parts.second ?? 0,
  };
}

/** Milliseconds the zone is ahead of UTC at an instant (whole seconds: Intl has no sub-second offsets). */
function offsetAt(timeZone: string, at: number): number {
  const wall = wallClock(timeZone, at);
  const wallAsUtc = Date.UTC(wall.year, wall.month - 1, wall.day, wall.hour, wall.minute, wall.second);
  return wallAsUtc - (at - (((at % 1000) + 1000) % 1000));
}

/**
 * The instant at which the zone's clocks show `minutes` past midnight of `date`.
 * Two passes settle the offset on either side of a daylight-saving change. A wall time inside the spring gap
 * (02:00–03:00 in Europe/Rome) resolves one hour later (02:30 → 03:30), one in the autumn overlap to its
 * second occurrence. Office shifts never start in either window.
 */
export function instantAt(timeZone: string, date: CivilDate, minutes: number): number {
  const wallAsUtc = Date.UTC(date.year, date.month - 1, date.day, 0, minutes);
  const first = wallAsUtc - offsetAt(timeZone, wallAsUtc);
  const second = wallAsUtc - offsetAt(timeZone, first);
  return Math.max(first, second);
}

export function addDays(date: CivilDate, days: number): CivilDate {
  const moved = new Date(Date.UTC(date.year, date.month - 1, date.day + days));
  return { year: moved.getUTCFullYear(), month: moved.getUTCMonth() + 1, day: moved.getUTCDate() };
}

/** ISO weekday, 1 = Monday … 7 = Sunday. */
export function isoWeekday(date: CivilDate): number {
  return new Date(Date.UTC(date.year, date.month - 1, date.day)).getUTCDay() || 7;
}

/** "YYYY-MM-DD" */
export function formatCivilDate(date: CivilDate): string {
  return `${date.year}-${String(date.month).padStart(2, "0")}-${String(date.day).padStart(2, "0")}`;
}
