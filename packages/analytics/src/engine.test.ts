import { describe, expect, it } from "vitest";
import { openAnalytics, populationByDecile } from "./engine";

describe("population by IMD decile in DuckDB", () => {
  it("sums population and counts LSOAs per decile", async () => {
    const { connection, close } = await openAnalytics();
    const rows = await populationByDecile(connection, [
      { decile: 1, population: 1500 },
      { decile: 1, population: 1700 },
      { decile: 10, population: 1200 },
    ]);
    close();
    expect(rows).toEqual([
      { decile: 1, lsoas: 2, population: 3200 },
      { decile: 10, lsoas: 1, population: 1200 },
    ]);
  });
});
