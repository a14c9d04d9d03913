export * from "./decision";
export * from "./entity";
export * from "./item";
export * from "./ports";
export * from "./secrets";
