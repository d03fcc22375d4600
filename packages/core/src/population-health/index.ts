// The population-health capability's public surface: indicator statistics as published by
// PHE/OHID (Fingertips) and disclosure control for aggregates from patient-level data.
export * from "./model";
export * from "./errors";
export * from "./disclosure";
export {
  pbinom,
  pnorm,
  ppois,
  pt,
  qchisq,
  qgamma,
  qnorm,
  qt,
  zForConfidence,
} from "./statistics/distributions";
export {
  proportionWithWilsonLimits,
  wilsonLimits,
} from "./statistics/proportion";
export {
  BYARS_MINIMUM_COUNT,
  byarsLimits,
  crudeRate,
  exactPoissonLimits,
  poissonLimits,
  type CountLimits,
} from "./statistics/rate";
export { meanWithStudentTLimits, type MeanSummary } from "./statistics/mean";
export {
  ESP2013,
  ESP2013_LIFE_TABLE_BANDS,
  directlyStandardisedRate,
  directlyStandardisedRateForNonIndependentEvents,
  withEsp2013,
  type DsrEstimate,
  type EventFrequencyBand,
  type StandardisationBand,
} from "./statistics/dsr";
export {
  indirectlyStandardisedRate,
  standardisedRatio,
  type IndirectStandardisationBand,
  type IsrEstimate,
} from "./statistics/isr";
export {
  LIFE_TABLE_START_AGES,
  MAXIMUM_CI_WIDTH_YEARS,
  MINIMUM_LIFE_TABLE_POPULATION,
  lifeExpectancy,
  type LifeExpectancyAtAge,
  type LifeExpectancyNotCalculated,
  type LifeExpectancyTable,
  type LifeTableBand,
} from "./statistics/life-expectancy";
export {
  seededUniform,
  slopeIndexOfInequality,
  type SiiOptions,
  type SiiQuantile,
  type SiiResult,
  type SiiValueType,
} from "./statistics/sii";
export {
  assignQuantiles,
  invertFromPolarity,
  type QuantileAssignment,
} from "./statistics/quantiles";
export {
  FUNNEL_LEVELS,
  crudeRateFunnelSignificance,
  proportionFunnelBaseline,
  proportionFunnelLimits,
  proportionFunnelSignificance,
  rateFunnelBaseline,
  rateFunnelLimits,
  ratioFunnelLimits,
  ratioFunnelSignificance,
  type FunnelLimits,
  type RateFunnelPoint,
  type RatioFunnelPoint,
  type FunnelSignificance,
  type ProportionPoint,
  type RatePoint,
} from "./statistics/funnel";
export * from "./segmentation";
export * from "./publication";
export * from "./query/model";
export * from "./indicators/codelists";
export * from "./indicators/library";
export * from "./indicators/results";
export * as fhir from "./fhir/index";
export * from "./data-errors";
export * from "./patient-csv";
export * from "./sharing";
export * from "./codelists";
export * from "./comparison";
export * from "./benchmarks";
