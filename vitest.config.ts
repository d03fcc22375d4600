import { availableParallelism } from "node:os";
import { BaseSequencer, type TestSpecification } from "vitest/node";
import { defineConfig } from "vitest/config";

/** Database and browser tests: the files that take minutes rather than seconds. */
const isHeavy = (spec: TestSpecification): boolean =>
  /\.int\.test\.ts$|[\\/]e2e[\\/]/.test(spec.moduleId);

/**
 * Vitest's own order (longest last run first, else largest file first), with the database
 * and browser tests ahead of the quick unit tests, so that on a fresh clone, where no
 * timings are cached yet, no long file starts last and keeps one worker busy alone.
 */
class HeavyFirstSequencer extends BaseSequencer {
  override async sort(
    files: TestSpecification[],
  ): Promise<TestSpecification[]> {
    const sorted = await super.sort(files);
    return [
      ...sorted.filter((spec) => isHeavy(spec)),
      ...sorted.filter((spec) => !isHeavy(spec)),
    ];
  }
}

export default defineConfig({
  test: {
    include: [
      "packages/*/src/**/*.test.ts",
      "e2e/**/*.test.ts",
      "bench/**/*.test.ts",
      "scripts/**/*.test.ts",
    ],
    // Generous limits: a test only fails on time when it hangs, never because the machine is
    // busy (the demo and the indicator set take minutes on a loaded 2-core machine).
    testTimeout: 600_000,
    hookTimeout: 900_000,
    pool: "forks",
    // Vitest leaves one core idle by default, which on a 2-core machine means one file at a
    // time; much of the waiting is on PostgreSQL and Chromium, so use every core.
    maxWorkers: Math.max(2, availableParallelism()),
    reporters: ["default", "./scripts/summary-reporter.ts"],
    sequence: { concurrent: false, sequencer: HeavyFirstSequencer },
  },
});
