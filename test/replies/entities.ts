import { Entity } from "@sentinella/core";
import { getPolicy } from "@sentinella/policy";

/** The seed policies' entities: office hours, patron days and contacts as the entities publish them. */
export const monza = getPolicy("provincia-monza-brianza");
export const massa = getPolicy("provincia-massa-carrara");
export const cento = getPolicy("comune-cento");

/** Open every day 8–20 with no patron: isolates national holidays and DST from the weekly schedule. */
export const everyDay = Entity.parse({
  id: "every-day",
  name: "Sempre aperto",
  contacts: {},
  officeHours: {
    weekly: Object.fromEntries(
      ["1", "2", "3", "4", "5", "6", "7"].map((day) => [day, [{ from: "08:00", to: "20:00" }]]),
    ),
  },
  replyRule: { deadlineHours: 10, clock: "office" },
});

/** "2026-11-27 17:55" in Rome as an instant: tests read like the scenario and never guess the DST offset. */
export const rome = (wallTime: string) => {
  const [date, time] = wallTime.split(" ");
  const candidates = ["+01:00", "+02:00"].map((offset) => new Date(`${date}T${time}:00${offset}`));
  const matches = candidates.filter(
    (candidate) => candidate.toLocaleString("sv-SE", { timeZone: "Europe/Rome" }).slice(0, 16) === `${date} ${time}`,
  );
  const [match] = matches;
  if (!match) throw new Error(`${wallTime} does not exist in Europe/Rome`);
  return match;
};
