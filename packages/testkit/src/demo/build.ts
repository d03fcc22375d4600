// Builds the fictional "Demo Vale" ICS in memory; files.ts writes it out in the official layouts.
import {
  buildIsland,
  type Island,
  pointInRing,
  type Position,
  ringCentroid,
} from "./geometry";
import {
  decileOfRank,
  IMD_DOMAINS,
  type ImdDomain,
  ranksOf,
  scoreOfRank,
} from "./imd";
import {
  compass,
  letters,
  NameStems,
  PRACTICE_FORMS,
  STREETS,
  synthetic,
} from "./names";
import { partition, type Point } from "./partition";
import { apportion, at, Rng, smoothField } from "./prng";

export interface DemoOptions {
  /** Any 32-bit integer; the same seed gives byte-identical files. */
  seed?: number;
  /** 1 ≈ 1,000,000 people in ~600 LSOAs; 0.05 gives a tiny ICS for fast tests. */
  scale?: number;
}

export const DEFAULT_SEED = 2024;
export const MAX_SCALE = 20;
/** Below this the hierarchy (7 districts, 12+ PCNs) would not fit. */
const MIN_LSOAS = 24;
const PEOPLE_PER_LSOA = 1_000_000 / 600;

export const DEMO_REGION = {
  gss: "E40900001",
  ods: "Y99",
  name: "Demo region (synthetic)",
} as const;
export const DEMO_ICB = {
  gss: "E54900001",
  ods: "QZ9",
  name: "NHS Demo Vale Integrated Care Board (synthetic)",
} as const;
/** The ONS (statistical) region, which the lookups carry beside the NHS region. */
export const DEMO_ONS_REGION = {
  gss: "E12900001",
  name: "Demo region (synthetic)",
} as const;
const COUNTY = { gss: "E10900001", base: "Demoshire" } as const;

export type PlaceKind = "unitary" | "district";
export type TrustKind = "acute" | "mental_health" | "community" | "ambulance";
export type PartnerSector =
  | "social_care_provider"
  | "vcse"
  | "independent_sector_provider"
  | "healthwatch"
  | "trade_union"
  | "local_authority";

interface LadSpec {
  readonly gss: string;
  readonly base: string;
  readonly kind: PlaceKind;
  readonly subIcb: number;
  readonly weight: number;
  /** Mean latent deprivation (national standard deviations, higher = more deprived). */
  readonly deprivation: number;
  /** Urbanity at the town centre and how fast it falls towards the edge of the district. */
  readonly urbanCore: number;
  readonly urbanSlope: number;
}

// Four urban unitaries (more deprived, younger) and a rural county of three districts (older).
const LAD_SPECS: readonly LadSpec[] = [
  {
    gss: "E06900001",
    base: "Port Demo",
    kind: "unitary",
    subIcb: 0,
    weight: 0.2,
    deprivation: 0.75,
    urbanCore: 1,
    urbanSlope: 0.4,
  },
  {
    gss: "E06900002",
    base: "Vale Harbour",
    kind: "unitary",
    subIcb: 0,
    weight: 0.14,
    deprivation: 0.5,
    urbanCore: 0.95,
    urbanSlope: 0.45,
  },
  {
    gss: "E06900003",
    base: "Saltby",
    kind: "unitary",
    subIcb: 1,
    weight: 0.14,
    deprivation: 0.1,
    urbanCore: 0.95,
    urbanSlope: 0.5,
  },
  {
    gss: "E06900004",
    base: "Eastwick Sands",
    kind: "unitary",
    subIcb: 1,
    weight: 0.12,
    deprivation: 0.4,
    urbanCore: 0.9,
    urbanSlope: 0.65,
  },
  {
    gss: "E07900001",
    base: "Upper Vale",
    kind: "district",
    subIcb: 2,
    weight: 0.15,
    deprivation: -0.45,
    urbanCore: 0.95,
    urbanSlope: 0.75,
  },
  {
    gss: "E07900002",
    base: "Fenby Marsh",
    kind: "district",
    subIcb: 2,
    weight: 0.13,
    deprivation: -0.25,
    urbanCore: 0.95,
    urbanSlope: 0.8,
  },
  {
    gss: "E07900003",
    base: "High Wold",
    kind: "district",
    subIcb: 2,
    weight: 0.12,
    deprivation: -0.7,
    urbanCore: 0.95,
    urbanSlope: 0.85,
  },
];

