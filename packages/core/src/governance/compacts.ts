import { fail, ok, type Result } from "../shared";
import { governanceError, type GovernanceError } from "./errors";
import { commitment, type Commitment } from "./model";

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

/** How many commitments are done, open and overdue on a date. */
export function commitmentCounts(
  commitments: readonly Commitment[],
  asAt: string,
): Record<CommitmentStatus, number> {
  const counts: Record<CommitmentStatus, number> = {
    done: 0,
    open: 0,
    overdue: 0,
  };
  for (const c of commitments) counts[commitmentStatus(c, asAt)] += 1;
  return counts;
}

/** Whether a commitment was done on time: done by its due date. Null while it is not done. */
export const doneOnTime = (c: Commitment): boolean | null =>
  c.doneOn === null ? null : c.doneOn <= c.dueOn;

export const COMMITMENT_INSTRUMENT_LABELS: Record<
  Commitment["instrument"],
  string
> = {
  partnership_compact: "Partnership Compact",
  annual_joint_mandate: "Annual Joint Mandate",
};

/** Checks a new commitment: complete, with an owner and a due date, and not yet done. */
export function addCommitment(
  input: unknown,
): Result<Commitment, GovernanceError> {
  const parsed = commitment.safeParse(input);
  if (!parsed.success)
    return fail(
      governanceError(
        "invalid_commitment",
        parsed.error.issues
          .map((i) => `${i.path.join(".") || "commitment"}: ${i.message}`)
          .join("; "),
      ),
    );
  if (parsed.data.doneOn !== null)
    return fail(
      governanceError(
        "invalid_commitment",
        "doneOn: a commitment starts open; mark it done once it is done.",
      ),
    );
  return ok(parsed.data);
}

/** Marks a commitment done on a date; done once only, so the record of when stands. */
export function markCommitmentDone(
  c: Commitment,
  doneOn: string,
): Result<Commitment, GovernanceError> {
  if (c.doneOn !== null)
    return fail(
      governanceError(
        "already_done",
        `"${c.description}" was recorded as done on ${c.doneOn}.`,
      ),
    );
  return ok({ ...c, doneOn });
}
