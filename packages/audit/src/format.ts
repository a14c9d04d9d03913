/** How exports write numbers and times: `it` for Italian offices (the default), `en` for other tools. */
export type Locale = "it" | "en";

export const auditTimeZone = "Europe/Rome";

const romeParts = new Intl.DateTimeFormat("en-GB", {
  timeZone: auditTimeZone,
  year: "numeric",
  month: "2-digit",
  day: "2-digit",
  hour: "2-digit",
  minute: "2-digit",
  second: "2-digit",
  hourCycle: "h23",
});

/**
 * An instant as wall-clock time in Rome: "03/11/2026 14:05:00" (it: the order LibreOffice and Excel read as a
 * date in an Italian locale) or "2026-11-03 14:05:00" (en: ISO order, read as a date everywhere).
 */
export function romeDateTime(iso: string, locale: Locale): string {
  const part = Object.fromEntries(romeParts.formatToParts(new Date(iso)).map((p) => [p.type, p.value]));
  const time = `${part.hour}:${part.minute}:${part.second}`;
  return locale === "it"
    ? `${part.day}/${part.month}/${part.year} ${time}`
    : `${part.year}-${part.month}-${part.day} ${time}`;
}

/** The calendar day in Rome of an instant, "YYYY-MM-DD". */
export function romeDay(iso: string): string {
  return new Date(iso).toLocaleDateString("sv-SE", { timeZone: auditTimeZone });
}

const decimals: Record<Locale, Intl.NumberFormat> = {
  it: new Intl.NumberFormat("it-IT", { useGrouping: false, maximumFractionDigits: 4 }),
  en: new Intl.NumberFormat("en-US", { useGrouping: false, maximumFractionDigits: 4 }),
};

/** A number as the locale writes it, without thousands separators (which spreadsheets misread). */
export function localeNumber(value: number, locale: Locale): string {
  return decimals[locale].format(value);
}

/**
 * The first and last instants of a calendar month in Rome ("2026-11" → 2026-10-31T23:00:00.000Z and
 * 2026-11-30T22:59:59.999Z): decisions are stored in UTC, offices count months in local time.
 */
export function romeMonthRange(month: string): { from: string; to: string } {
  const match = /^(\d{4})-(\d{2})$/.exec(month);
  if (!match) throw new RangeError(`month must be YYYY-MM, not "${month}"`);
  const year = Number(match[1]);
  const index = Number(match[2]) - 1;
  if (index < 0 || index > 11) throw new RangeError(`month must be YYYY-MM, not "${month}"`);
  const start = romeMidnight(year, index, 1);
  const next = romeMidnight(year, index + 1, 1);
  return { from: start.toISOString(), to: new Date(next.getTime() - 1).toISOString() };
}

/** Midnight at the start of a day in Rome, as an instant: UTC midnight less Rome's offset on that day. */
function romeMidnight(year: number, monthIndex: number, day: number): Date {
  const utc = Date.UTC(year, monthIndex, day);
  const hourInRome = Number(
    new Intl.DateTimeFormat("en-GB", { timeZone: auditTimeZone, hour: "2-digit", hourCycle: "h23" }).format(utc),
  );
  return new Date(utc - hourInRome * 3600_000);
}
