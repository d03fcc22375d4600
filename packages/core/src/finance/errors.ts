/**
 * The closed set of ways a finance use case can fail, each mapped to an HTTP status by the
 * server's problem table.
 */
export const FINANCE_ERRORS = {
  unrecognised_file: "The file's columns match no known layout.",
  invalid_rows: "Some rows of the file are not valid.",
  no_rows: "The file has no data rows.",
  unknown_allocation_year:
    "No weighted populations are imported for that allocation year.",
  not_found: "No such record.",
  unknown_ics: "No ICB has that code in that allocation year.",
  forbidden: "You may not do that.",
  invalid_request: "The request is not valid.",
  unknown_place: "That place is not a place of the ICS.",
  unknown_pcn: "That PCN is not a PCN of the ICS.",
} as const;
export type FinanceErrorCode = keyof typeof FINANCE_ERRORS;
