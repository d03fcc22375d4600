import { fail, ok, type Result } from "../shared";
import { findConflicts, type Conflict } from "./conflicts";
import { authorityFor, formatPounds, whoDecides } from "./delegation";
import { governanceError, type GovernanceError } from "./errors";
import { membersAsAt } from "./membership";
import {
  WITHHOLDING_REASON_LABELS,
  WITHHOLDING_REASONS,
  type AgendaItem,
  type Body,
  type ConflictRuling,
  type Constituency,
  type InterestDeclaration,
  type Membership,
  type OrganisationNode,
  type SordEntry,
  type Vote,
  type VoteChoice,
  type VotingRule,
  type Withholding,
} from "./model";

const reasonList = WITHHOLDING_REASONS.map(
  (r) => WITHHOLDING_REASON_LABELS[r],
).join(", ");

/**
 * An item may be held in private only with a reason from the fixed list, who decided and a
 * review date after the meeting; the withholding is then published in place of the item.
 */
export function checkPrivateItem(
  item: AgendaItem,
  meetingDate: string,
): Result<Withholding | null, GovernanceError> {
  if (!item.inPrivate) return ok(null);
  if (item.withholding === null)
    return fail(
      governanceError(
        "private_without_reason",
        `Item ${item.number} ("${item.title}") is held in private without a recorded reason. Choose a reason (${reasonList}), record who decided and set a review date, or take the item in public.`,
      ),
    );
  if (item.withholding.reviewOn <= meetingDate)
    return fail(
      governanceError(
        "review_date_passed",
        `Item ${item.number} is held in private until review on ${item.withholding.reviewOn}, which is not after the meeting on ${meetingDate}: set a later review date.`,
      ),
    );
  return ok(item.withholding);
}

/** The chair must rule on every flagged conflict before the item is decided. */
export function checkConflictRulings(
  item: AgendaItem,
  conflicts: readonly Conflict[],
  rulings: readonly ConflictRuling[],
): Result<ConflictRuling[], GovernanceError> {
  const forItem = rulings.filter((r) => r.itemId === item.id);
  const unruled = [
    ...new Map(
      conflicts
        .filter((c) => !forItem.some((r) => r.personId === c.personId))
        .map((c) => [c.personId, c.personName]),
    ).values(),
  ];
  if (unruled.length > 0)
    return fail(
      governanceError(
        "conflict_not_ruled",
        `Item ${item.number}: the chair has not ruled (withdraw, observe or participate) on the declared interests of ${unruled.join(", ")}.`,
      ),
    );
  return ok(forItem);
}

export interface QuorumCheck {
  readonly quorate: boolean;
  /** Voting members present and free to vote on the item. */
  readonly eligible: readonly Membership[];
  /** Voting members present who withdrew or may only observe because of a declared interest. */
  readonly steppedBack: readonly Membership[];
  readonly votingPresent: number;
  readonly message: string;
}

const countIn = (members: readonly Membership[], c: Constituency) =>
  members.filter((m) => m.constituency === c).length;

/**
 * Recomputes quorum for one item after the chair's rulings: a member with a declared interest
 * counts only if the chair ruled that they participate (no ruling counts as not participating).
 */
export function checkQuorum(meeting: {
  readonly body: Body;
  readonly memberships: readonly Membership[];
  readonly meetingDate: string;
  readonly present: readonly string[];
  readonly item: AgendaItem;
  readonly conflicts: readonly Conflict[];
  readonly rulings: readonly ConflictRuling[];
}): QuorumCheck {
  const { body, memberships, meetingDate, present, item, conflicts, rulings } =
    meeting;
  const votingPresent = membersAsAt(body.id, memberships, meetingDate).filter(
    (m) => m.voting && present.includes(m.personId),
  );
  const conflicted = new Set(conflicts.map((c) => c.personId));
  const participates = (personId: string) =>
    rulings.some(
      (r) =>
        r.itemId === item.id &&
        r.personId === personId &&
        r.ruling === "participate",
    );
  const steppedBack = votingPresent.filter(
    (m) => conflicted.has(m.personId) && !participates(m.personId),
  );
  const eligible = votingPresent.filter((m) => !steppedBack.includes(m));
  const q = body.quorum;
  const shortfalls: string[] = [];
  if (eligible.length < q.minimumVotingMembers)
    shortfalls.push(
      `${eligible.length} voting members remain and the quorum is ${q.minimumVotingMembers}`,
    );
  const nhs = countIn(eligible, "nhs");
  if (nhs < q.minimumNhs)
    shortfalls.push(`${nhs} NHS members remain and ${q.minimumNhs} are needed`);
  const lg = countIn(eligible, "local_government");
  if (lg < q.minimumLocalGovernment)
    shortfalls.push(
      `${lg} local government members remain and ${q.minimumLocalGovernment} are needed`,
    );
  const quorate = shortfalls.length === 0;
  const observing = steppedBack.filter((m) =>
    rulings.some(
      (r) =>
        r.itemId === item.id &&
        r.personId === m.personId &&
        r.ruling === "observe",
    ),
  ).length;
  const stepped =
    observing === 0
      ? "withdrew"
      : observing === steppedBack.length
        ? "may only observe"
        : "withdrew or may only observe";
  const because =
    steppedBack.length > 0
      ? `${steppedBack.length} of ${votingPresent.length} voting members ${stepped} for declared interests in item ${item.number}`
      : `${votingPresent.length} voting members are present for item ${item.number}`;
  return {
    quorate,
    eligible,
    steppedBack,
    votingPresent: votingPresent.length,
    message: quorate
      ? `Quorate for item ${item.number}: ${eligible.length} voting members may vote.`
      : `Quorum not met: ${because}; ${shortfalls.join("; ")}.`,
  };
}