// Anchors in island radii: the urban sub-ICBs in the south, the rural county in the north.
const SUB_ICB_SPECS = [
  { gss: "E38900001", ods: "Z1A", anchor: [-0.55, -0.35] },
  { gss: "E38900002", ods: "Z2B", anchor: [0.55, -0.35] },
  { gss: "E38900003", ods: "Z3C", anchor: [0, 0.6] },
] as const;

export interface DemoArea {
  readonly gss: string;
  /** Published name, ending " (synthetic)". */
  readonly name: string;
}

export interface DemoSubIcb extends DemoArea {
  readonly ods: string;
  /** The ODS spelling, upper case, as in the ePCN files. */
  readonly odsName: string;
  readonly lads: readonly number[];
}

export interface DemoLad extends DemoArea {
  readonly base: string;
  readonly kind: PlaceKind;
  readonly utla: DemoArea;
  readonly subIcb: number;
  readonly cells: readonly number[];
  readonly lsoas: readonly number[];
  readonly postcodeDistrict: string;
}

export interface DemoWard extends DemoArea {
  readonly base: string;
  readonly lad: number;
}

export interface DemoImdValue {
  readonly rank: number;
  readonly decile: number;
  readonly score: number;
}

export interface DemoLsoa extends DemoArea {
  readonly cell: number;
  readonly lad: number;
  readonly ward: number;
  /** 0 (remote rural) to 1 (town centre). */
  readonly urbanity: number;
  readonly ruc21cd: string;
  readonly urbanRural: "Urban" | "Rural";
  readonly population: number;
  /** Census 2021 bands: 0–15, 16–24, 25–34, 35–49, 50–64, 65+. */
  readonly ageBands: readonly number[];
  readonly imd: Readonly<Record<ImdDomain, DemoImdValue>>;
}

export interface DemoAddress {
  readonly lines: readonly [string, string, string, string, string];
  readonly postcode: string;
}

export interface DemoPcn {
  readonly ods: string;
  readonly name: string;
  readonly subIcb: number;
  readonly lad: number;
  readonly lsoas: readonly number[];
  readonly openDate: string;
  /** The lead practice's address, as ODS records it. */
  readonly address: DemoAddress;
}

export interface DemoPractice {
  readonly ods: string;
  readonly name: string;
  readonly status: "A" | "C";
  readonly subIcb: number;
  readonly lad: number;
  readonly lsoa: number;
  /** Current PCN (index into pcns); null for closed practices. */
  readonly pcn: number | null;
  readonly openDate: string;
  readonly closeDate: string;
  readonly joinParentDate: string;
  readonly leftParentDate: string;
  readonly telephone: string;
  readonly address: DemoAddress;
  /** Null for closed practices, as in the real file. */
  readonly location: {
    readonly latitude: number;
    readonly longitude: number;
  } | null;
}

export interface DemoMembership {
  readonly practice: string;
  readonly pcn: number;
  readonly startDate: string;
  readonly endDate: string;
}

export interface DemoTrust {
  readonly ods: string;
  readonly name: string;
  readonly kind: TrustKind;
  readonly openDate: string;
  readonly telephone: string;
  readonly address: DemoAddress;
}

export interface DemoPartner {
  readonly code: string;
  readonly name: string;
  readonly sector: PartnerSector;
  readonly ultimateParentOwner: string;
  readonly postcode: string;
  readonly website: string;
}

export interface DemoIcs {
  readonly seed: number;
  readonly scale: number;
  readonly island: Island;
  readonly subIcbs: readonly DemoSubIcb[];
  readonly utlas: readonly DemoArea[];
  readonly lads: readonly DemoLad[];
  readonly wards: readonly DemoWard[];
  readonly lsoas: readonly DemoLsoa[];
  readonly pcns: readonly DemoPcn[];
  /** Sorted by ODS code. */
  readonly practices: readonly DemoPractice[];
  readonly memberships: readonly DemoMembership[];
  readonly trusts: readonly DemoTrust[];
  readonly partners: readonly DemoPartner[];
}

export function resolveOptions(options: DemoOptions = {}): {
  seed: number;
  scale: number;
} {
  const seed = options.seed ?? DEFAULT_SEED;
  const scale = options.scale ?? 1;
  if (!Number.isInteger(seed))
    throw new RangeError(`seed must be an integer, got ${seed}`);
  if (!Number.isFinite(scale) || scale <= 0 || scale > MAX_SCALE) {
    throw new RangeError(
      `scale must be above 0 and at most ${MAX_SCALE}, got ${scale}`,
    );
  }
  return { seed: seed >>> 0, scale };
}

