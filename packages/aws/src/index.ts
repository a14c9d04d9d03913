export * from "./clients";
export * from "./provision";
export * from "./resources";
