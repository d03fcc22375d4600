import { describe, expect, it } from "vitest";
import {
  addCommitment,
  commitmentCounts,
  commitmentStatus,
  doneOnTime,
  markCommitmentDone,
} from "./compacts";
import type { Commitment } from "./model";

const c = (
  id: string,
  dueOn: string,
  doneOn: string | null = null,
): Commitment => ({
  id,
  instrument: "partnership_compact",
  description: `Commitment ${id}`,
  owner: "Director of Public Health",
  dueOn,
  doneOn,
});

describe("Partnership Compact and Annual Joint Mandate commitments", () => {
  it("are open until their due date, then overdue, and done once done", () => {
    expect(commitmentStatus(c("a", "2025-06-30"), "2025-06-30")).toBe("open");
    expect(commitmentStatus(c("a", "2025-06-30"), "2025-07-01")).toBe(
      "overdue",
    );
    expect(
      commitmentStatus(c("a", "2025-06-30", "2025-07-05"), "2025-07-10"),
    ).toBe("done");
  });

  it("counts done, open and overdue on a date", () => {
    expect(
      commitmentCounts(
        [
          c("a", "2025-06-30", "2025-06-01"),
          c("b", "2025-06-30"),
          c("c", "2026-01-01"),
        ],
        "2025-09-01",
      ),
    ).toEqual({ done: 1, open: 1, overdue: 1 });
  });

  it("says whether a done commitment was done on time", () => {
    expect(doneOnTime(c("a", "2025-06-30", "2025-07-01"))).toBe(false);
    expect(doneOnTime(c("a", "2025-06-30", "2025-06-30"))).toBe(true);
    expect(doneOnTime(c("a", "2025-06-30"))).toBeNull();
  });

  it("refuses a new commitment without an owner, naming the field", () => {
    const result = addCommitment({ ...c("a", "2025-06-30"), owner: "" });
    expect(!result.ok && result.error).toMatchObject({
      code: "invalid_commitment",
      message: expect.stringMatching(/^owner:/) as unknown,
    });
  });

  it("marks a commitment done once only", () => {
    const done = markCommitmentDone(c("a", "2025-06-30"), "2025-06-20");
    expect(done.ok && done.value.doneOn).toBe("2025-06-20");
    if (!done.ok) return;
    const again = markCommitmentDone(done.value, "2025-06-25");
    expect(!again.ok && again.error.code).toBe("already_done");
  });
});