const upper = (s: string): string => s.toUpperCase();
const pad = (n: number, width: number): string =>
  String(n).padStart(width, "0");

function centroidOf(island: Island, cells: readonly number[]): Point {
  let x = 0;
  let y = 0;
  for (const c of cells) {
    x += at(island.cells, c).x;
    y += at(island.cells, c).y;
  }
  return [x / cells.length, y / cells.length];
}

/** North to south, then west to east: the order ONS numbers MSOAs in. */
function byReadingOrder(island: Island, groups: number[][]): number[][] {
  const keyed = groups.map((g) => ({ g, c: centroidOf(island, g) }));
  keyed.sort((a, b) => b.c[1] - a.c[1] || a.c[0] - b.c[0]);
  return keyed.map((k) => k.g);
}

function nearestTo(
  island: Island,
  cells: readonly number[],
  [x, y]: Point,
): number {
  let best = at(cells, 0);
  let bestDist = Infinity;
  for (const c of cells) {
    const cell = at(island.cells, c);
    const d = Math.hypot(cell.x - x, cell.y - y);
    if (d < bestDist) {
      bestDist = d;
      best = c;
    }
  }
  return best;
}

/** A valid-looking but fictional postcode: area ZZ is not used by Royal Mail. */
// Royal Mail never uses C, I, K, M, O or V in the inward code's letters.
const INWARD_LETTERS = [
  "A",
  "B",
  "D",
  "E",
  "F",
  "G",
  "H",
  "J",
  "L",
  "N",
  "P",
  "Q",
  "R",
  "S",
  "T",
  "U",
  "W",
  "X",
  "Y",
  "Z",
];
class Postcodes {
  private readonly used = new Set<string>();
  constructor(private readonly rng: Rng) {}
  next(district: string): string {
    for (;;) {
      const code = `${district} ${this.rng.int(0, 9)}${this.rng.pick(INWARD_LETTERS)}${this.rng.pick(INWARD_LETTERS)}`;
      if (!this.used.has(code)) {
        this.used.add(code);
        return code;
      }
    }
  }
}

/** Ofcom's reserved drama numbers (01632 960000–960999), so no real line is ever printed. */
class Telephones {
  private used = 0;
  constructor(private readonly offset: number) {}
  next(): string {
    return `01632 ${960000 + ((this.offset + this.used++) % 1000)}`;
  }
}

function odsDateOf(rng: Rng, fromYear: number, toYear: number): string {
  return `${rng.int(fromYear, toYear)}${pad(rng.int(1, 12), 2)}${pad(rng.int(1, 28), 2)}`;
}

