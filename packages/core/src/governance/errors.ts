/** The closed set of ways a governance use case can fail; each maps to one HTTP status. */
export const GOVERNANCE_ERRORS = {
  invalid_declaration: "The declaration of interest is not complete.",
  unknown_organisation:
    "The declaration names an organisation that is not in the partner or supplier list.",
  private_without_reason:
    "An item held in private needs a reason from the list, who decided and a review date.",
  review_date_passed:
    "The review date for holding an item in private must be after the meeting.",
  conflict_not_ruled:
    "A member has a declared interest in this item and the chair has not ruled on it.",
  quorum_not_met: "The meeting is not quorate for this item.",
  ineligible_vote: "A vote was cast by someone who may not vote on this item.",
  no_delegation:
    "No entry in the scheme of reservation and delegation covers this decision.",
  not_authorised:
    "This body may not take this decision under the scheme of reservation and delegation.",
  casting_vote_missing:
    "The vote is tied and the chair's casting vote has not been recorded.",
  unknown_body: "No body of this ICS has that id.",
  unknown_meeting: "No meeting of this ICS has that id.",
  unknown_item: "No agenda item of this meeting has that id.",
  no_model_adopted: "The ICS has not adopted a governance model on that date.",
  not_a_member: "The person is not a member of the body on the meeting date.",
  already_decided:
    "A decision is already recorded for this item; the published record is not changed.",
  duplicate: "Something with that id or number is already recorded.",
  invalid_gift: "The gift or hospitality entry is not complete.",
  invalid_scrutiny:
    "The inquiry, evidence, recommendation or response is not complete.",
  unknown_inquiry: "No scrutiny inquiry has this id in this ICS.",
  unknown_recommendation: "No recommendation has this id in this inquiry.",
  already_responded: "This recommendation already has a response on record.",
  invalid_commitment: "The commitment is not complete.",
  unknown_commitment: "No commitment has this id in this ICS.",
  already_done: "This commitment is already recorded as done.",
} as const;
export type GovernanceErrorCode = keyof typeof GOVERNANCE_ERRORS;

/** A governance failure with a message about this case that a person can act on. */
export interface GovernanceError {
  readonly code: GovernanceErrorCode;
  readonly message: string;
}

export const governanceError = (
  code: GovernanceErrorCode,
  message: string = GOVERNANCE_ERRORS[code],
): GovernanceError => ({ code, message });
