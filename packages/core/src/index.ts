export * from "./decision";
export * from "./entity";
export * from "./item";
export * from "./platform-secrets";
export * from "./ports";
export * from "./secrets";
