import { gregorianEaster } from "date-easter";

/**
 * Italian national public holidays (L. 260/1949 art. 2 as amended, L. 54/1977, DPR 792/1985, L. 151/2025):
 * fixed days plus Easter Sunday and Monday; Sundays come from the weekly schedule, patron days and closures from
 * each entity's policy. A table of our own instead of date-holidays, which carried moment-timezone (715 KB of every
 * Lambda bundle that has a calendar) for the thirteen days one country needs.
 */
const fixedDays: readonly { day: string; since?: number }[] = [
  { day: "01-01" }, // Capodanno
  { day: "01-06" }, // Epifania
  { day: "04-25" }, // Festa della Liberazione
  { day: "05-01" }, // Festa del Lavoro
  { day: "06-02" }, // Festa della Repubblica
  { day: "08-15" }, // Assunzione
  { day: "10-04", since: 2026 }, // San Francesco d'Assisi (L. 151/2025)
  { day: "11-01" }, // Ognissanti
  { day: "12-08" }, // Immacolata
  { day: "12-25" }, // Natale
  { day: "12-26" }, // Santo Stefano
];

const byYear = new Map<number, ReadonlySet<string>>();

/** The national holidays of a year as "YYYY-MM-DD". */
export function nationalHolidays(year: number): ReadonlySet<string> {
  let days = byYear.get(year);
  if (!days) {
    const easter = gregorianEaster(year);
    const sunday = Date.UTC(year, easter.month - 1, easter.day);
    const iso = (ms: number) => new Date(ms).toISOString().slice(0, 10);
    days = new Set([
      ...fixedDays.filter((d) => !d.since || year >= d.since).map((d) => `${year}-${d.day}`),
      iso(sunday),
      iso(sunday + 86_400_000), // Lunedì dell'Angelo
    ]);
    byYear.set(year, days);
  }
  return days;
}
