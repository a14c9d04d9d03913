import fc from "fast-check";
import { cento, everyDay, massa, monza, rome } from "./entities";

const minute = 60_000;
const day = 24 * 60 * minute;

/** Instants within two days of the moments calendars get wrong: DST changes, year ends, Easter weekends. */
const tricky = [
  "2025-03-30 03:00",
  "2025-10-26 03:00",
  "2026-03-29 03:00",
  "2026-10-25 02:00",
  "2027-03-28 03:00",
  "2027-10-31 02:00",
  "2025-12-31 23:00",
  "2026-12-31 23:00",
  "2025-04-20 12:00",
  "2026-04-05 12:00",
  "2027-03-28 12:00",
  "2026-10-04 12:00",
].map((wallTime) => rome(wallTime).getTime());

export const instant = fc
  .oneof(
    fc.tuple(fc.constantFrom(...tricky), fc.integer({ min: -2 * day, max: 2 * day })).map(([at, shift]) => at + shift),
    fc.integer({ min: rome("2025-01-01 00:00").getTime(), max: rome("2028-12-31 00:00").getTime() }),
  )
  .map((ms) => new Date(Math.round(ms / minute) * minute));

export const entity = fc.constantFrom(monza, massa, cento, everyDay);
