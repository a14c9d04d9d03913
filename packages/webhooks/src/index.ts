export * from "./delivery";
export * from "./linkedin-signature";
export * from "./meta";
export * from "./meta-schema";
export * from "./signature";
export * from "./x-account-activity";
export * from "./x-signature";
export * from "./youtube";
