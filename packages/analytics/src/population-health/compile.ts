// Compiles a population-health query (core's query model) to one parameterised SQL statement
// for DuckDB or PostgreSQL over ph_patient, ph_registration and ph_event, plus the lookup
// tables the runner provides: ph_lsoa_lookup (lsoa_code, imd_decile, place_code) and
// ph_practice_lookup (practice_code, pcn_code, place_code). Opted-out patients are removed in
// the first step of every statement, whatever the query says.
import { populationHealth as ph } from "@openics/core";

const { AGE_BANDS_5, AGE_BANDS_LIFE_TABLE, DIMENSIONS, populationQuerySchema } =
  ph;
type CodelistReference = ph.CodelistReference;
type Dimension = ph.Dimension;
type EventFilter = ph.EventFilter;
type InlineCodes = ph.InlineCodes;
type MeasureRow = ph.MeasureRow;
type PopulationQuery = ph.PopulationQuery;
type PopulationQueryInput = ph.PopulationQueryInput;
type Predicate = ph.Predicate;
type Variable = ph.Variable;

export type Dialect = "duckdb" | "postgres";

export interface CompiledQuery {
  readonly dialect: Dialect;
  readonly sql: string;
  readonly params: readonly (string | number)[];
  /** The grouping sets as compiled (duplicates removed), with their grouping() bit masks. */
  readonly groupingSets: readonly { set: readonly Dimension[]; mask: number }[];
  /** The dimensions passed to grouping(), in order. */
  readonly dimensions: readonly Dimension[];
  readonly measures: readonly { id: string; hasDenominator: boolean }[];
  /** Which lookup tables the statement reads. */
  readonly lookups: { readonly lsoa: boolean; readonly practice: boolean };
}

export interface CompileOptions {
  /** Resolves a codelist reference to its codes; needed when a query names a codelist. */
  readonly codelists?: (ref: CodelistReference) => InlineCodes | undefined;
}

export class QueryCompileError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "QueryCompileError";
  }
}

const LSOA_DIMENSIONS: readonly Dimension[] = [
  "residence_place",
  "imd_decile",
  "imd_quintile",
];
const PRACTICE_DIMENSIONS: readonly Dimension[] = ["pcn", "place"];
const NUMERIC_DIMENSIONS: readonly Dimension[] = ["imd_decile", "imd_quintile"];

type VariableType = "boolean" | "date" | "number" | "text";

class Params {
  readonly values: (string | number)[] = [];
  private readonly seen = new Map<string, number>();
  private ref(value: string | number, kind: string): string {
    const key = `${kind}:${value}`;
    let index = this.seen.get(key);
    if (index === undefined) {
      this.values.push(value);
      index = this.values.length;
      this.seen.set(key, index);
    }
    return `$${index}`;
  }
  date(value: string): string {
    return `cast(${this.ref(value, "date")} as date)`;
  }
  text(value: string): string {
    return `cast(${this.ref(value, "text")} as varchar)`;
  }
  number(value: number): string {
    return `cast(${this.ref(value, "number")} as float8)`;
  }
}

const column = (name: string): string => `"v_${name}"`;

function typeOf(variable: Variable): VariableType {
  switch (variable.kind) {
    case "has_event":
    case "died":
    case "registered_since":
      return "boolean";
    case "first_date":
    case "last_date":
      return "date";
    case "count":
    case "last_value":
      return "number";
  }
}

