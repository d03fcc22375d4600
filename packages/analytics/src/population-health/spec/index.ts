// The executable specification of the query compilers: every case runs on DuckDB and on
// PostgreSQL, and both must give exactly the expected rows.
import { measureCases } from "./measures";
import { populationCases } from "./population";
import { variableCases } from "./variables";
export type { ExpectedRow, SpecCase } from "./fixtures";

export const SPEC_CASES = [
  ...populationCases,
  ...variableCases,
  ...measureCases,
];
