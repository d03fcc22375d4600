// The test kit: test databases now; demo-ICS builders, seeded data and spec tables to come.
export * from "./databases";
export * from "./refdata";
export * from "./demo";
export * from "./sessions";
