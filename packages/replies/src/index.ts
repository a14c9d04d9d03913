export * from "./calendar";
export * from "./obligation";
export * from "./plan";
export * from "./store";
export * from "./templates";
export { addDays, instantAt, isoWeekday, wallClock } from "./zoned-time";
