// Population-health analytics: the query model compiled to SQL and run on DuckDB or PostgreSQL.
export * from "./compile";
export * from "./tables";
export * from "./duckdb-runner";
export * from "./postgres-runner";