export function buildDemoIcs(options: DemoOptions = {}): DemoIcs {
  const { seed, scale } = resolveOptions(options);
  const root = new Rng(seed);
  const island = buildIsland(
    Math.max(MIN_LSOAS, Math.round(600 * scale)),
    root.fork("island"),
  );
  const cellCount = island.cells.length;

  // Sub-ICB locations cover whole LADs: split the island into three, then each into its LADs.
  const subIcbWeights = SUB_ICB_SPECS.map((_, si) =>
    LAD_SPECS.filter((l) => l.subIcb === si).reduce((s, l) => s + l.weight, 0),
  );
  const subIcbCells = partition(
    island,
    island.cells.map((c) => c.id),
    subIcbWeights,
    root.fork("sub-icbs"),
    SUB_ICB_SPECS.map((s) => [
      s.anchor[0] * island.radiusXKm,
      s.anchor[1] * island.radiusYKm,
    ]),
  );
  const ladCells: number[][] = LAD_SPECS.map(() => []);
  SUB_ICB_SPECS.forEach((_, si) => {
    const members = LAD_SPECS.flatMap((l, li) => (l.subIcb === si ? [li] : []));
    const parts = partition(
      island,
      at(subIcbCells, si),
      members.map((li) => at(LAD_SPECS, li).weight),
      root.fork(`lads-${si}`),
    );
    members.forEach((li, j) => (ladCells[li] = at(parts, j)));
  });

  // Urbanity falls away from each district's town centre; the county's towns are small.
  const urbanRng = root.fork("urbanity");
  const urbanity = new Array<number>(cellCount).fill(0);
  const ladCentres = LAD_SPECS.map((spec, li) => {
    const cells = at(ladCells, li);
    const centre = nearestTo(island, cells, centroidOf(island, cells));
    const c0 = at(island.cells, centre);
    const dist = (c: number): number =>
      Math.hypot(at(island.cells, c).x - c0.x, at(island.cells, c).y - c0.y);
    const reach = Math.max(island.hexSizeKm, ...cells.map(dist));
    for (const c of cells) {
      const u =
        spec.urbanCore -
        spec.urbanSlope * (dist(c) / reach) +
        0.07 * urbanRng.normal();
      urbanity[c] = Math.min(1, Math.max(0, u));
    }
    return centre;
  });
  const city = at(island.cells, at(ladCentres, 0));

  // Small areas: MSOA-sized groups give LSOA names ("Port Demo 001A"); wards are a separate split.
  const areaRng = root.fork("small-areas");
  const wardStems = new NameStems(root.fork("ward-names"));
  const wards: DemoWard[] = [];
  const wardOfCell = new Array<number>(cellCount).fill(-1);
  const lsoaCells: { cell: number; lad: number; name: string }[] = [];
  LAD_SPECS.forEach((spec, li) => {
    const cells = at(ladCells, li);
    const msoas = byReadingOrder(
      island,
      partition(
        island,
        cells,
        new Array<number>(Math.max(1, Math.round(cells.length / 5))).fill(1),
        areaRng,
      ),
    );
    msoas.forEach((msoa, m) => {
      const ordered = byReadingOrder(
        island,
        msoa.map((c) => [c]),
      ).map((g) => at(g, 0));
      ordered.forEach((cell, j) => {
        lsoaCells.push({
          cell,
          lad: li,
          name: synthetic(`${spec.base} ${pad(m + 1, 3)}${letters(j)}`),
        });
      });
    });
    const wardGroups = byReadingOrder(
      island,
      partition(
        island,
        cells,
        new Array<number>(Math.max(1, Math.round(cells.length / 6))).fill(1),
        areaRng,
      ),
    );
    for (const group of wardGroups) {
      const base = wardStems.next();
      for (const c of group) wardOfCell[c] = wards.length;
      wards.push({
        gss: `E05${900001 + wards.length}`,
        name: synthetic(base),
        base,
        lad: li,
      });
    }
  });
  const lsoaOfCell = new Array<number>(cellCount).fill(-1);
  lsoaCells.forEach((l, i) => (lsoaOfCell[l.cell] = i));

  // Deprivation: place effect + urban effect + smooth spatial noise + local noise.
  const depRng = root.fork("deprivation");
  const depField = smoothField(depRng, 30);
  const latent = lsoaCells.map(({ cell, lad }) => {
    const c = at(island.cells, cell);
    const u = at(urbanity, cell);
    const z =
      at(LAD_SPECS, lad).deprivation +
      0.9 * (u - 0.6) +
      0.35 * depField(c.x, c.y) +
      0.45 * depRng.normal();
    const e = (): number => depRng.normal();
    const byDomain: Record<ImdDomain, number> = {
      imd: z + 0.15 * e(),
      income: 0.95 * z + 0.31 * e(),
      employment: 0.92 * z + 0.39 * e(),
      education: 0.85 * z + 0.53 * e(),
      health: 0.85 * z + 0.53 * e(),
      crime: 0.7 * z + 0.5 * (u - 0.5) + 0.55 * e(),
      // Barriers to housing and services are worst in remote rural areas, as in England.
      housing_and_services: 0.2 * z - 1.6 * (u - 0.5) + 0.6 * e(),
      environment: 0.3 * z + 1.0 * (u - 0.5) + 0.7 * e(),
    };
    return { z, byDomain };
  });
  const ranks = Object.fromEntries(
    IMD_DOMAINS.map((d) => [d, ranksOf(latent.map((l) => l.byDomain[d]))]),
  ) as Record<ImdDomain, number[]>;

  // Population: ~1,667 per LSOA; younger where deprived and urban, older where rural.
  const popRng = root.fork("population");
  const totals = apportion(
    Math.round(lsoaCells.length * PEOPLE_PER_LSOA),
    lsoaCells.map(() =>
      Math.min(
        3400,
        Math.max(950, PEOPLE_PER_LSOA * Math.exp(0.17 * popRng.normal())),
      ),
    ),
  );
  const students = new Set(
    lsoaCells
      .map((l, i) => ({ i, lad: l.lad, u: at(urbanity, l.cell) }))
      .filter((l) => l.lad === 0)
      .sort((a, b) => b.u - a.u || a.i - b.i)
      .slice(0, Math.max(1, Math.round(lsoaCells.length / 300)))
      .map((l) => l.i),
  );
  const ENGLAND_SHARES = [0.1856, 0.106, 0.1357, 0.1943, 0.1942, 0.1841];
  const YOUTH_EFFECT = [0.22, 0.3, 0.38, 0.06, -0.2, -0.5];

  const lsoas: DemoLsoa[] = lsoaCells.map(({ cell, lad, name }, i) => {
    const u = at(urbanity, cell);
    const youth =
      0.5 * at(latent, i).z + 1.0 * (u - 0.5) + 0.35 * popRng.normal();
    const weights = ENGLAND_SHARES.map(
      (share, b) =>
        share * Math.exp(at(YOUTH_EFFECT, b) * youth + 0.07 * popRng.normal()),
    );
    if (students.has(i)) {
      weights[1] = at(weights, 1) * 3.5;
      weights[2] = at(weights, 2) * 1.3;
    }
    const population = at(totals, i);
    const c = at(island.cells, cell);
    const near =
      Math.hypot(c.x - city.x, c.y - city.y) < 0.8 * island.radiusXKm;
    const ruc21cd =
      u >= 0.5
        ? near
          ? "UN1"
          : "UF1"
        : u >= 0.3
          ? near
            ? "RLN1"
            : "RLF1"
          : near
            ? "RSN1"
            : "RSF1";
    const imd = Object.fromEntries(
      IMD_DOMAINS.map((d) => {
        const rank = at(ranks[d], i);
        return [
          d,
          { rank, decile: decileOfRank(rank), score: scoreOfRank(d, rank) },
        ];
      }),
    ) as Record<ImdDomain, DemoImdValue>;
    return {
      gss: `E01${900001 + i}`,
      name,
      cell,
      lad,
      ward: at(wardOfCell, cell),
      urbanity: u,
      ruc21cd,
      urbanRural: u >= 0.5 ? "Urban" : "Rural",
      population,
      ageBands: apportion(population, weights),
      imd,
    };
  });

  const utlas: DemoArea[] = [];
  const lads: DemoLad[] = LAD_SPECS.map((spec, li) => {
    const utla =
      spec.kind === "unitary"
        ? { gss: spec.gss, name: synthetic(spec.base) }
        : { gss: COUNTY.gss, name: synthetic(COUNTY.base) };
    if (!utlas.some((u) => u.gss === utla.gss)) utlas.push(utla);
    return {
      gss: spec.gss,
      name: synthetic(spec.base),
      base: spec.base,
      kind: spec.kind,
      utla,
      subIcb: spec.subIcb,
      cells: at(ladCells, li),
      lsoas: lsoas.flatMap((l, i) => (l.lad === li ? [i] : [])),
      postcodeDistrict: `ZZ${li + 1}`,
    };
  });
  const subIcbs: DemoSubIcb[] = SUB_ICB_SPECS.map((s, si) => ({
    gss: s.gss,
    ods: s.ods,
    name: synthetic(`NHS Demo Vale ICB - ${s.ods}`),
    odsName: synthetic(`NHS DEMO VALE ICB - ${s.ods}`),
    lads: LAD_SPECS.flatMap((l, li) => (l.subIcb === si ? [li] : [])),
  }));

  const postcodes = new Postcodes(root.fork("postcodes"));
  const orgRng = root.fork("organisations");
  const telephones = new Telephones(orgRng.int(0, 999));
  const addressIn = (lsoa: number, building: string): DemoAddress => {
    const l = at(lsoas, lsoa);
    const lad = at(lads, l.lad);
    return {
      lines: [
        building,
        `${orgRng.int(1, 199)} ${orgRng.pick(STREETS)}`,
        upper(at(wards, l.ward).base),
        upper(lad.base),
        lad.kind === "district" ? upper(COUNTY.base) : "",
      ],
      postcode: postcodes.next(lad.postcodeDistrict),
    };
  };

  const { pcns, practices, memberships } = buildPrimaryCare(
    root,
    island,
    lads,
    lsoas,
    scale,
    addressIn,
    telephones,
  );

  const trustSpecs: readonly {
    ods: string;
    kind: TrustKind;
    name: string;
    building: string;
    lad: number;
    openDate: string;
  }[] = [
    {
      ods: "RZ1",
      kind: "acute",
      name: "DEMO VALE HOSPITALS NHS FOUNDATION TRUST",
      building: "DEMO VALE GENERAL HOSPITAL",
      lad: 0,
      openDate: "20040401",
    },
    {
      ods: "RZ2",
      kind: "mental_health",
      name: "DEMO VALE MENTAL HEALTH AND WELLBEING NHS FOUNDATION TRUST",
      building: "HARBOUR VIEW HOUSE",
      lad: 1,
      openDate: "20080301",
    },
    {
      ods: "RZ3",
      kind: "community",
      name: "DEMOSHIRE COMMUNITY HEALTH SERVICES NHS TRUST",
      building: "WOLD HOUSE",
      lad: 4,
      openDate: "20110401",
    },
    {
      ods: "RZ4",
      kind: "ambulance",
      name: "DEMO ISLAND AMBULANCE SERVICE NHS TRUST",
      building: "BEACON HOUSE",
      lad: 2,
      openDate: "20060701",
    },
  ];
  const centreLsoa = (li: number): number => at(lsoaOfCell, at(ladCentres, li));
  const trusts: DemoTrust[] = trustSpecs.map((t) => ({
    ods: t.ods,
    name: synthetic(t.name),
    kind: t.kind,
    openDate: t.openDate,
    telephone: telephones.next(),
    address: addressIn(centreLsoa(t.lad), t.building),
  }));

  const partners = buildPartners(
    lads,
    utlas,
    (li) => addressIn(centreLsoa(li), "").postcode,
  );

  return {
    seed,
    scale,
    island,
    subIcbs,
    utlas,
    lads,
    wards,
    lsoas,
    pcns,
    practices,
    memberships,
    trusts,
    partners,
  };
}

