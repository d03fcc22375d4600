export * from "./columns";
export * from "./values";
export * from "./decode";
export * from "./parse";
