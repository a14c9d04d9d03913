import { addOfficeTime, isOpen, nextOpening, officeTimeBetween, replyDeadline } from "@sentinella/replies";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { entity, instant } from "./arbitraries";
import { cento, everyDay, rome } from "./entities";

const minute = 60_000;
const day = 24 * 60 * minute;
const span = fc.integer({ min: 0, max: 10 * day });

describe("calendar properties", () => {
  it("office time adds up over consecutive spans", () => {
    fc.assert(
      fc.property(entity, instant, span, span, (e, a, first, second) => {
        const b = new Date(a.getTime() + first);
        const c = new Date(b.getTime() + second);
        expect(officeTimeBetween(e, a, b) + officeTimeBetween(e, b, c)).toBe(officeTimeBetween(e, a, c));
      }),
    );
  });

  it("nextOpening is open, not before the instant, with no office time in between", () => {
    fc.assert(
      fc.property(entity, instant, (e, at) => {
        const opening = nextOpening(e, at);
        expect(opening).toBeDefined();
        if (!opening) return;
        expect(opening.getTime()).toBeGreaterThanOrEqual(at.getTime());
        expect(isOpen(e, opening)).toBe(true);
        expect(officeTimeBetween(e, at, opening)).toBe(0);
        expect(isOpen(e, at)).toBe(opening.getTime() === at.getTime());
      }),
    );
  });

  it("addOfficeTime is the inverse of officeTimeBetween", () => {
    fc.assert(
      fc.property(entity, instant, fc.integer({ min: 1, max: 60 * 60 }), (e, from, minutes) => {
        const end = addOfficeTime(e, from, minutes * minute);
        expect(end).toBeDefined();
        if (!end) return;
        expect(officeTimeBetween(e, from, end)).toBe(minutes * minute);
        // It lands inside office time (the last minute counted was open), never in a closed stretch after it.
        expect(isOpen(e, new Date(end.getTime() - minute))).toBe(true);
      }),
    );
  });

  it("shifts start at the same wall-clock time whatever the season", () => {
    fc.assert(
      fc.property(instant, (at) => {
        const opening = nextOpening(everyDay, at);
        const wall = opening?.toLocaleTimeString("it-IT", {
          timeZone: "Europe/Rome",
          hour: "2-digit",
          minute: "2-digit",
        });
        if (isOpen(everyDay, at)) return;
        expect(wall).toBe("08:00");
      }),
    );
  });

  it("a calendar deadline is always exactly 48 elapsed hours later", () => {
    fc.assert(
      fc.property(instant, (created) => {
        expect(replyDeadline(cento, created).getTime() - created.getTime()).toBe(48 * 60 * minute);
      }),
    );
  });

  it("Easter Monday and New Year's Day are never open", () => {
    fc.assert(
      fc.property(fc.integer({ min: 2025, max: 2035 }), fc.integer({ min: 0, max: 23 }), (year, hour) => {
        const easterMonday = easterSunday(year) + day;
        const wall = (ms: number) => new Date(ms).toISOString().slice(0, 10);
        expect(isOpen(everyDay, rome(`${wall(easterMonday)} ${String(hour).padStart(2, "0")}:30`))).toBe(false);
        expect(isOpen(everyDay, rome(`${year}-01-01 ${String(hour).padStart(2, "0")}:30`))).toBe(false);
      }),
    );
  });
});

/** Gregorian Easter Sunday (anonymous / Meeus algorithm) as a UTC midnight: an independent check on the library. */
function easterSunday(year: number): number {
  const a = year % 19;
  const b = Math.floor(year / 100);
  const c = year % 100;
  const d = Math.floor(b / 4);
  const e = b % 4;
  const f = Math.floor((b + 8) / 25);
  const g = Math.floor((b - f + 1) / 3);
  const h = (19 * a + b - d - g + 15) % 30;
  const i = Math.floor(c / 4);
  const k = c % 4;
  const l = (32 + 2 * e + 2 * i - h - k) % 7;
  const m = Math.floor((a + 11 * h + 22 * l) / 451);
  const month = Math.floor((h + l - 7 * m + 114) / 31);
  const dayOfMonth = ((h + l - 7 * m + 114) % 31) + 1;
  return Date.UTC(year, month - 1, dayOfMonth);
}