function buildPrimaryCare(
  root: Rng,
  island: Island,
  lads: readonly DemoLad[],
  lsoas: readonly DemoLsoa[],
  scale: number,
  addressIn: (lsoa: number, building: string) => DemoAddress,
  telephones: Telephones,
): {
  pcns: DemoPcn[];
  practices: DemoPractice[];
  memberships: DemoMembership[];
} {
  const rng = root.fork("primary-care");
  const stems = new NameStems(root.fork("practice-names"));
  const lsoaOfCell = new Map<number, number>(lsoas.map((l, i) => [l.cell, i]));
  const populationOf = (cells: readonly number[]): number =>
    cells.reduce(
      (s, c) => s + at(lsoas, lsoaOfCell.get(c) ?? -1).population,
      0,
    );

  // ~12 PCNs at scale 1, at least one per LAD, each inside one LAD (so inside one sub-ICB).
  const pcnCount = Math.max(lads.length, Math.round(12 * scale));
  const perLad = apportion(
    pcnCount - lads.length,
    lads.map((l) => populationOf(l.cells)),
  ).map((n, li) => Math.min(n + 1, at(lads, li).cells.length));
  const pcnAreas: { lad: number; cells: number[] }[] = [];
  lads.forEach((lad, li) => {
    const k = at(perLad, li);
    const groups = byReadingOrder(
      island,
      partition(island, lad.cells, new Array<number>(k).fill(1), rng),
    );
    for (const cells of groups) pcnAreas.push({ lad: li, cells });
  });

  const pcnNames: string[] = pcnAreas.map(({ lad, cells }) => {
    const l = at(lads, lad);
    const siblings = pcnAreas.filter((p) => p.lad === lad);
    if (siblings.length === 1) return `${upper(l.base)} PCN`;
    const [lx, ly] = centroidOf(island, l.cells);
    const [px, py] = centroidOf(island, cells);
    const nearest = siblings.reduce((best, p) => {
      const [bx, by] = centroidOf(island, best.cells);
      const [x, y] = centroidOf(island, p.cells);
      return Math.hypot(x - lx, y - ly) < Math.hypot(bx - lx, by - ly)
        ? p
        : best;
    });
    const direction =
      siblings.length >= 3 && nearest.cells === cells
        ? "CENTRAL"
        : compass(px - lx, py - ly);
    return `${upper(l.base)} ${direction} PCN`;
  });
  const seen = new Map<string, number>();
  const uniqueNames = pcnNames.map((n) => {
    const count = (seen.get(n) ?? 0) + 1;
    seen.set(n, count);
    return count === 1 ? n : n.replace(/ PCN$/, ` ${count} PCN`);
  });

  // Practices: at least two per PCN, the rest by population; sited in populous, urban LSOAs.
  const activeCount = Math.max(Math.round(60 * scale), 2 * pcnAreas.length);
  const perPcn = apportion(
    activeCount - 2 * pcnAreas.length,
    pcnAreas.map((p) => populationOf(p.cells)),
  ).map((n) => n + 2);
  interface Draft {
    pcn: number;
    lsoa: number;
    status: "A" | "C";
    closeDate: string;
  }
  const drafts: Draft[] = [];
  const pickLsoas = (pcn: number, count: number): number[] => {
    const pool = at(pcnAreas, pcn).cells.map((c) => lsoaOfCell.get(c) ?? -1);
    const chosen: number[] = [];
    let left = [...pool];
    while (chosen.length < count) {
      if (left.length === 0) left = [...pool];
      const i = rng.weighted(
        left.map(
          (l) => at(lsoas, l).population * (0.5 + at(lsoas, l).urbanity),
        ),
      );
      chosen.push(at(left, i));
      left.splice(i, 1);
    }
    return chosen;
  };
  pcnAreas.forEach((_, p) => {
    for (const lsoa of pickLsoas(p, at(perPcn, p)))
      drafts.push({ pcn: p, lsoa, status: "A", closeDate: "" });
  });
  // Two closed practices, so importers see status C with close dates.
  const closedPcns = rng.shuffle(pcnAreas.map((_, p) => p)).slice(0, 2);
  ["20230331", "20240930"].forEach((closeDate, i) => {
    const pcn = at(closedPcns, i % closedPcns.length);
    drafts.push({
      pcn,
      lsoa: at(pickLsoas(pcn, 1), 0),
      status: "C",
      closeDate,
    });
  });

  // ODS codes are not geographic: shuffle before numbering.
  const order = rng.shuffle(drafts.map((_, i) => i));
  const codeOf = new Map<number, string>(
    order.map((d, i) => [d, `Z${90001 + i}`]),
  );

  const practices: DemoPractice[] = drafts.map((d, i) => {
    const l = at(lsoas, d.lsoa);
    const lad = at(lads, l.lad);
    const base = at(
      PRACTICE_FORMS,
      rng.int(0, PRACTICE_FORMS.length - 1),
    )(upper(stems.next()));
    const ring = at(island.cells, l.cell).ring;
    const centre = ringCentroid(ring);
    const corner = at(ring, rng.int(0, ring.length - 2));
    const t = 0.1 + 0.3 * rng.float();
    const inside: Position = [
      centre[0] + t * (corner[0] - centre[0]),
      centre[1] + t * (corner[1] - centre[1]),
    ];
    const [lon, lat] = pointInRing(inside, ring) ? inside : centre;
    const active = d.status === "A";
    return {
      ods: codeOf.get(i) ?? "",
      name: synthetic(base),
      status: d.status,
      subIcb: lad.subIcb,
      lad: l.lad,
      lsoa: d.lsoa,
      pcn: active ? d.pcn : null,
      openDate: rng.float() < 0.6 ? "19740401" : odsDateOf(rng, 1975, 2015),
      closeDate: d.closeDate,
      joinParentDate: "20220701",
      leftParentDate: d.closeDate,
      telephone: telephones.next(),
      address: addressIn(d.lsoa, base),
      location: active
        ? {
            latitude: Math.round(lat * 1e6) / 1e6,
            longitude: Math.round(lon * 1e6) / 1e6,
          }
        : null,
    };
  });

  const pcns: DemoPcn[] = pcnAreas.map((area, p) => {
    const members = practices
      .filter((pr) => pr.pcn === p)
      .sort((a, b) => (a.ods < b.ods ? -1 : 1));
    const lead = at(members, 0);
    return {
      ods: `U${90001 + p}`,
      name: synthetic(at(uniqueNames, p)),
      subIcb: at(lads, area.lad).subIcb,
      lad: area.lad,
      lsoas: area.cells
        .map((c) => lsoaOfCell.get(c) ?? -1)
        .sort((a, b) => a - b),
      openDate: "20191001",
      address: lead.address,
    };
  });

  // Memberships: every practice since 2019, closed ones ended, and one practice that moved PCN.
  const memberships: DemoMembership[] = drafts.map((d, i) => ({
    practice: codeOf.get(i) ?? "",
    pcn: d.pcn,
    startDate: "20191001",
    endDate: d.closeDate,
  }));
  const movers = drafts.flatMap((d, i) => (d.status === "A" ? [i] : []));
  const mover = rng.pick(movers);
  const moverPcn = at(drafts, mover).pcn;
  const moverLad = at(pcnAreas, moverPcn).lad;
  const moverSubIcb = at(lads, moverLad).subIcb;
  const sameLad = pcnAreas.flatMap((p, j) =>
    j !== moverPcn && p.lad === moverLad ? [j] : [],
  );
  const sameSubIcb = pcnAreas.flatMap((p, j) =>
    j !== moverPcn && at(lads, p.lad).subIcb === moverSubIcb ? [j] : [],
  );
  const formerPcn = rng.pick(sameLad.length > 0 ? sameLad : sameSubIcb);
  memberships[mover] = {
    practice: codeOf.get(mover) ?? "",
    pcn: moverPcn,
    startDate: "20240401",
    endDate: "",
  };
  memberships.push({
    practice: codeOf.get(mover) ?? "",
    pcn: formerPcn,
    startDate: "20191001",
    endDate: "20240331",
  });

  practices.sort((a, b) => (a.ods < b.ods ? -1 : a.ods > b.ods ? 1 : 0));
  memberships.sort((a, b) =>
    a.practice < b.practice
      ? -1
      : a.practice > b.practice
        ? 1
        : a.startDate < b.startDate
          ? -1
          : 1,
  );
  return { pcns, practices, memberships };
}