interface Tally {
  for: number;
  against: number;
  abstain: number;
}
const tally = (votes: readonly Vote[]): Tally => ({
  for: votes.filter((v) => v.choice === "for").length,
  against: votes.filter((v) => v.choice === "against").length,
  abstain: votes.filter((v) => v.choice === "abstain").length,
});

export interface VoteOutcome {
  readonly rule: VotingRule;
  readonly carried: boolean;
  readonly tally: Tally;
  /** Under the double-majority rule, the count on each side. */
  readonly nhs: Tally | null;
  readonly localGovernment: Tally | null;
  readonly castingVoteUsed: boolean;
  readonly explanation: string;
}

/**
 * Counts the votes of the eligible members under the body's voting rule. Simple majority: more for
 * than against, a tie going to the chair's casting vote where the constitution gives one, and
 * otherwise falling. Consensus: no one against and someone for. Double majority (partnership of
 * equals): more for than against among the NHS members voting and, separately, among the local
 * government members voting; no casting vote can make up either side.
 */
export function countVotes(ballot: {
  readonly rule: VotingRule;
  readonly chairHasCastingVote: boolean;
  /** The voting members present and free to vote on the item (see checkQuorum). */
  readonly eligible: readonly Membership[];
  readonly votes: readonly Vote[];
  readonly castingVote: VoteChoice | null;
  readonly itemNumber: string;
}): Result<VoteOutcome, GovernanceError> {
  const {
    rule,
    chairHasCastingVote,
    eligible,
    votes,
    castingVote,
    itemNumber,
  } = ballot;
  const seen = new Set<string>();
  for (const v of votes) {
    if (!eligible.some((m) => m.personId === v.personId))
      return fail(
        governanceError(
          "ineligible_vote",
          `Item ${itemNumber}: a vote is recorded for ${v.personId}, who is not a voting member free to vote on this item.`,
        ),
      );
    if (seen.has(v.personId))
      return fail(
        governanceError(
          "ineligible_vote",
          `Item ${itemNumber}: ${v.personId} has more than one vote recorded.`,
        ),
      );
    seen.add(v.personId);
  }
  const all = tally(votes);
  const counts = `${all.for} for, ${all.against} against, ${all.abstain} abstaining`;
  const outcome = (
    carried: boolean,
    explanation: string,
    extra: Partial<VoteOutcome> = {},
  ): VoteOutcome => ({
    rule,
    carried,
    tally: all,
    nhs: null,
    localGovernment: null,
    castingVoteUsed: false,
    explanation,
    ...extra,
  });
  switch (rule) {
    case "simple_majority": {
      if (all.for !== all.against)
        return ok(
          outcome(
            all.for > all.against,
            `${all.for > all.against ? "Carried" : "Not carried"} by simple majority: ${counts}.`,
          ),
        );
      if (!chairHasCastingVote)
        return ok(
          outcome(
            false,
            `Not carried: the vote is tied (${counts}) and the chair has no casting vote.`,
          ),
        );
      if (castingVote === null || castingVote === "abstain")
        return fail(
          governanceError(
            "casting_vote_missing",
            `Item ${itemNumber}: the vote is tied (${counts}); record the chair's casting vote for or against.`,
          ),
        );
      return ok(
        outcome(
          castingVote === "for",
          `${castingVote === "for" ? "Carried" : "Not carried"} on the chair's casting vote after a tie: ${counts}.`,
          { castingVoteUsed: true },
        ),
      );
    }
    case "consensus": {
      const carried = all.against === 0 && all.for > 0;
      return ok(
        outcome(
          carried,
          carried
            ? `Agreed by consensus: ${counts}.`
            : `No consensus: ${counts}.`,
        ),
      );
    }
    case "double_majority": {
      const side = (c: Constituency) =>
        tally(
          votes.filter(
            (v) =>
              eligible.find((m) => m.personId === v.personId)?.constituency ===
              c,
          ),
        );
      const nhs = side("nhs");
      const lg = side("local_government");
      const nhsYes = nhs.for > nhs.against;
      const lgYes = lg.for > lg.against;
      const describe = (t: Tally) => `${t.for} for, ${t.against} against`;
      const carried = nhsYes && lgYes;
      const missing = [
        ...(nhsYes ? [] : ["the NHS members"]),
        ...(lgYes ? [] : ["the local government members"]),
      ];
      return ok(
        outcome(
          carried,
          carried
            ? `Carried by a majority of both the NHS members (${describe(nhs)}) and the local government members (${describe(lg)}).`
            : `Not carried: no majority of ${missing.join(" or of ")} (NHS ${describe(nhs)}; local government ${describe(lg)}).`,
          { nhs, localGovernment: lg },
        ),
      );
    }
  }
}

