export * from "./calendar";
export * from "./obligation";
export * from "./plan";
export * from "./store";
export * from "./templates";
