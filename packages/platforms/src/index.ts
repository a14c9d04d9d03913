export * from "./http";
export * from "./meta";
export * from "./router";
export * from "./x";
