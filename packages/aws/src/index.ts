export * from "./alert-store";
export * from "./clients";
export * from "./decision-store";
export * from "./obligation-store";
export * from "./provision";
export * from "./queue";
export * from "./resources";
export * from "./secrets";
