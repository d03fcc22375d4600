import {
  closeSync,
  existsSync,
  openSync,
  readFileSync,
  readSync,
} from "node:fs";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import {
  DEMO_FILE_NAMES,
  DEMO_ICB,
  demoFacts,
  type DemoFile,
  type DemoOptions,
  generateDemoIcs,
  ISLAND_BOUNDS,
  writeDemoIcs,
} from "./index";

// Reference data lives beside the repository (../shared/refdata), or wherever OPENICS_REFDATA says.
const REPO_ROOT = fileURLToPath(new URL("../../../../", import.meta.url));
const REFDATA = process.env.OPENICS_REFDATA
  ? resolve(REPO_ROOT, process.env.OPENICS_REFDATA)
  : fileURLToPath(new URL("../../../../../shared/refdata", import.meta.url));
const GEO = join(REFDATA, "geo");
const HAVE_REFDATA = existsSync(GEO);
// Missing reference data fails in CI and skips (saying why) on a developer's machine.
const refdataIt = HAVE_REFDATA || process.env.CI === "true" ? it : it.skip;
const needsRefdata = HAVE_REFDATA
  ? ""
  : ` [${process.env.CI === "true" ? "failing in CI" : "skipped"}: no reference data at ${GEO}; set OPENICS_REFDATA]`;
function requireRefdata(): void {
  if (!HAVE_REFDATA)
    throw new Error(`reference data not found at ${GEO}; set OPENICS_REFDATA`);
}

type Position = [number, number];
type Rings = Position[][];
interface Feature {
  properties: Record<string, string | number>;
  geometry:
    | { type: "Polygon"; coordinates: Rings }
    | { type: "MultiPolygon"; coordinates: Rings[] };
}

const cache = new Map<string, DemoFile[]>();
function files(options: DemoOptions): DemoFile[] {
  const key = JSON.stringify(options);
  let result = cache.get(key);
  if (!result) {
    result = generateDemoIcs(options);
    cache.set(key, result);
  }
  return result;
}
function fileOf(options: DemoOptions, name: string): string {
  const file = files(options).find((f) => f.name === name);
  if (!file) throw new Error(`no file ${name}`);
  return file.contents;
}

/** RFC 4180 CSV to records (quoted fields may hold commas and doubled quotes). */
function parseCsv(text: string): {
  header: string[];
  rows: Record<string, string>[];
} {
  const lines: string[][] = [];
  let row: string[] = [];
  let field = "";
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charAt(i);
    if (quoted) {
      if (c === '"' && text.charAt(i + 1) === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ",") {
      row.push(field);
      field = "";
    } else if (c === "\n") {
      row.push(field);
      lines.push(row);
      row = [];
      field = "";
    } else field += c;
  }
  const [header = [], ...body] = lines;
  for (const r of body) expect(r).toHaveLength(header.length);
  return {
    header,
    rows: body.map((r) =>
      Object.fromEntries(header.map((h, i) => [h, r[i] ?? ""])),
    ),
  };
}
const csvOf = (options: DemoOptions, name: string) =>
  parseCsv(fileOf(options, name));
const featuresOf = (options: DemoOptions, name: string): Feature[] =>
  (JSON.parse(fileOf(options, name)) as { features: Feature[] }).features;
const polygonsOf = (f: Feature): Rings[] =>
  f.geometry.type === "Polygon"
    ? [f.geometry.coordinates]
    : f.geometry.coordinates;

function firstLine(path: string): string {
  const fd = openSync(path, "r");
  try {
    const buffer = Buffer.alloc(65536);
    const n = readSync(fd, buffer, 0, buffer.length, 0);
    return (buffer.toString("utf8", 0, n).split("\n")[0] ?? "").replace(
      /\r$/,
      "",
    );
  } finally {
    closeSync(fd);
  }
}

function signedArea(ring: Position[]): number {
  let sum = 0;
  for (let i = 0; i + 1 < ring.length; i++) {
    const [x1, y1] = ring[i] ?? [0, 0];
    const [x2, y2] = ring[i + 1] ?? [0, 0];
    sum += x1 * y2 - x2 * y1;
  }
  return sum / 2;
}
const polygonArea = (rings: Rings): number =>
  rings.reduce((s, r) => s + signedArea(r), 0);

