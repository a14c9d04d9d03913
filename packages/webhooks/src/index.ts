export * from "./meta";
export * from "./meta-schema";
export * from "./signature";