/** Parses (zod) and compiles; throws QueryCompileError for an unresolvable codelist. */
export function compileQuery(
  input: PopulationQueryInput,
  dialect: Dialect,
  options: CompileOptions = {},
): CompiledQuery {
  const query: PopulationQuery = populationQuerySchema.parse(input);
  const p = new Params();
  const index = p.date(query.population.indexDate);

  const types = new Map<string, VariableType>([
    ["age", "number"],
    ["sex", "text"],
    ["ethnicity_group", "text"],
  ]);
  for (const [name, v] of Object.entries(query.variables))
    types.set(name, typeOf(v));
  const ref = (name: string): string =>
    name === "age" || name === "sex" || name === "ethnicity_group"
      ? name
      : column(name);

  const valueOf = (variable: string, value: number | string): string => {
    const type = types.get(variable);
    if (typeof value === "number") return p.number(value);
    return type === "date" ? p.date(value) : p.text(value);
  };
  // Every predicate renders to a boolean that is never null: a comparison with a missing
  // value is false, and so `not` of it is true.
  const predicate = (pr: Predicate): string => {
    switch (pr.op) {
      case "and":
      case "or":
        return `(${pr.of.map(predicate).join(` ${pr.op} `)})`;
      case "not":
        return `(not ${predicate(pr.of)})`;
      case "true":
        return `coalesce(${ref(pr.variable)} = true, false)`;
      case "false":
        return `coalesce(${ref(pr.variable)} = false, false)`;
      case "null":
        return `(${ref(pr.variable)} is null)`;
      case "not_null":
        return `(${ref(pr.variable)} is not null)`;
      case "in":
        return `coalesce(${ref(pr.variable)} in (${pr.values.map((v) => valueOf(pr.variable, v)).join(", ")}), false)`;
      default: {
        const sign = {
          eq: "=",
          ne: "<>",
          lt: "<",
          le: "<=",
          gt: ">",
          ge: ">=",
        }[pr.op];
        return `coalesce(${ref(pr.variable)} ${sign} ${valueOf(pr.variable, pr.value)}, false)`;
      }
    }
  };

  const codesOf = (filter: EventFilter): InlineCodes[] =>
    (filter.codes ?? []).map((set) => {
      if ("system" in set) return set;
      const resolved = options.codelists?.(set);
      if (!resolved) {
        throw new QueryCompileError(
          `codelist ${set.codelist} version ${set.version} is not known`,
        );
      }
      return resolved;
    });

  const eventWhere = (filter: EventFilter): string => {
    const bySystem = new Map<string, Set<string>>();
    for (const c of codesOf(filter)) {
      const codes = bySystem.get(c.system) ?? new Set<string>();
      for (const code of c.codes) codes.add(code);
      bySystem.set(c.system, codes);
    }
    const codeClauses = [...bySystem].map(
      ([system, codes]) =>
        `(e.system = ${p.text(system)} and e.code in (${[...codes].map((c) => p.text(c)).join(", ")}))`,
    );
    const parts =
      codeClauses.length > 0 ? [`(${codeClauses.join(" or ")})`] : [];
    if (filter.resourceTypes) {
      parts.push(
        `e.resource_type in (${filter.resourceTypes.map((t) => p.text(t)).join(", ")})`,
      );
    }
    if (filter.categories) {
      parts.push(
        `e.category in (${filter.categories.map((t) => p.text(t)).join(", ")})`,
      );
    }
    if (filter.from !== undefined)
      parts.push(`e.date >= ${p.date(filter.from)}`);
    parts.push(
      `e.date <= ${filter.to === undefined ? index : p.date(filter.to)}`,
    );
    return parts.join(" and ");
  };

  const ctes: string[] = [];
  const joins: string[] = [];
  const selects: string[] = [];
  const eventAggregates: string[] = [];
  const eventFilters: string[] = [];
  const eventVariableCodes: (string[] | null)[] = [];
  Object.entries(query.variables).forEach(([name, v], i) => {
    const cte = `var_${i}`;
    switch (v.kind) {
      case "died":
        selects.push(
          `(pop.date_of_death is not null and pop.date_of_death >= ${p.date(v.from)} and pop.date_of_death <= ${p.date(v.to)}) as ${column(name)}`,
        );
        return;
      case "registered_since":
        ctes.push(
          `${cte} as (select distinct r.patient_id from ph_registration r where r.start_date <= ${p.date(v.from)} and (r.end_date is null or r.end_date > ${index}))`,
        );
        selects.push(`(${cte}.patient_id is not null) as ${column(name)}`);
        break;
      case "has_event":
      case "first_date":
      case "last_date":
      case "count": {
        // One scan of the events serves every variable of these kinds (see event_vars below).
        const where = eventWhere(v);
        eventVariableCodes.push(
          v.codes === undefined ? null : codesOf(v).flatMap((c) => c.codes),
        );
        const x = `x${eventAggregates.length}`;
        eventFilters.push(where);
        if (v.kind === "has_event") {
          eventAggregates.push(
            `max(case when ${where} then 1 else 0 end) as ${x}`,
          );
          selects.push(
            `coalesce(event_vars.${x} = 1, false) as ${column(name)}`,
          );
        } else if (v.kind === "count") {
          eventAggregates.push(
            `sum(case when ${where} then 1 else 0 end) as ${x}`,
          );
          selects.push(
            `cast(coalesce(event_vars.${x}, 0) as float8) as ${column(name)}`,
          );
        } else {
          const fn = v.kind === "first_date" ? "min" : "max";
          eventAggregates.push(
            `${fn}(case when ${where} then e.date end) as ${x}`,
          );
          selects.push(`event_vars.${x} as ${column(name)}`);
        }
        return;
      }
      case "last_value":
        ctes.push(
          `${cte} as (select patient_id, value from (select e.patient_id, e.value, row_number() over (partition by e.patient_id order by e.date desc, e.event_id desc) as rn from ph_event e where ${eventWhere(v)} and e.value is not null) ranked where rn = 1)`,
        );
        selects.push(`cast(${cte}.value as float8) as ${column(name)}`);
        break;
    }
    joins.push(`left join ${cte} on ${cte}.patient_id = pop.patient_id`);
  });

  if (eventAggregates.length > 0) {
    // When every variable names codes, one IN list of all of them discards most events first.
    const allCodes = eventVariableCodes.every((c) => c !== null)
      ? [...new Set(eventVariableCodes.flat())]
      : [];
    const prefilter =
      allCodes.length > 0
        ? `e.code in (${allCodes.map((c) => p.text(c)).join(", ")}) and `
        : "";
    ctes.push(
      `event_vars as (select e.patient_id, ${eventAggregates.join(", ")} from ph_event e where ${prefilter}(${eventFilters.map((f) => `(${f})`).join(" or ")}) group by e.patient_id)`,
    );
    joins.push(
      "left join event_vars on event_vars.patient_id = pop.patient_id",
    );
  }

  // Grouping sets, duplicates (same dimensions in another order) removed.
  const used = DIMENSIONS.filter((d) =>
    query.breakdowns.some((s) => s.includes(d)),
  );
  const maskOf = (set: readonly Dimension[]): number =>
    used.reduce(
      (mask, d, i) =>
        set.includes(d) ? mask : mask | (1 << (used.length - 1 - i)),
      0,
    );
  const groupingSets: { set: Dimension[]; mask: number }[] = [];
  for (const set of query.breakdowns) {
    const mask = maskOf(set);
    if (!groupingSets.some((g) => g.mask === mask))
      groupingSets.push({ set, mask });
  }
  const lookups = {
    lsoa: used.some((d) => LSOA_DIMENSIONS.includes(d)),
    practice: used.some((d) => PRACTICE_DIMENSIONS.includes(d)),
  };
  if (lookups.lsoa) {
    joins.push("left join ph_lsoa_lookup lk on lk.lsoa_code = pop.lsoa_code");
    selects.push(
      "lk.place_code as residence_place",
      "cast(lk.imd_decile as integer) as imd_decile",
    );
  }
  if (lookups.practice) {
    joins.push(
      "left join ph_practice_lookup pk on pk.practice_code = pop.practice_code",
    );
    selects.push("pk.pcn_code as pcn", "pk.place_code as place");
  }

  const pop = query.population;
  const popWhere = [
    "not p.opted_out",
    `p.date_of_birth <= ${index}`,
    `(p.date_of_death is null or p.date_of_death > ${index})`,
  ];
  if (pop.sex)
    popWhere.push(`p.sex in (${pop.sex.map((s) => p.text(s)).join(", ")})`);
  const registrationWhere = [
    `r.start_date <= ${index}`,
    `(r.end_date is null or r.end_date > ${index})`,
  ];
  if (pop.practices) {
    registrationWhere.push(
      `r.practice_code in (${pop.practices.map((c) => p.text(c)).join(", ")})`,
    );
  }
  const age = `cast(extract(year from ${index}) - extract(year from p.date_of_birth) - case when extract(month from ${index}) * 100 + extract(day from ${index}) < extract(month from p.date_of_birth) * 100 + extract(day from p.date_of_birth) then 1 else 0 end as integer)`;

  const finalWhere: string[] = [];
  if (pop.ageFrom !== undefined)
    finalWhere.push(`age >= ${p.number(pop.ageFrom)}`);
  if (pop.ageTo !== undefined) finalWhere.push(`age <= ${p.number(pop.ageTo)}`);
  if (pop.where) finalWhere.push(predicate(pop.where));

  const aggregates: string[] = [];
  const measures = query.measures.map((m, i) => {
    const d = m.denominator;
    const within =
      d === undefined
        ? "true"
        : "personYears" in d
          ? d.where
            ? predicate(d.where)
            : "true"
          : d.persons
            ? predicate(d.persons)
            : "true";
    const n = m.numerator;
    const numerator =
      "persons" in n
        ? `sum(case when ${within} and ${predicate(n.persons)} then 1 else 0 end)`
        : `sum(case when ${within}${n.where ? ` and ${predicate(n.where)}` : ""} then ${column(n.sum)} else 0 end)`;
    aggregates.push(`cast(coalesce(${numerator}, 0) as float8) as m${i}_n`);
    if (d !== undefined) {
      if ("personYears" in d) {
        const to = p.date(d.personYears.to);
        const from = p.date(d.personYears.from);
        const days = `greatest(0, least(${to} + 1, coalesce(date_of_death, ${to} + 1)) - greatest(${from}, date_of_birth))`;
        aggregates.push(
          `cast(coalesce(sum(case when ${within} then ${days} else 0 end), 0) as float8) / 365.25 as m${i}_d`,
        );
      } else {
        aggregates.push(
          `cast(coalesce(sum(case when ${within} then 1 else 0 end), 0) as float8) as m${i}_d`,
        );
      }
    }
    return { id: m.id, hasDenominator: d !== undefined };
  });

  const ageBand5 = `case ${AGE_BANDS_5.slice(0, -1)
    .map((label, i) => `when age < ${(i + 1) * 5} then '${label}'`)
    .join(" ")} else '90+' end`;
  const ageBandLifeTable = `case when age < 1 then '0' when age < 5 then '1-4' else ${ageBand5} end`;
  const dimensionExpr: Record<Dimension, string> = {
    practice: "practice_code",
    pcn: "pcn",
    place: "place",
    residence_place: "residence_place",
    lsoa: "lsoa_code",
    age_band_5: ageBand5,
    age_band_life_table: ageBandLifeTable,
    sex: "sex",
    ethnicity_group: "ethnicity_group",
    imd_decile: "imd_decile",
    imd_quintile:
      "case when imd_decile is null then null when imd_decile <= 2 then 1 when imd_decile <= 4 then 2 when imd_decile <= 6 then 3 when imd_decile <= 8 then 4 else 5 end",
  };

  const dimensionSelects = used.map((d) => `${dimensionExpr[d]} as d_${d}`);
  const groupBy =
    used.length === 0
      ? ""
      : `\ngroup by grouping sets (${groupingSets
          .map((g) => `(${g.set.map((d) => dimensionExpr[d]).join(", ")})`)
          .join(", ")})`;
  const grouping =
    used.length === 0
      ? "0 as grouping_mask"
      : `cast(grouping(${used.map((d) => dimensionExpr[d]).join(", ")}) as integer) as grouping_mask`;

  const sql = `with
registered as (
  select r.patient_id, r.practice_code, row_number() over (partition by r.patient_id order by r.start_date desc, r.practice_code) as rn
  from ph_registration r
  where ${registrationWhere.join(" and ")}
),
pop as (
  select p.patient_id, p.sex, p.ethnicity_group, p.lsoa_code, p.date_of_birth, p.date_of_death, reg.practice_code, ${age} as age
  from ph_patient p
  join registered reg on reg.patient_id = p.patient_id and reg.rn = 1
  where ${popWhere.join(" and ")}
)${ctes.map((c) => `,\n${c}`).join("")},
people as (
  select pop.*${selects.map((s) => `, ${s}`).join("")}
  from pop
  ${joins.join("\n  ")}
)
select ${[grouping, ...dimensionSelects, ...aggregates].join(",\n  ")}
from people${finalWhere.length > 0 ? `\nwhere ${finalWhere.join(" and ")}` : ""}${groupBy}`;

  return {
    dialect,
    sql,
    params: p.values,
    groupingSets,
    dimensions: used,
    measures,
    lookups,
  };
}

