import type { Commitment } from "./model";

export type CommitmentStatus = "done" | "overdue" | "open";

/** Where a Partnership Compact or Annual Joint Mandate commitment stands on a date. */
export function commitmentStatus(
  c: Commitment,
  asAt: string,
): CommitmentStatus {
  if (c.doneOn !== null && c.doneOn <= asAt) return "done";
  return c.dueOn < asAt ? "overdue" : "open";
}

/** Commitments past their due date and not done, oldest first, so they can be shown in public. */
export function overdueCommitments(
  commitments: readonly Commitment[],
  asAt: string,
): Commitment[] {
  return commitments
    .filter((c) => commitmentStatus(c, asAt) === "overdue")
    .sort((a, b) => a.dueOn.localeCompare(b.dueOn) || a.id.localeCompare(b.id));
}
