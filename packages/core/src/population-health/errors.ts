/** The closed set of ways a population-health calculation can refuse its input. */
export const POPULATION_HEALTH_ERRORS = {
  invalid_confidence:
    "A confidence level must be between 0 and 1 (0.95 for 95%, 0.998 for 99.8%).",
  not_a_count: "Disclosure control needs a count: a whole number of 0 or more.",
  invert_varies_within_group:
    "The rows of one group have different polarities, so the group cannot be ranked one way.",
  invalid_polarity:
    "Polarity must be 'RAG - Low is good', 'RAG - High is good', 'True' or 'False'.",
} as const;
export type PopulationHealthErrorCode = keyof typeof POPULATION_HEALTH_ERRORS;

/**
 * Thrown only for a programming error (an impossible argument such as confidence 95 instead
 * of 0.95); problems in the data give NA values or a returned error code instead.
 */
export class PopulationHealthError extends Error {
  constructor(
    readonly code: PopulationHealthErrorCode,
    detail?: string,
  ) {
    super(
      detail === undefined
        ? POPULATION_HEALTH_ERRORS[code]
        : `${POPULATION_HEALTH_ERRORS[code]} ${detail}`,
    );
    this.name = "PopulationHealthError";
  }
}
