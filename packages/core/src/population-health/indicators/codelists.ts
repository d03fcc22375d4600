// The codelists the standard indicators use, written inline in the queries. Each is a short
// list of SNOMED CT concepts (UK Edition) for the condition's register: the parent concept and
// the children that synthetic and real records most often carry (Synthea, GP systems). They
// are summaries for the demo and the bench, not the full QOF clusters: an ICS publishing real
// figures imports the QOF cluster codelists from OpenCodelists and refers to them by slug.
import type { InlineCodes } from "../query/model";

export const SNOMED_CT = "http://snomed.info/sct";
/** CDC's vaccine codes, which Synthea's Immunization resources carry. */
export const CVX = "http://hl7.org/fhir/sid/cvx";

export interface Codelist {
  readonly id: string;
  readonly name: string;
  readonly system: string;
  readonly codes: readonly { readonly code: string; readonly term: string }[];
  readonly source: string;
}

const QOF =
  "SNOMED CT UK Edition concepts chosen to match the QOF register of the same name (NHS England, Quality and Outcomes Framework business rules); a summary, not the full cluster.";

export const HYPERTENSION_CODES: Codelist = {
  id: "hypertension",
  name: "Hypertension",
  system: SNOMED_CT,
  codes: [
    { code: "38341003", term: "Hypertensive disorder, systemic arterial" },
    { code: "59621000", term: "Essential hypertension" },
    { code: "1201005", term: "Benign essential hypertension" },
  ],
  source: QOF,
};

export const DIABETES_CODES: Codelist = {
  id: "diabetes",
  name: "Diabetes mellitus",
  system: SNOMED_CT,
  codes: [
    { code: "73211009", term: "Diabetes mellitus" },
    { code: "44054006", term: "Diabetes mellitus type 2" },
    { code: "46635009", term: "Diabetes mellitus type 1" },
  ],
  source: QOF,
};

export const COPD_CODES: Codelist = {
  id: "copd",
  name: "Chronic obstructive pulmonary disease",
  system: SNOMED_CT,
  codes: [
    { code: "13645005", term: "Chronic obstructive lung disease" },
    { code: "185086009", term: "Chronic obstructive bronchitis" },
    { code: "87433001", term: "Pulmonary emphysema" },
  ],
  source: QOF,
};

export const DEPRESSION_CODES: Codelist = {
  id: "depression",
  name: "Depression",
  system: SNOMED_CT,
  codes: [
    { code: "35489007", term: "Depressive disorder" },
    { code: "370143000", term: "Major depressive disorder" },
    { code: "36923009", term: "Major depression, single episode" },
  ],
  source: QOF,
};

export const CHD_CODES: Codelist = {
  id: "chd",
  name: "Coronary heart disease",
  system: SNOMED_CT,
  codes: [
    { code: "53741008", term: "Coronary arteriosclerosis" },
    { code: "414545008", term: "Ischaemic heart disease" },
    { code: "22298006", term: "Myocardial infarction" },
    { code: "194828000", term: "Angina" },
  ],
  source: QOF,
};

export const FLU_VACCINATION_CODES: Codelist = {
  id: "flu-vaccination",
  name: "Seasonal influenza vaccination",
  system: SNOMED_CT,
  codes: [
    {
      code: "86198006",
      term: "Administration of vaccine product containing only Influenza virus antigen",
    },
    { code: "822851000000102", term: "Seasonal influenza vaccination" },
  ],
  source:
    "SNOMED CT UK Edition procedures recording a seasonal influenza vaccination (as in the UKHSA seasonal influenza vaccine uptake collection).",
};

export const FLU_VACCINE_CVX_CODES: Codelist = {
  id: "flu-vaccine-cvx",
  name: "Seasonal influenza vaccines (CVX)",
  system: CVX,
  codes: [
    { code: "140", term: "Influenza, seasonal, injectable, preservative free" },
    { code: "141", term: "Influenza, seasonal, injectable" },
    {
      code: "150",
      term: "Influenza, injectable, quadrivalent, preservative free",
    },
    { code: "158", term: "Influenza, injectable, quadrivalent" },
    {
      code: "161",
      term: "Influenza, injectable, quadrivalent, preservative free, pediatric",
    },
  ],
  source: "CDC CVX vaccine codes, as used by Synthea's Immunization resources.",
};

/** Encounter classes (HL7 v3 ActCode) counted as an emergency admission or attendance. */
export const EMERGENCY_ENCOUNTER_CLASSES = ["EMER", "IMP"] as const;

export const inline = (list: Codelist): InlineCodes => ({
  system: list.system,
  codes: list.codes.map((c) => c.code),
});

/** Every codelist of the standard indicators, by name. */
export const indicatorCodelists = {
  hypertension: HYPERTENSION_CODES,
  diabetes: DIABETES_CODES,
  copd: COPD_CODES,
  depression: DEPRESSION_CODES,
  chd: CHD_CODES,
  fluVaccination: FLU_VACCINATION_CODES,
  fluVaccineCvx: FLU_VACCINE_CVX_CODES,
} as const;