function buildPartners(
  lads: readonly DemoLad[],
  utlas: readonly DemoArea[],
  postcodeIn: (lad: number) => string,
): DemoPartner[] {
  const web = (slug: string): string => `https://www.${slug}.example`;
  const slug = (name: string): string =>
    name
      .toLowerCase()
      .replace(/\(synthetic\)/g, "")
      .replace(/[^a-z0-9]+/g, "-")
      .replace(/^-|-$/g, "");
  const countyLad = lads.findIndex((l) => l.kind === "district");
  const ladOfUtla = (gss: string): number => {
    const i = lads.findIndex((l) => l.utla.gss === gss);
    return i < 0 ? 0 : i;
  };
  const partners: DemoPartner[] = [];
  const add = (
    code: string,
    name: string,
    sector: PartnerSector,
    lad: number,
    owner = "",
  ): void => {
    partners.push({
      code,
      name,
      sector,
      ultimateParentOwner: owner,
      postcode: postcodeIn(lad),
      website: web(slug(name)),
    });
  };

  // Councils: the four unitaries, the county and its three districts; code = the area's GSS code.
  lads.forEach((l, li) => {
    const title =
      l.kind === "unitary" ? `${l.base} Council` : `${l.base} District Council`;
    add(l.gss, synthetic(title), "local_authority", li);
  });
  add(
    COUNTY.gss,
    synthetic(`${COUNTY.base} County Council`),
    "local_authority",
    Math.max(0, countyLad),
  );
  // One Healthwatch per upper-tier authority, as the law sets them up.
  utlas.forEach((u, i) => {
    add(
      `ZHW${pad(i + 1, 2)}`,
      synthetic(`Healthwatch ${u.name.replace(/ \(synthetic\)$/, "")}`),
      "healthwatch",
      ladOfUtla(u.gss),
    );
  });
  const others: readonly [string, string, PartnerSector, number, string][] = [
    ["ZSC01", "Harbourlight Home Care", "social_care_provider", 0, ""],
    [
      "ZSC02",
      "Saltmarsh Residential Care Homes",
      "social_care_provider",
      3,
      "",
    ],
    ["ZSC03", "Wold Valley Supported Living", "social_care_provider", 6, ""],
    ["ZVC01", "Demo Vale Council for Voluntary Service", "vcse", 0, ""],
    ["ZVC02", "Island Carers Network", "vcse", 2, ""],
    ["ZVC03", "Tideline Mental Health Charity", "vcse", 1, ""],
    [
      "ZIS01",
      "Seagate Independent Hospital",
      "independent_sector_provider",
      1,
      "Synthetic Health Holdings plc",
    ],
    [
      "ZIS02",
      "Vale Eye Clinic",
      "independent_sector_provider",
      4,
      "Synthetic Health Holdings plc",
    ],
    [
      "ZIS03",
      "Saltby Diagnostics Centre",
      "independent_sector_provider",
      2,
      "Synthetic Imaging Group Ltd",
    ],
  ];
  for (const [code, name, sector, lad, owner] of others)
    add(code, synthetic(name), sector, Math.min(lad, lads.length - 1), owner);
  add(
    "ZTU01",
    "Synthetic Health Workers' Union, Demo Vale branch",
    "trade_union",
    0,
  );
  add("ZTU02", "Synthetic Nursing Union, Demo Vale branch", "trade_union", 1);
  return partners.sort((a, b) =>
    a.code < b.code ? -1 : a.code > b.code ? 1 : 0,
  );
}
