/** The closed set of ways a structure use case can fail; each maps to one HTTP status. */
export const STRUCTURE_ERRORS = {
  unknown_ics: "No ICS has that code on that date.",
  unknown_place: "No place has that code in this ICS on that date.",
  unknown_practice: "No GP practice has that code.",
  unrecognised_file: "The file's columns match no known layout.",
  invalid_rows: "Some rows of the file are not valid.",
  no_rows: "The file has no data rows.",
} as const;
export type StructureErrorCode = keyof typeof STRUCTURE_ERRORS;
