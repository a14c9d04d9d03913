import { addOfficeTime, isClosedDay, isOpen, nextOpening, officeTimeBetween, replyDeadline } from "@sentinella/replies";
import { describe, expect, it } from "vitest";
import { cento, everyDay, massa, monza, rome } from "./entities";

const hours = (n: number) => n * 3_600_000;

describe("office hours", () => {
  it("Monza is open until 18 Monday to Thursday and until 13 on Friday", () => {
    expect(isOpen(monza, rome("2026-11-26 17:59"))).toBe(true);
    expect(isOpen(monza, rome("2026-11-26 18:00"))).toBe(false);
    expect(isOpen(monza, rome("2026-11-27 12:59"))).toBe(true);
    expect(isOpen(monza, rome("2026-11-27 13:00"))).toBe(false);
  });

  it("Massa-Carrara closes for lunch on its split-shift days but not on Thursday afternoons", () => {
    expect(isOpen(massa, rome("2026-11-25 14:00"))).toBe(false);
    expect(isOpen(massa, rome("2026-11-25 15:30"))).toBe(true);
    expect(isOpen(massa, rome("2026-11-26 15:30"))).toBe(false);
    expect(nextOpening(massa, rome("2026-11-25 13:30"))).toEqual(rome("2026-11-25 15:00"));
  });

  it("a Friday-evening question at Monza waits for Monday morning", () => {
    const friday = rome("2026-11-27 17:55");
    expect(nextOpening(monza, friday)).toEqual(rome("2026-11-30 09:00"));
    expect(officeTimeBetween(monza, friday, new Date(friday.getTime() + hours(48)))).toBe(0);
  });

  it("nextOpening is the instant itself while open", () => {
    expect(nextOpening(cento, rome("2026-11-25 10:00"))).toEqual(rome("2026-11-25 10:00"));
  });

  it("counts split shifts and skips weekends when summing office time", () => {
    expect(officeTimeBetween(massa, rome("2026-11-23 00:00"), rome("2026-11-30 00:00"))).toBe(
      3 * hours(6.5) + 2 * hours(4.5),
    );
    expect(addOfficeTime(massa, rome("2026-11-27 12:30"), hours(2))).toEqual(rome("2026-11-30 10:00"));
  });
});

describe("holidays and closures", () => {
  it("knows the thirteen national holidays of a year, Easter by the Gregorian computus", () => {
    const closed = [];
    for (let day = Date.UTC(2028, 0, 1); day < Date.UTC(2029, 0, 1); day += 86_400_000) {
      const d = new Date(day);
      const date = { year: 2028, month: d.getUTCMonth() + 1, day: d.getUTCDate() };
      if (isClosedDay(everyDay, date)) closed.push(d.toISOString().slice(5, 10));
    }
    expect(closed).toEqual([
      "01-01",
      "01-06",
      "04-16",
      "04-17",
      "04-25",
      "05-01",
      "06-02",
      "08-15",
      "10-04",
      "11-01",
      "12-08",
      "12-25",
      "12-26",
    ]);
  });

  it("closes on Easter Monday", () => {
    expect(isOpen(cento, rome("2026-04-06 10:00"))).toBe(false);
    expect(isOpen(cento, rome("2027-03-29 10:00"))).toBe(false);
    expect(nextOpening(cento, rome("2026-04-03 14:00"))).toEqual(rome("2026-04-07 09:00"));
  });

  it("closes on 4 October from 2026 only (San Francesco, L. 151/2025)", () => {
    expect(isClosedDay(everyDay, { year: 2025, month: 10, day: 4 })).toBe(false);
    expect(isClosedDay(everyDay, { year: 2026, month: 10, day: 4 })).toBe(true);
    expect(isOpen(cento, rome("2027-10-04 10:00"))).toBe(false);
  });

  it("closes on the entity's patron day and nowhere else", () => {
    expect(isOpen(monza, rome("2026-06-24 10:00"))).toBe(false);
    expect(isOpen(cento, rome("2026-06-24 10:00"))).toBe(true);
    expect(isOpen(cento, rome("2026-02-03 10:00"))).toBe(false);
  });

  it("closes on configured extra closures", () => {
    const bridge = { ...cento, officeHours: { ...cento.officeHours, closures: ["2026-12-07"] } };
    expect(isOpen(bridge, rome("2026-12-07 10:00"))).toBe(false);
    expect(nextOpening(bridge, rome("2026-12-04 14:00"))).toEqual(rome("2026-12-09 09:00"));
  });

  it("says 'never' for an entity without office hours instead of searching forever", () => {
    const unstaffed = { ...cento, officeHours: { ...cento.officeHours, weekly: {} } };
    expect(nextOpening(unstaffed, rome("2026-11-25 10:00"))).toBeUndefined();
    expect(addOfficeTime(unstaffed, rome("2026-11-25 10:00"), hours(1))).toBeUndefined();
  });
});

describe("daylight saving time", () => {
  it("opens at 9 local time on both sides of the March and October changes", () => {
    expect(nextOpening(cento, rome("2026-03-28 14:00"))?.toISOString()).toBe("2026-03-30T07:00:00.000Z");
    expect(nextOpening(cento, rome("2026-10-24 14:00"))?.toISOString()).toBe("2026-10-26T08:00:00.000Z");
  });

  it("a 48-hour calendar deadline is 48 real hours even when the clocks change", () => {
    const created = rome("2026-03-28 10:00");
    expect(replyDeadline(cento, created)).toEqual(rome("2026-03-30 11:00"));
  });

  it("an office-hours deadline counts only office time", () => {
    expect(replyDeadline(everyDay, rome("2026-03-28 18:00"))).toEqual(rome("2026-03-29 16:00"));
    const monzaOffice = { ...monza, replyRule: { deadlineHours: 10, clock: "office" as const } };
    expect(replyDeadline(monzaOffice, rome("2026-11-27 17:55"))).toEqual(rome("2026-12-01 10:00"));
  });
});