/** Turns the statement's rows into one row per measure and cell, in a stable order. */
export function decodeRows(
  compiled: CompiledQuery,
  rows: readonly Record<string, unknown>[],
): MeasureRow[] {
  const out: MeasureRow[] = [];
  const num = (v: unknown): number =>
    v === null || v === undefined ? 0 : Number(v);
  for (const { set, mask } of compiled.groupingSets) {
    let matching = rows.filter((r) => Number(r["grouping_mask"]) === mask);
    // An empty population still has a total (zero), whichever engine ran it.
    if (matching.length === 0 && set.length === 0) matching = [{}];
    const cells = matching.map((r) => {
      const group: Partial<Record<Dimension, string | number | null>> = {};
      for (const d of set) {
        const v = r[`d_${d}`];
        group[d] =
          v === null || v === undefined
            ? null
            : NUMERIC_DIMENSIONS.includes(d)
              ? Number(v)
              : typeof v === "string"
                ? v
                : JSON.stringify(v);
      }
      return { group, row: r };
    });
    cells.sort((a, b) => compareGroups(set, a.group, b.group));
    for (const { group, row } of cells) {
      compiled.measures.forEach((m, i) => {
        out.push({
          measure: m.id,
          breakdown: set,
          group,
          numerator: num(row[`m${i}_n`]),
          denominator: m.hasDenominator ? num(row[`m${i}_d`]) : null,
        });
      });
    }
  }
  return out;
}

function compareGroups(
  set: readonly Dimension[],
  a: Partial<Record<Dimension, string | number | null>>,
  b: Partial<Record<Dimension, string | number | null>>,
): number {
  for (const d of set) {
    const x = a[d] ?? null;
    const y = b[d] ?? null;
    if (x === y) continue;
    if (x === null) return 1;
    if (y === null) return -1;
    if (typeof x === "number" && typeof y === "number") return x - y;
    const bands =
      d === "age_band_5"
        ? AGE_BANDS_5
        : d === "age_band_life_table"
          ? AGE_BANDS_LIFE_TABLE
          : null;
    if (bands) return bands.indexOf(String(x)) - bands.indexOf(String(y));
    return String(x) < String(y) ? -1 : 1;
  }
  return 0;
}
