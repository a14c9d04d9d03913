import type { Entity } from "@sentinella/core";
import { nationalHolidays } from "./holidays";
import { addDays, type CivilDate, formatCivilDate, instantAt, isoWeekday, wallClock } from "./zoned-time";

/** What the calendar needs to know about an entity. */
export type CalendarEntity = Pick<Entity, "timeZone" | "officeHours">;

/** A stretch of office time, [start, end) in epoch milliseconds. */
export interface OfficeInterval {
  start: number;
  end: number;
}

const hour = 3_600_000;
/** Give up looking for an opening after a year with none (an entity without any office hours). */
const searchHorizonDays = 366;

/** A national holiday, the patron saint's day or a configured closure: the offices stay shut. */
export function isClosedDay(entity: CalendarEntity, date: CivilDate): boolean {
  const day = formatCivilDate(date);
  const { patronDay, closures } = entity.officeHours;
  return nationalHolidays(date.year).has(day) || day.slice(5) === patronDay || closures.includes(day);
}

function minutesOf(time: string): number {
  const [hours, minutes] = time.split(":").map(Number);
  return (hours ?? 0) * 60 + (minutes ?? 0);
}

function shiftsOn(entity: CalendarEntity, date: CivilDate): OfficeInterval[] {
  if (isClosedDay(entity, date)) return [];
  const weekday = String(isoWeekday(date)) as keyof CalendarEntity["officeHours"]["weekly"];
  return (entity.officeHours.weekly[weekday] ?? []).map((shift) => ({
    start: instantAt(entity.timeZone, date, minutesOf(shift.from)),
    end: instantAt(entity.timeZone, date, minutesOf(shift.to)),
  }));
}

function hasAnyShift(entity: CalendarEntity): boolean {
  return Object.values(entity.officeHours.weekly).some((shifts) => shifts.length > 0);
}

/** Office intervals that end after `from`, in order, the first one clipped to start no earlier than `from`. */
function* intervalsFrom(entity: CalendarEntity, from: number): Generator<OfficeInterval> {
  if (!hasAnyShift(entity)) return;
  let date: CivilDate = wallClock(entity.timeZone, from);
  for (let daysWithout = 0; daysWithout <= searchHorizonDays; date = addDays(date, 1)) {
    const shifts = shiftsOn(entity, date).filter((shift) => shift.end > from);
    daysWithout = shifts.length ? 0 : daysWithout + 1;
    for (const shift of shifts) yield { start: Math.max(shift.start, from), end: shift.end };
  }
}

/** The office intervals within [from, to), clipped to it. */
export function officeIntervals(entity: CalendarEntity, from: Date, to: Date): OfficeInterval[] {
  const end = to.getTime();
  const intervals: OfficeInterval[] = [];
  for (const interval of intervalsFrom(entity, from.getTime())) {
    if (interval.start >= end) break;
    intervals.push({ start: interval.start, end: Math.min(interval.end, end) });
  }
  return intervals;
}

/** Whether staff are on duty at `at`. */
export function isOpen(entity: CalendarEntity, at: Date): boolean {
  const t = at.getTime();
  return shiftsOn(entity, wallClock(entity.timeZone, t)).some((shift) => shift.start <= t && t < shift.end);
}

/** When staff are next on duty: `at` itself when open; undefined when the entity has no office hours. */
export function nextOpening(entity: CalendarEntity, at: Date): Date | undefined {
  const first = intervalsFrom(entity, at.getTime()).next();
  return first.done ? undefined : new Date(first.value.start);
}

/** Milliseconds of office time within [from, to); 0 when `to` is not after `from`. */
export function officeTimeBetween(entity: CalendarEntity, from: Date, to: Date): number {
  return officeIntervals(entity, from, to).reduce((total, interval) => total + interval.end - interval.start, 0);
}

/** The instant at which `ms` of office time will have passed since `from`; undefined without office hours. */
export function addOfficeTime(entity: CalendarEntity, from: Date, ms: number): Date | undefined {
  let left = ms;
  for (const interval of intervalsFrom(entity, from.getTime())) {
    if (interval.end - interval.start >= left) return new Date(interval.start + left);
    left -= interval.end - interval.start;
  }
  return undefined;
}

/**
 * When the answer is due under the entity's reply rule: `deadlineHours` of wall-clock time, or of office
 * time for clock "office". An entity with office time but no office hours falls back to wall-clock hours,
 * so an obligation is never due "never".
 */
export function replyDeadline(entity: CalendarEntity & Pick<Entity, "replyRule">, createdAt: Date): Date {
  const { deadlineHours, clock } = entity.replyRule;
  const calendarDue = new Date(createdAt.getTime() + deadlineHours * hour);
  if (clock === "calendar") return calendarDue;
  return addOfficeTime(entity, createdAt, deadlineHours * hour) ?? calendarDue;
}