function inRing([px, py]: Position, ring: Position[]): boolean {
  let inside = false;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    const [xi, yi] = ring[i] ?? [0, 0];
    const [xj, yj] = ring[j] ?? [0, 0];
    if (yi > py !== yj > py && px < ((xj - xi) * (py - yi)) / (yj - yi) + xi)
      inside = !inside;
  }
  return inside;
}

const FULL: DemoOptions = { seed: 11, scale: 1 };
const TINY: DemoOptions = { seed: 5, scale: 0.05 };

describe("demo ICS generator", () => {
  it("gives byte-identical files for the same seed", () => {
    const a = generateDemoIcs(TINY);
    const b = generateDemoIcs(TINY);
    expect(b).toEqual(a);
    expect(generateDemoIcs(FULL)).toEqual(files(FULL));
  });

  it("gives different files for a different seed", () => {
    const a = files(TINY);
    const b = files({ ...TINY, seed: (TINY.seed ?? 0) + 1 });
    expect(b.map((f) => f.name)).toEqual(a.map((f) => f.name));
    const changed = a
      .filter((f, i) => f.contents !== b[i]?.contents)
      .map((f) => f.name);
    expect(changed).toContain(DEMO_FILE_NAMES.lsoaBoundaries);
    expect(changed).toContain(DEMO_FILE_NAMES.imd);
    expect(changed).toContain(DEMO_FILE_NAMES.census);
    expect(changed).toContain(DEMO_FILE_NAMES.practices);
  });

  it("is fast at scale 1", () => {
    const start = performance.now();
    generateDemoIcs({ seed: 99, scale: 1 });
    expect(performance.now() - start).toBeLessThan(2000);
  });

  it("rejects a scale it cannot build", () => {
    expect(() => generateDemoIcs({ scale: 0 })).toThrow(RangeError);
    expect(() => generateDemoIcs({ scale: Number.NaN })).toThrow(RangeError);
    expect(() => generateDemoIcs({ seed: 1.5 })).toThrow(RangeError);
  });

  refdataIt(
    `writes the same CSV headers as the real reference files${needsRefdata}`,
    () => {
      requireRefdata();
      const csvFiles = files(TINY).filter(
        (f) => f.name.endsWith(".csv") && f.name !== DEMO_FILE_NAMES.partners,
      );
      expect(csvFiles).toHaveLength(8);
      for (const file of csvFiles) {
        const real = firstLine(join(GEO, file.name));
        expect(file.contents.split("\n")[0], file.name).toBe(real);
      }
    },
  );

  refdataIt(
    `writes the same GeoJSON properties as the real boundary files${needsRefdata}`,
    () => {
      requireRefdata();
      for (const name of [
        DEMO_FILE_NAMES.regionBoundaries,
        DEMO_FILE_NAMES.icbBoundaries,
        DEMO_FILE_NAMES.subIcbBoundaries,
        DEMO_FILE_NAMES.ladBoundaries,
      ]) {
        const real = JSON.parse(readFileSync(join(GEO, name), "utf8")) as {
          features: Feature[];
        };
        const realKeys = Object.keys(real.features[0]?.properties ?? {});
        for (const f of featuresOf(TINY, name))
          expect(Object.keys(f.properties), name).toEqual(realKeys);
      }
    },
  );

  refdataIt(`uses no ODS code that the real files use${needsRefdata}`, () => {
    requireRefdata();
    const realCodes = (name: string, column: string) =>
      new Set(
        parseCsv(readFileSync(join(GEO, name), "utf8")).rows.map(
          (r) => r[column],
        ),
      );
    const practices = realCodes(DEMO_FILE_NAMES.practices, "practice_code");
    const pcns = realCodes(DEMO_FILE_NAMES.pcns, "pcn_code");
    const trusts = realCodes(DEMO_FILE_NAMES.trusts, "org_code");
    for (const r of csvOf(FULL, DEMO_FILE_NAMES.practices).rows)
      expect(practices.has(r.practice_code)).toBe(false);
    for (const r of csvOf(FULL, DEMO_FILE_NAMES.pcns).rows)
      expect(pcns.has(r.pcn_code)).toBe(false);
    for (const r of csvOf(FULL, DEMO_FILE_NAMES.trusts).rows)
      expect(trusts.has(r.org_code)).toBe(false);
  });

  it("writes partners.csv in the OpenICS layout, covering every sector", () => {
    const { header, rows } = csvOf(TINY, DEMO_FILE_NAMES.partners);
    expect(header.join(",")).toBe(
      "org_code,org_name,sector,icb_code_ods,ultimate_parent_owner,postcode,website",
    );
    expect(new Set(rows.map((r) => r.sector))).toEqual(
      new Set([
        "social_care_provider",
        "vcse",
        "independent_sector_provider",
        "healthwatch",
        "trade_union",
        "local_authority",
      ]),
    );
    expect(rows.length).toBeGreaterThanOrEqual(18);
    for (const r of rows) {
      expect(r.icb_code_ods).toBe(DEMO_ICB.ods);
      expect(r.ultimate_parent_owner !== "").toBe(
        r.sector === "independent_sector_provider",
      );
      expect(r.postcode).toMatch(/^ZZ\d [0-9][A-Z]{2}$/);
    }
  });

  it("builds about a million people in about 600 LSOAs at scale 1, and the facts match the files", () => {
    const facts = demoFacts(FULL);
    const census = csvOf(FULL, DEMO_FILE_NAMES.census).rows;
    const population = census.reduce((s, r) => s + Number(r.all_ages), 0);
    expect(facts.population).toBe(population);
    expect(population).toBeGreaterThan(950_000);
    expect(population).toBeLessThan(1_050_000);
    expect(facts.lsoas).toBe(census.length);
    expect(census.length).toBeGreaterThan(570);
    expect(census.length).toBeLessThan(630);

    const lookup = csvOf(FULL, DEMO_FILE_NAMES.lsoaLookup).rows;
    expect(lookup.map((r) => r.lsoa21cd)).toEqual(
      census.map((r) => r.lsoa21cd),
    );
    expect(new Set(lookup.map((r) => r.utla23cd)).size).toBe(facts.places);
    expect(facts.places).toBe(5);
    expect(new Set(lookup.map((r) => r.lad24cd)).size).toBe(facts.lads);
    expect(new Set(lookup.map((r) => r.sicbl24cdh))).toEqual(
      new Set(["Z1A", "Z2B", "Z3C"]),
    );

    const practices = csvOf(FULL, DEMO_FILE_NAMES.practices).rows;
    expect(practices.filter((p) => p.status_code === "A")).toHaveLength(
      facts.practices,
    );
    expect(facts.practices).toBeGreaterThanOrEqual(50);
    expect(facts.practices).toBeLessThanOrEqual(70);
    expect(csvOf(FULL, DEMO_FILE_NAMES.pcns).rows).toHaveLength(facts.pcns);
    expect(facts.pcns).toBeGreaterThanOrEqual(10);
    expect(facts.pcns).toBeLessThanOrEqual(14);
    expect(csvOf(FULL, DEMO_FILE_NAMES.trusts).rows).toHaveLength(facts.trusts);
    expect(csvOf(FULL, DEMO_FILE_NAMES.partners).rows).toHaveLength(
      facts.partners,
    );

    const tiny = demoFacts(TINY);
    expect(tiny.lsoas).toBeLessThan(60);
    expect(tiny.places).toBe(5);
  });

  it("has both tiers of local government, and sub-ICB locations made of whole LADs", () => {
    const lookup = csvOf(FULL, DEMO_FILE_NAMES.lsoaLookup).rows;
    const lads = csvOf(FULL, DEMO_FILE_NAMES.ladLookup).rows;
    expect(lads.filter((l) => l.lad24cd?.startsWith("E06"))).toHaveLength(4);
    expect(lads.filter((l) => l.lad24cd?.startsWith("E07"))).toHaveLength(3);
    for (const l of lads) {
      const code = l.lad24cd ?? "";
      if (code.startsWith("E06")) expect(l.utla23cd).toBe(code);
      else expect(l.utla23cd).toBe("E10900001");
      expect(Number(l.n_lsoa21)).toBe(
        lookup.filter((r) => r.lad24cd === code).length,
      );
    }
    const subIcbsOfLad = new Map<string, Set<string>>();
    for (const r of lookup) {
      const lad = r.lad24cd ?? "";
      subIcbsOfLad.set(
        lad,
        (subIcbsOfLad.get(lad) ?? new Set()).add(r.sicbl24cd ?? ""),
      );
      expect(r.icb24cd).toBe(DEMO_ICB.gss);
      expect(r.icb24cdh).toBe(DEMO_ICB.ods);
      expect(r.nhser24cd).toBe("E40900001");
      expect(r.nhser24cdh).toBe("Y99");
      expect(["Urban", "Rural"]).toContain(r.ruc21_urban_rural);
    }
    for (const subs of subIcbsOfLad.values()) expect(subs.size).toBe(1);
  });

  it("labels every name as synthetic", () => {
    for (const file of files(TINY).filter((f) => f.name.endsWith(".csv"))) {
      const { header, rows } = parseCsv(file.contents);
      const nameColumns = header.filter(
        (h) => /(nm|name|nhse|owner)$/.test(h) && h !== "lad_code_nhse",
      );
      expect(nameColumns.length > 0, file.name).toBe(
        file.name !== DEMO_FILE_NAMES.imd,
      );
      for (const r of rows) {
        for (const h of nameColumns) {
          const v = r[h] ?? "";
          if (v !== "")
            expect(
              v.endsWith(" (synthetic)") || v.includes("Synthetic"),
              `${file.name} ${h}: ${v}`,
            ).toBe(true);
        }
      }
    }
    for (const name of Object.values(DEMO_FILE_NAMES).filter((n) =>
      n.endsWith(".geojson"),
    )) {
      for (const f of featuresOf(TINY, name)) {
        const names = Object.entries(f.properties).filter(([k]) =>
          /nm$/i.test(k),
        );
        expect(names.length, name).toBeGreaterThan(0);
        for (const [, v] of names) expect(String(v)).toMatch(/ \(synthetic\)$/);
      }
    }
  });

  it("gives every LSOA a closed, counter-clockwise polygon on the island", () => {
    const lookup = csvOf(FULL, DEMO_FILE_NAMES.lsoaLookup).rows;
    const features = featuresOf(FULL, DEMO_FILE_NAMES.lsoaBoundaries);
    expect(features.map((f) => f.properties.LSOA21CD)).toEqual(
      lookup.map((r) => r.lsoa21cd),
    );
    expect(features.map((f) => f.properties.LSOA21NM)).toEqual(
      lookup.map((r) => r.lsoa21nm),
    );
    for (const name of Object.values(DEMO_FILE_NAMES).filter((n) =>
      n.endsWith(".geojson"),
    )) {
      for (const f of featuresOf(FULL, name)) {
        for (const rings of polygonsOf(f)) {
          rings.forEach((ring, i) => {
            expect(ring.length).toBeGreaterThanOrEqual(4);
            expect(ring[ring.length - 1]).toEqual(ring[0]);
            // RFC 7946: exterior rings counter-clockwise, holes clockwise.
            expect(Math.sign(signedArea(ring))).toBe(i === 0 ? 1 : -1);
            for (const [lon, lat] of ring) {
              expect(lon).toBeGreaterThan(ISLAND_BOUNDS.west);
              expect(lon).toBeLessThan(ISLAND_BOUNDS.east);
              expect(lat).toBeGreaterThan(ISLAND_BOUNDS.south);
              expect(lat).toBeLessThan(ISLAND_BOUNDS.north);
              expect(Math.round(lon * 1e4) / 1e4).toBe(lon);
              expect(Math.round(lat * 1e4) / 1e4).toBe(lat);
            }
          });
        }
      }
    }
  });

  it("tiles the island: no gaps or overlaps, and LADs and the ICB are unions of their LSOAs", () => {
    const lsoas = featuresOf(FULL, DEMO_FILE_NAMES.lsoaBoundaries);
    // With consistent winding, a tiling uses each directed edge once; shared edges appear both ways.
    const directed = new Set<string>();
    for (const f of lsoas) {
      for (const rings of polygonsOf(f)) {
        for (const ring of rings) {
          for (let i = 0; i + 1 < ring.length; i++) {
            const edge = `${ring[i]?.join()}>${ring[i + 1]?.join()}`;
            expect(directed.has(edge)).toBe(false);
            directed.add(edge);
          }
        }
      }
    }
    const lsoaArea = lsoas.reduce(
      (s, f) => s + polygonsOf(f).reduce((t, p) => t + polygonArea(p), 0),
      0,
    );
    const icb = featuresOf(FULL, DEMO_FILE_NAMES.icbBoundaries);
    expect(icb).toHaveLength(1);
    const icbArea = icb.reduce(
      (s, f) => s + polygonsOf(f).reduce((t, p) => t + polygonArea(p), 0),
      0,
    );
    expect(icbArea).toBeCloseTo(lsoaArea, 9);
    const icbEdges = icb.flatMap((f) =>
      polygonsOf(f).flatMap((p) =>
        p.flatMap((ring) =>
          ring
            .slice(0, -1)
            .map((pt, i) => `${pt.join()}>${ring[i + 1]?.join()}`),
        ),
      ),
    );
    for (const edge of icbEdges) {
      expect(directed.has(edge)).toBe(true);
      const [a, b] = edge.split(">");
      expect(directed.has(`${b}>${a}`)).toBe(false);
    }

    const lookup = csvOf(FULL, DEMO_FILE_NAMES.lsoaLookup).rows;
    const areaOfLsoa = new Map(
      lsoas.map((f) => [
        f.properties.LSOA21CD,
        polygonsOf(f).reduce((t, p) => t + polygonArea(p), 0),
      ]),
    );
    for (const lad of featuresOf(FULL, DEMO_FILE_NAMES.ladBoundaries)) {
      expect(lad.geometry.type).toBe("MultiPolygon");
      const expected = lookup
        .filter((r) => r.lad24cd === lad.properties.lad24cd)
        .reduce((s, r) => s + (areaOfLsoa.get(r.lsoa21cd) ?? 0), 0);
      expect(
        polygonsOf(lad).reduce((t, p) => t + polygonArea(p), 0),
      ).toBeCloseTo(expected, 9);
    }
  });

  it("keeps IMD deciles, ranks and scores consistent, with urban places more deprived", () => {
    const imd = csvOf(FULL, DEMO_FILE_NAMES.imd).rows;
    const domains = [
      "imd",
      "income",
      "employment",
      "education",
      "health",
      "crime",
      "housing_and_services",
      "environment",
    ];
    for (const d of domains) {
      const ranks = imd.map((r) => Number(r[`${d}_rank`]));
      expect(new Set(ranks).size).toBe(ranks.length);
      for (const r of imd) {
        const rank = Number(r[`${d}_rank`]);
        expect(Number.isInteger(rank) && rank >= 1 && rank <= 33755).toBe(true);
        expect(Number(r[`${d}_decile`])).toBe(Math.ceil(rank / 3375.5));
        expect(r[`${d}_score`]).toMatch(/^-?\d+(\.\d{1,3})?$/);
      }
      const byRank = [...imd].sort(
        (a, b) => Number(a[`${d}_rank`]) - Number(b[`${d}_rank`]),
      );
      for (let i = 1; i < byRank.length; i++) {
        expect(Number(byRank[i]?.[`${d}_score`])).toBeLessThanOrEqual(
          Number(byRank[i - 1]?.[`${d}_score`]),
        );
      }
    }
    const ladOf = new Map(
      csvOf(FULL, DEMO_FILE_NAMES.lsoaLookup).rows.map((r) => [
        r.lsoa21cd,
        r.lad24cd,
      ]),
    );
    const meanRank = (prefix: string) => {
      const ranks = imd
        .filter((r) => ladOf.get(r.lsoa21cd)?.startsWith(prefix))
        .map((r) => Number(r.imd_rank));
      return ranks.reduce((s, r) => s + r, 0) / ranks.length;
    };
    expect(meanRank("E06")).toBeLessThan(meanRank("E07") - 5000);
    const deciles = new Set(imd.map((r) => r.imd_decile));
    expect(deciles.size).toBe(10);
  });

  it("has age bands that add up, younger in the urban places and older in the county", () => {
    const census = csvOf(FULL, DEMO_FILE_NAMES.census).rows;
    const bands = [
      "age_0_15",
      "age_16_24",
      "age_25_34",
      "age_35_49",
      "age_50_64",
      "age_65_plus",
    ];
    for (const r of census) {
      expect(bands.reduce((s, b) => s + Number(r[b]), 0)).toBe(
        Number(r.all_ages),
      );
      expect(Number(r.all_ages)).toBeGreaterThan(800);
      expect(Number(r.all_ages)).toBeLessThan(4000);
    }
    const ladOf = new Map(
      csvOf(FULL, DEMO_FILE_NAMES.lsoaLookup).rows.map((r) => [
        r.lsoa21cd,
        r.lad24cd,
      ]),
    );
    const share65 = (prefix: string) => {
      const rows = census.filter((r) =>
        ladOf.get(r.lsoa21cd)?.startsWith(prefix),
      );
      return (
        rows.reduce((s, r) => s + Number(r.age_65_plus), 0) /
        rows.reduce((s, r) => s + Number(r.all_ages), 0)
      );
    };
    expect(share65("E06")).toBeLessThan(share65("E07"));
    const total = census.reduce((s, r) => s + Number(r.all_ages), 0);
    const overall65 =
      census.reduce((s, r) => s + Number(r.age_65_plus), 0) / total;
    expect(overall65).toBeGreaterThan(0.14);
    expect(overall65).toBeLessThan(0.24);
  });

  it("links practices to PCNs that exist, sited inside their LAD, with closures and a PCN move", () => {
    for (const options of [TINY, FULL]) {
      const practices = csvOf(options, DEMO_FILE_NAMES.practices).rows;
      const pcns = new Map(
        csvOf(options, DEMO_FILE_NAMES.pcns).rows.map((p) => [p.pcn_code, p]),
      );
      const memberships = csvOf(options, DEMO_FILE_NAMES.pcnMembership).rows;
      const active = practices.filter((p) => p.status_code === "A");
      const closed = practices.filter((p) => p.status_code === "C");
      expect(closed).toHaveLength(2);
      for (const p of closed) {
        expect(p.close_date).toMatch(/^\d{8}$/);
        expect(p.pcn_code).toBe("");
      }
      for (const p of practices) expect(p.prescribing_setting).toBe("4");
      for (const p of active) {
        const pcn = pcns.get(p.pcn_code);
        expect(pcn, p.practice_code).toBeDefined();
        expect(pcn?.pcn_name).toBe(p.pcn_name);
        expect(pcn?.sicbl_code_ods).toBe(p.commissioner_code);
        expect(p.postcode).toMatch(/^ZZ\d [0-9][A-Z]{2}$/);
        expect(p.lad_code_nhse).toMatch(/^E0[67]9\d{5}$/);
      }
      for (const code of pcns.keys())
        expect(active.some((p) => p.pcn_code === code)).toBe(true);
      for (const m of memberships) expect(pcns.has(m.pcn_code)).toBe(true);

      // Current memberships agree with epraccur; exactly one practice moved PCN.
      for (const p of active) {
        const current = memberships.filter(
          (m) => m.practice_code === p.practice_code && m.rel_end_date === "",
        );
        expect(current.map((m) => m.pcn_code)).toEqual([p.pcn_code]);
      }
      const movers = active.filter((p) =>
        memberships.some(
          (m) => m.practice_code === p.practice_code && m.rel_end_date !== "",
        ),
      );
      expect(movers).toHaveLength(1);
      const ended = memberships.find(
        (m) =>
          m.practice_code === movers[0]?.practice_code && m.rel_end_date !== "",
      );
      expect(ended?.pcn_code).not.toBe(movers[0]?.pcn_code);

      // Each active practice's location falls in an LSOA of its own LAD.
      const ladOf = new Map(
        csvOf(options, DEMO_FILE_NAMES.lsoaLookup).rows.map((r) => [
          r.lsoa21cd,
          r.lad24cd,
        ]),
      );
      const lsoas = featuresOf(options, DEMO_FILE_NAMES.lsoaBoundaries);
      for (const p of active) {
        const point: Position = [Number(p.longitude), Number(p.latitude)];
        const home = lsoas.filter((f) =>
          polygonsOf(f).some(
            (rings) => rings[0] !== undefined && inRing(point, rings[0]),
          ),
        );
        expect(home, p.practice_code).toHaveLength(1);
        expect(ladOf.get(String(home[0]?.properties.LSOA21CD))).toBe(
          p.lad_code_nhse,
        );
      }
    }
  });

  it("writes the files to a folder", async () => {
    const dir = await mkdtemp(join(tmpdir(), "openics-demo-"));
    try {
      const paths = await writeDemoIcs(dir, TINY);
      const expected = files(TINY);
      expect(paths).toEqual(expected.map((f) => join(dir, f.name)));
      for (const [i, path] of paths.entries()) {
        expect(await readFile(path, "utf8")).toBe(expected[i]?.contents);
      }
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
