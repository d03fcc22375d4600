// Synthetic GP-practice weighted populations for the demo ICS, written in the layout of NHS
// England's practice files (the tidy copies the allocations importer reads), so the demo's places
// get need indices, fair-share targets and a convergence path through the real import path.
//
// Each practice's registered population is drawn from the LSOAs around it (most of an LSOA's
// people register at two or three nearby practices of its district, the rest anywhere in it).
// Each need component weights those people by age band and deprivation (IMD decile) with
// plausible relative costs, so a practice serving older or more deprived people has a higher
// weighted/registered ratio; a little seeded practice-level variation is added; and each
// component is scaled so the ICB's own ratio is close to 1.0, as a typical ICB's is.
import { mkdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import {
  buildDemoIcs,
  DEMO_ICB,
  DEMO_REGION,
  type DemoIcs,
  type DemoLsoa,
  type DemoOptions,
} from "./build";
import type { DemoFile } from "./files";
import { at, Rng } from "./prng";

/** The allocation years the demo's budgets use, so each has weighted populations. */
export const DEMO_ALLOCATION_YEARS = ["2024-25", "2025-26"] as const;

/** The practice-file header, in NHS England's column order. */
const ALLOCATION_HEADER = [
  "year",
  "practice_code",
  "practice_name",
  "practice_postcode",
  "latitude",
  "longitude",
  "region_code",
  "region_name",
  "icb_code",
  "icb_name",
  "sub_icb_code",
  "sub_icb_name",
  "pcn_code",
  "pcn_name",
  "lad_code",
  "lad_name",
  "la_code",
  "la_name",
  "registered_population",
  "list_size_snapshot",
  "wp_general_acute",
  "wp_community",
  "wp_mental_health",
  "wp_maternity",
  "wp_prescribing",
  "wp_primary_medical_care_need",
  "wp_health_inequalities",
  "wp_core_overall",
  "wp_primary_medical_care_overall",
] as const;

/**
 * Relative cost of a person in each census age band (0–15, 16–24, 25–34, 35–49, 50–64, 65+) and
 * the extra cost of the most deprived decile over the least, by component. Shapes follow the
 * published formulae loosely: acute, community and prescribing rise steeply with age, maternity
 * sits in the child-bearing years, mental health and health inequalities follow deprivation.
 */
const COMPONENTS = {
  general_acute: { age: [0.75, 0.55, 0.65, 0.8, 1.15, 2.4], deprivation: 0.25 },
  community: { age: [0.6, 0.35, 0.4, 0.55, 0.95, 3.3], deprivation: 0.15 },
  mental_health: { age: [0.45, 1.1, 1.2, 1.15, 1.0, 0.9], deprivation: 0.6 },
  maternity: { age: [0.02, 1.5, 2.6, 0.7, 0.01, 0], deprivation: 0.1 },
  prescribing: { age: [0.35, 0.3, 0.45, 0.8, 1.4, 2.9], deprivation: 0.25 },
  primary_medical_care_need: {
    age: [0.85, 0.6, 0.7, 0.85, 1.1, 1.9],
    deprivation: 0.2,
  },
  health_inequalities: { age: [1, 1, 1, 1, 1, 1], deprivation: 1.2 },
} as const;
type Component = keyof typeof COMPONENTS;
const COMPONENT_NAMES = Object.keys(COMPONENTS) as Component[];

/** The overall core index blends the core components (roughly their shares of core spend). */
const CORE_BLEND: Readonly<Record<Component, number>> = {
  general_acute: 0.52,
  community: 0.1,
  mental_health: 0.12,
  maternity: 0.03,
  prescribing: 0.13,
  primary_medical_care_need: 0.05,
  health_inequalities: 0.05,
};

/** Registered lists run a little above the census population (list inflation). */
const LIST_INFLATION = 1.045;
/** Each year lists grow a little and the population ages. */
const LIST_GROWTH = 0.006;
const AGEING = 0.02;

type Weighted = Record<Component | "core_overall" | "pmc_overall", number>;

interface PracticeNeed {
  registered: number;
  weighted: Weighted;
}

function lsoaFactor(lsoa: DemoLsoa, component: Component, yearIndex: number) {
  const { age, deprivation } = COMPONENTS[component];
  const bands = lsoa.ageBands;
  let people = 0;
  let cost = 0;
  bands.forEach((n, b) => {
    const count = b === 5 ? n * (1 + AGEING * yearIndex) : n;
    people += count;
    cost += count * at(age, b);
  });
  const deprived = (10 - lsoa.imd.imd.decile) / 9; // 1 in decile 1, 0 in decile 10
  return people === 0 ? 1 : (cost / people) * (1 + deprivation * deprived);
}

/** Registered and weighted populations of every open practice in one allocation year. */
function demoPracticeNeeds(
  ics: DemoIcs,
  yearIndex: number,
): Map<string, PracticeNeed> {
  const root = new Rng(ics.seed).fork("allocations");
  const open = ics.practices.filter((p) => p.status === "A");
  const byLad = new Map<number, string[]>();
  for (const p of open) byLad.set(p.lad, [...(byLad.get(p.lad) ?? []), p.ods]);
  const all = open.map((p) => p.ods);
  const needs = new Map<string, PracticeNeed>(
    open.map((p) => [
      p.ods,
      {
        registered: 0,
        weighted: {
          general_acute: 0,
          community: 0,
          mental_health: 0,
          maternity: 0,
          prescribing: 0,
          primary_medical_care_need: 0,
          health_inequalities: 0,
          core_overall: 0,
          pmc_overall: 0,
        },
      },
    ]),
  );
  const add = (ods: string, people: number, lsoa: DemoLsoa) => {
    const need = needs.get(ods);
    if (!need) return;
    need.registered += people;
    for (const c of COMPONENT_NAMES)
      need.weighted[c] += people * lsoaFactor(lsoa, c, yearIndex);
  };
  const growth = LIST_INFLATION * (1 + LIST_GROWTH * yearIndex);
  ics.lsoas.forEach((lsoa, li) => {
    const practices = byLad.get(lsoa.lad) ?? all;
    const people = lsoa.population * growth;
    // Most register at two or three practices near them; some anywhere in the district.
    [0.45, 0.25, 0.15].forEach((share, k) => {
      add(
        at(practices, (li * 7 + k * 13) % practices.length),
        people * share,
        lsoa,
      );
    });
    for (const ods of practices)
      add(ods, (people * 0.15) / practices.length, lsoa);
  });
  // Practice-level variation (list turnover, local patterns of care), seeded and small.
  for (const [ods, need] of needs) {
    const rng = root.fork(`practice:${ods}`);
    for (const c of COMPONENT_NAMES)
      need.weighted[c] *= 1 + (rng.float() - 0.5) * 0.04;
  }
  // Each component scaled so the ICB's ratio is its chosen value near 1.0.
  const ratios = root.fork("icb-ratios");
  const registered = [...needs.values()].reduce((s, n) => s + n.registered, 0);
  const scale = (key: keyof Weighted, ratio: number) => {
    const total = [...needs.values()].reduce((s, n) => s + n.weighted[key], 0);
    for (const n of needs.values())
      n.weighted[key] *= (ratio * registered) / total;
  };
  for (const c of COMPONENT_NAMES) scale(c, 0.97 + ratios.float() * 0.06);
  for (const need of needs.values()) {
    need.weighted.core_overall = COMPONENT_NAMES.reduce(
      (s, c) => s + CORE_BLEND[c] * need.weighted[c],
      0,
    );
    need.weighted.pmc_overall =
      0.85 * need.weighted.primary_medical_care_need +
      0.15 * need.weighted.health_inequalities;
  }
  scale("core_overall", 0.99 + ratios.float() * 0.03);
  scale("pmc_overall", 0.98 + ratios.float() * 0.04);
  return needs;
}

const field = (value: string): string =>
  /[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
/** Five decimal places, as NHS England's files print populations. */
const decimal = (value: number): string => value.toFixed(5);

/** One allocation year's practice file for the demo ICS, in NHS England's layout. */
function demoAllocationFile(
  ics: DemoIcs,
  year: string,
  yearIndex: number,
): DemoFile {
  const needs = demoPracticeNeeds(ics, yearIndex);
  const lines = [ALLOCATION_HEADER.join(",")];
  for (const p of ics.practices) {
    const need = needs.get(p.ods);
    if (p.status !== "A" || !need) continue;
    const lad = at(ics.lads, p.lad);
    const sub = at(ics.subIcbs, p.subIcb);
    const w = need.weighted;
    // As in the real files: the sub-ICB (former CCG) only until 2024-25, names in upper case.
    const withSubIcb = year < "2025-26";
    const row: Record<(typeof ALLOCATION_HEADER)[number], string> = {
      year,
      practice_code: p.ods,
      practice_name: p.name.toUpperCase(),
      practice_postcode: p.address.postcode,
      latitude: p.location ? String(p.location.latitude) : "",
      longitude: p.location ? String(p.location.longitude) : "",
      region_code: DEMO_REGION.ods,
      region_name: DEMO_REGION.name,
      icb_code: DEMO_ICB.ods,
      icb_name: DEMO_ICB.name,
      sub_icb_code: withSubIcb ? sub.ods : "",
      sub_icb_name: withSubIcb ? sub.name : "",
      pcn_code: "",
      pcn_name: "",
      lad_code: lad.gss,
      lad_name: lad.name,
      la_code: lad.utla.gss,
      la_name: lad.utla.name,
      registered_population: decimal(need.registered),
      list_size_snapshot: "",
      wp_general_acute: decimal(w.general_acute),
      wp_community: decimal(w.community),
      wp_mental_health: decimal(w.mental_health),
      wp_maternity: decimal(w.maternity),
      wp_prescribing: decimal(w.prescribing),
      wp_primary_medical_care_need: decimal(w.primary_medical_care_need),
      wp_health_inequalities: decimal(w.health_inequalities),
      wp_core_overall: decimal(w.core_overall),
      wp_primary_medical_care_overall: decimal(w.pmc_overall),
    };
    lines.push(ALLOCATION_HEADER.map((h) => field(row[h])).join(","));
  }
  return {
    name: `practice_weighted_population_${year.replace("-", "_")}.csv`,
    contents: `${lines.join("\n")}\n`,
  };
}

/** The demo ICS's practice files, one per allocation year its budgets use. */
export function demoAllocationFiles(
  ics: DemoIcs,
  years: readonly string[] = DEMO_ALLOCATION_YEARS,
): DemoFile[] {
  return years.map((year, i) => demoAllocationFile(ics, year, i));
}

/** Writes the demo's practice files into `dir` (created if missing); returns the paths. */
export async function writeDemoAllocations(
  dir: string,
  options?: DemoOptions,
): Promise<string[]> {
  await mkdir(dir, { recursive: true });
  const paths: string[] = [];
  for (const file of demoAllocationFiles(buildDemoIcs(options))) {
    const path = join(dir, file.name);
    await writeFile(path, file.contents, "utf8");
    paths.push(path);
  }
  return paths;
}
