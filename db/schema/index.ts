// The data model, one file per area. drizzle-kit reads this barrel (db/drizzle.config.ts).
export * from "./core";
export * from "./incoming";
export * from "./outgoing";
export * from "./plans";
export * from "./edxml";
export * from "./notifications";
export * from "./signing";
export * from "./jobs";
export * from "./statistics";
export * from "./casefiles";
