export * from "./http";
export * from "./linkedin";
export * from "./meta";
export * from "./router";
export * from "./x";
export * from "./youtube";
export * from "./youtube-cursor";
export * from "./youtube-quota";