export interface DecisionInput {
  readonly body: Body;
  readonly memberships: readonly Membership[];
  readonly meetingDate: string;
  /** Person ids of those attending. */
  readonly present: readonly string[];
  readonly item: AgendaItem;
  readonly declarations: readonly InterestDeclaration[];
  readonly organisations: readonly OrganisationNode[];
  readonly rulings: readonly ConflictRuling[];
  readonly votes: readonly Vote[];
  readonly castingVote: VoteChoice | null;
  readonly scheme: readonly SordEntry[];
}

/** What is published about a decision: the outcome, its authority, who stepped back and why, and the named votes. */
export interface DecisionRecord {
  readonly bodyId: string;
  readonly itemId: string;
  readonly itemNumber: string;
  readonly title: string;
  readonly meetingDate: string;
  readonly outcome: VoteOutcome;
  readonly authority: SordEntry | null;
  readonly conflicts: readonly Conflict[];
  readonly rulings: readonly ConflictRuling[];
  readonly withdrawn: readonly { personId: string; personName: string }[];
  readonly votes: readonly (Vote & { personName: string })[];
  readonly withholding: Withholding | null;
}

/**
 * Refuses, with a message a person can act on, any decision that is not backed by a recorded
 * reason if private, a chair's ruling on every conflict, a quorum after withdrawals, votes only by
 * those free to vote, and an authority in the scheme of reservation and delegation.
 */
export function recordDecision(
  input: DecisionInput,
): Result<DecisionRecord, GovernanceError> {
  const { body, item, meetingDate } = input;
  const privacy = checkPrivateItem(item, meetingDate);
  if (!privacy.ok) return privacy;

  const members = membersAsAt(body.id, input.memberships, meetingDate).filter(
    (m) => input.present.includes(m.personId),
  );
  const conflicts = findConflicts(
    item,
    members,
    input.declarations,
    input.organisations,
    meetingDate,
  );
  const ruled = checkConflictRulings(item, conflicts, input.rulings);
  if (!ruled.ok) return ruled;

  const quorum = checkQuorum({ ...input, conflicts, rulings: ruled.value });
  if (!quorum.quorate)
    return fail(governanceError("quorum_not_met", quorum.message));

  const nameOf = (personId: string) =>
    members.find((m) => m.personId === personId)?.personName ?? personId;
  const barred = input.votes.find((v) =>
    quorum.steppedBack.some((m) => m.personId === v.personId),
  );
  if (barred !== undefined)
    return fail(
      governanceError(
        "ineligible_vote",
        `Item ${item.number}: ${nameOf(barred.personId)} voted but stepped back for a declared interest; remove the vote or record the chair's ruling to participate.`,
      ),
    );
  const counted = countVotes({
    rule: body.votingRule,
    chairHasCastingVote: body.chairHasCastingVote,
    eligible: quorum.eligible,
    votes: input.votes,
    castingVote: input.castingVote,
    itemNumber: item.number,
  });
  if (!counted.ok) return counted;

  let authority: SordEntry | null = null;
  if (item.decisionType !== null) {
    const value = item.valuePence ?? 0;
    authority = authorityFor(
      input.scheme,
      body.id,
      item.decisionType,
      value,
      meetingDate,
    );
    if (authority === null) {
      const who = whoDecides(
        input.scheme,
        item.decisionType,
        value,
        meetingDate,
      );
      if (!who.ok) return who;
      return fail(
        governanceError(
          "not_authorised",
          `${body.name} may not decide "${item.decisionType}" at ${formatPounds(value)}: under ${who.value.reference} of the scheme of reservation and delegation it is for ${who.value.decider.name}.`,
        ),
      );
    }
  }

  return ok({
    bodyId: body.id,
    itemId: item.id,
    itemNumber: item.number,
    title: item.title,
    meetingDate,
    outcome: counted.value,
    authority,
    conflicts,
    rulings: ruled.value,
    withdrawn: quorum.steppedBack.map((m) => ({
      personId: m.personId,
      personName: m.personName,
    })),
    votes: input.votes.map((v) => ({ ...v, personName: nameOf(v.personId) })),
    withholding: privacy.value,
  });
}
