import { Entity } from "@sentinella/core";

const weekdays = (shifts: { from: string; to: string }[], days = ["1", "2", "3", "4", "5"]) =>
  Object.fromEntries(days.map((day) => [day, shifts]));

/** Office hours and contacts as the entities publish them (entities.md), built here so tests do not wait on presets. */
export const monza = Entity.parse({
  id: "provincia-monza-brianza",
  name: "Provincia di Monza e della Brianza",
  contacts: {
    phones: ["039.975.2304"],
    websites: ["www.provincia.mb.it"],
    officialChannel: "l'URP online (urponline.provincia.mb.it, tel. 039.975.2304)",
  },
  officeHours: {
    weekly: {
      ...weekdays([{ from: "09:00", to: "18:00" }], ["1", "2", "3", "4"]),
      "5": [{ from: "09:00", to: "13:00" }],
    },
    patronDay: "06-24",
  },
  replyRule: {},
});

export const massa = Entity.parse({
  id: "provincia-massa-carrara",
  name: "Provincia di Massa-Carrara",
  contacts: { emails: ["filodiretto@provincia.ms.it"], phones: ["800498498"], websites: ["www.provincia.ms.it"] },
  officeHours: {
    weekly: {
      ...weekdays(
        [
          { from: "09:00", to: "13:30" },
          { from: "15:00", to: "17:00" },
        ],
        ["1", "2", "3"],
      ),
      ...weekdays([{ from: "09:00", to: "13:30" }], ["4", "5"]),
    },
    patronDay: "10-04",
  },
  replyRule: {},
});

export const cento = Entity.parse({
  id: "comune-cento",
  name: "Comune di Cento",
  contacts: {
    emails: ["urp@comune.cento.fe.it"],
    phones: ["800.375.515"],
    websites: ["municipium.comune.cento.fe.it"],
    officialChannel: "l'URP (urp@comune.cento.fe.it, numero verde 800 375 515) o l'app Municipium",
  },
  officeHours: { weekly: weekdays([{ from: "09:00", to: "13:00" }]), patronDay: "02-03" },
  replyRule: { deadlineHours: 48, clock: "calendar" },
});

/** Open every day 8–20 with no patron: isolates national holidays and DST from the weekly schedule. */
export const everyDay = Entity.parse({
  id: "every-day",
  name: "Sempre aperto",
  contacts: {},
  officeHours: { weekly: weekdays([{ from: "08:00", to: "20:00" }], ["1", "2", "3", "4", "5", "6", "7"]) },
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
