export * from "./decision";
export * from "./entity";
export * from "./in-memory";
export * from "./item";
export * from "./platform-secrets";
export * from "./ports";
export * from "./secrets";
export * from "./staff";
