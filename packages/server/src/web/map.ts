import {
  geoPath,
  geoTransverseMercator,
  type GeoPermissibleObjects,
  type GeoProjection,
} from "d3-geo";
import { escapeXml, formatNumber, svgRoot } from "./svg";

// Maps drawn on the server as SVG from GeoJSON boundaries (WGS84 lon/lat), so they show with
// JavaScript off and print. Every map is an image with a name; its numbers are also given as a
// table by the page (see figure.ts), because a colour is not an accessible way to give a number.

type Ring = readonly (readonly number[])[];
export interface PolygonGeometry {
  readonly type: "Polygon";
  readonly coordinates: readonly Ring[];
}
export interface MultiPolygonGeometry {
  readonly type: "MultiPolygon";
  readonly coordinates: readonly (readonly Ring[])[];
}
export type AreaGeometry = PolygonGeometry | MultiPolygonGeometry;

export interface MapFeature {
  readonly code: string;
  readonly name: string;
  readonly geometry: AreaGeometry;
}

export interface MapPoint {
  readonly code: string;
  readonly name: string;
  readonly longitude: number;
  readonly latitude: number;
}

export interface LegendItem {
  readonly label: string;
  readonly colour: string;
}

export interface ColourScale {
  /** What the colours mean, e.g. "IMD decile". */
  readonly title: string;
  colour(value: number | null | undefined): string;
  readonly legend: readonly LegendItem[];
}

/** Areas with no value: NHS grey 4. */
export const NO_DATA_COLOUR = "#d8dde0";
const NO_DATA_LEGEND: LegendItem = { label: "No data", colour: NO_DATA_COLOUR };

/**
 * Viridis in 10 steps: sequential, perceptually even, readable with the common colour-vision
 * deficiencies and in greyscale. Decile 1 (most deprived) is the darkest.
 */
export const IMD_DECILE_COLOURS = [
  "#440154",
  "#482878",
  "#3e4989",
  "#31688e",
  "#26828e",
  "#1f9e89",
  "#35b779",
  "#6ece58",
  "#b5de2b",
  "#fde725",
] as const;

export const decileLabel = (decile: number): string =>
  decile === 1
    ? "1 (most deprived 10%)"
    : decile === 10
      ? "10 (least deprived 10%)"
      : String(decile);

/** IMD deciles 1 (most deprived) … 10; a fractional mean decile takes the nearest decile's colour. */
export const imdDecileScale: ColourScale = {
  title: "Index of Multiple Deprivation decile",
  colour(value) {
    if (value === null || value === undefined || !Number.isFinite(value))
      return NO_DATA_COLOUR;
    const decile = Math.min(10, Math.max(1, Math.round(value)));
    return IMD_DECILE_COLOURS[decile - 1] ?? NO_DATA_COLOUR;
  },
  legend: IMD_DECILE_COLOURS.map((colour, i) => ({
    label: decileLabel(i + 1),
    colour,
  })),
};

/** ColorBrewer Blues (the darker five of seven): sequential, colour-blind safe, every class visible on white. */
export const BLUES_5 = [
  "#c6dbef",
  "#9ecae1",
  "#6baed6",
  "#3182bd",
  "#08519c",
] as const;

/** The smallest "nice" step (1, 2, 2.5 or 5 times a power of ten) at least `raw`. */
function niceStep(raw: number): number {
  const power = 10 ** Math.floor(Math.log10(raw));
  return (
    [1, 2, 2.5, 5, 10].map((m) => m * power).find((s) => s >= raw) ?? 10 * power
  );
}

/**
 * A scale of equal bins with round edges (e.g. 500,000 to 1,000,000), at most one per colour, for
 * counts such as population where the table gives the exact value and the colour the rough size.
 */
export function binnedScale(
  title: string,
  values: readonly number[],
  colours: readonly string[] = BLUES_5,
  format: (value: number) => string = (v) => formatNumber(v),
): ColourScale {
  const finite = values.filter((v) => Number.isFinite(v));
  if (finite.length === 0 || colours.length === 0) {
    return { title, colour: () => NO_DATA_COLOUR, legend: [NO_DATA_LEGEND] };
  }
  const min = Math.min(...finite);
  const max = Math.max(...finite);
  if (min === max) {
    // One value everywhere: one colour, named by that value rather than a range of no width.
    const only = colours[colours.length - 1] ?? NO_DATA_COLOUR;
    return {
      title,
      colour: (value) =>
        value === null || value === undefined || !Number.isFinite(value)
          ? NO_DATA_COLOUR
          : only,
      legend: [{ label: format(min), colour: only }],
    };
  }
  let step = niceStep(Math.max((max - min) / colours.length, Number.EPSILON));
  let start = Math.floor(min / step) * step;
  // Rounding the start down can need one bin more than there are colours: widen the step.
  while (Math.floor((max - start) / step) + 1 > colours.length) {
    step = niceStep(step * 1.01);
    start = Math.floor(min / step) * step;
  }
  const bins = Math.floor((max - start) / step) + 1;
  // Use the darkest colours when there are fewer bins than colours, so small maps keep contrast.
  const colourOf = (bin: number) =>
    colours[colours.length - bins + bin] ?? NO_DATA_COLOUR;
  const binOf = (v: number) =>
    Math.min(bins - 1, Math.max(0, Math.floor((v - start) / step)));
  return {
    title,
    colour(value) {
      if (value === null || value === undefined || !Number.isFinite(value))
        return NO_DATA_COLOUR;
      return colourOf(binOf(value));
    },
    legend: Array.from({ length: bins }, (_, bin) => ({
      label: `${format(start + bin * step)} to under ${format(start + (bin + 1) * step)}`,
      colour: colourOf(bin),
    })),
  };
}

const isPosition = (p: unknown): p is readonly number[] =>
  Array.isArray(p) &&
  p.length >= 2 &&
  p.every((n) => typeof n === "number" && Number.isFinite(n));
const isRing = (r: unknown): r is Ring =>
  Array.isArray(r) && r.length >= 4 && r.every(isPosition);
const isRings = (rs: unknown): rs is readonly Ring[] =>
  Array.isArray(rs) && rs.length > 0 && rs.every(isRing);

/** A stored geometry as a polygon or multipolygon, or null when it is neither. */
export function asAreaGeometry(geometry: unknown): AreaGeometry | null {
  if (typeof geometry !== "object" || geometry === null) return null;
  const g = geometry as { type?: unknown; coordinates?: unknown };
  if (g.type === "Polygon" && isRings(g.coordinates))
    return { type: "Polygon", coordinates: g.coordinates };
  if (
    g.type === "MultiPolygon" &&
    Array.isArray(g.coordinates) &&
    g.coordinates.length > 0 &&
    g.coordinates.every(isRings)
  ) {
    return {
      type: "MultiPolygon",
      coordinates: g.coordinates,
    };
  }
  return null;
}

/** Boundary rows from the database as map features; rows whose geometry is unusable are named in `invalid`. */
export function toMapFeatures(
  rows: readonly {
    readonly code: string;
    readonly name: string | null;
    readonly geometry: unknown;
  }[],
  names?: ReadonlyMap<string, string>,
): { features: MapFeature[]; invalid: string[] } {
  const features: MapFeature[] = [];
  const invalid: string[] = [];
  for (const row of rows) {
    const geometry = asAreaGeometry(row.geometry);
    if (geometry)
      features.push({
        code: row.code,
        name: names?.get(row.code) ?? row.name ?? row.code,
        geometry,
      });
    else invalid.push(row.code);
  }
  return { features, invalid };
}

/** Twice the signed planar area of a ring in lon/lat: positive when anticlockwise. */
function signedArea(ring: Ring): number {
  let sum = 0;
  for (let i = 0; i + 1 < ring.length; i++) {
    const a = ring[i];
    const b = ring[i + 1];
    if (a && b) sum += (a[0] ?? 0) * (b[1] ?? 0) - (b[0] ?? 0) * (a[1] ?? 0);
  }
  return sum;
}

const orient = (ring: Ring, clockwise: boolean): Ring =>
  signedArea(ring) < 0 === clockwise ? ring : [...ring].reverse();

/**
 * d3-geo works on the sphere and reads an anticlockwise outer ring as "everything but this area"
 * (the RFC 7946 order is the opposite), so outer rings are made clockwise and holes anticlockwise.
 */
function forD3(geometry: AreaGeometry): GeoPermissibleObjects {
  const polygon = (rings: readonly Ring[]) =>
    rings.map((ring, i) => orient(ring, i === 0));
  return (
    geometry.type === "Polygon"
      ? { type: "Polygon", coordinates: polygon(geometry.coordinates) }
      : { type: "MultiPolygon", coordinates: geometry.coordinates.map(polygon) }
  ) as GeoPermissibleObjects;
}

export interface OutlineLayer {
  /** What the outlines are, for the legend, e.g. "ICS boundary". */
  readonly label: string;
  readonly features: readonly MapFeature[];
}

export interface PointsLayer {
  /** What the points are, for the legend, e.g. "GP practice". */
  readonly label: string;
  readonly points: readonly MapPoint[];
}

export interface ChoroplethOptions {
  /** Unique on the page; names the SVG and its title. */
  readonly id: string;
  /** The map's accessible name. */
  readonly title: string;
  /** A sentence saying what the map shows; the SVG's description. */
  readonly description: string;
  readonly features: readonly MapFeature[];
  readonly values: ReadonlyMap<string, number | null>;
  readonly scale: ColourScale;
  readonly formatValue?: (value: number | null) => string;
  readonly outlines?: OutlineLayer;
  readonly points?: PointsLayer;
  /** The message when there is nothing to draw. */
  readonly emptyMessage?: string;
  /** The legend's words for areas without a value; "No data" unless said. */
  readonly noDataLabel?: string;
  readonly width?: number;
  readonly maxHeight?: number;
}

export type MapDrawing =
  | {
      readonly status: "drawn";
      /** SVG markup, every text in it escaped: safe to put in a page as it is. */
      readonly svg: string;
      readonly legend: readonly LegendItem[];
      readonly areas: number;
      readonly pointsDrawn: number;
      /** Points that fell outside the mapped areas' frame and were left off. */
      readonly pointsOutside: number;
    }
  | { readonly status: "empty"; readonly message: string };

const PADDING = 8;
const POINT_COLOUR = "#ffffff";
const LINE_COLOUR = "#212b32";

function projectionFor(
  features: readonly MapFeature[],
  width: number,
  maxHeight: number,
) {
  const collection = {
    type: "FeatureCollection",
    features: features.map((f) => ({
      type: "Feature",
      properties: {},
      geometry: forD3(f.geometry),
    })),
  } as GeoPermissibleObjects;
  const lons = features.flatMap((f) =>
    (f.geometry.type === "Polygon"
      ? [f.geometry.coordinates]
      : f.geometry.coordinates
    ).flatMap((rings) => (rings[0] ?? []).map((p) => p[0] ?? 0)),
  );
  // Centred transverse Mercator, as the British National Grid is: true shapes at this scale.
  const centre = (Math.min(...lons) + Math.max(...lons)) / 2;
  const projection: GeoProjection = geoTransverseMercator().rotate([
    -centre,
    0,
  ]);
  const inner = width - 2 * PADDING;
  projection.fitWidth(inner, collection);
  const [[, y0], [, y1]] = geoPath(projection).bounds(collection);
  const height = Math.round(
    Math.min(maxHeight, Math.max(120, y1 - y0)) + 2 * PADDING,
  );
  projection.fitExtent(
    [
      [PADDING, PADDING],
      [width - PADDING, height - PADDING],
    ],
    collection,
  );
  return { projection, height };
}

/**
 * A choropleth: each area filled by the colour of its value, with a `<title>` (name and value)
 * for pointer users, optional outlines on top and optional points (such as GP practices).
 */
export function choropleth(options: ChoroplethOptions): MapDrawing {
  const features = options.features;
  if (features.length === 0) {
    return {
      status: "empty",
      message: options.emptyMessage ?? "No boundaries loaded for this map.",
    };
  }
  const width = options.width ?? 640;
  const { projection, height } = projectionFor(
    features,
    width,
    options.maxHeight ?? 760,
  );
  const path = geoPath(projection).digits(1);
  const format =
    options.formatValue ??
    ((v: number | null) => (v === null ? "no data" : formatNumber(v)));
  const noData = features.some(
    (f) => (options.values.get(f.code) ?? null) === null,
  );

  const areas = features
    .map((f) => {
      const value = options.values.get(f.code) ?? null;
      const d = path(forD3(f.geometry)) ?? "";
      const shown = format(value);
      const title =
        shown === ""
          ? `${f.name} (${f.code})`
          : `${f.name} (${f.code}): ${shown}`;
      return `<path d="${d}" fill="${options.scale.colour(value)}" data-code="${escapeXml(f.code)}"><title>${escapeXml(title)}</title></path>`;
    })
    .join("");

  const outlines = options.outlines?.features.length
    ? `<g class="openics-map__outlines" fill="none" stroke="${LINE_COLOUR}" stroke-width="2" stroke-linejoin="round">` +
      options.outlines.features
        .map(
          (f) =>
            `<path d="${path(forD3(f.geometry)) ?? ""}"><title>${escapeXml(`${f.name} (${f.code})`)}</title></path>`,
        )
        .join("") +
      `</g>`
    : "";

  let pointsDrawn = 0;
  let pointsOutside = 0;
  const circles = (options.points?.points ?? [])
    .map((p) => {
      const xy = projection([p.longitude, p.latitude]);
      if (!xy || xy[0] < 0 || xy[0] > width || xy[1] < 0 || xy[1] > height) {
        pointsOutside++;
        return "";
      }
      pointsDrawn++;
      return `<circle cx="${xy[0].toFixed(1)}" cy="${xy[1].toFixed(1)}" r="3"><title>${escapeXml(`${p.name} (${p.code})`)}</title></circle>`;
    })
    .join("");
  const points = circles
    ? `<g class="openics-map__points" fill="${POINT_COLOUR}" stroke="${LINE_COLOUR}" stroke-width="1.2">${circles}</g>`
    : "";

  const legend: LegendItem[] = [...options.scale.legend];
  if (noData && !legend.some((l) => l.colour === NO_DATA_COLOUR)) {
    legend.push({
      label: options.noDataLabel ?? NO_DATA_LEGEND.label,
      colour: NO_DATA_COLOUR,
    });
  }

  const svg = svgRoot({
    id: options.id,
    className: "openics-map",
    width,
    height,
    title: options.title,
    description: options.description,
    body: `<g class="openics-map__areas" stroke="#ffffff" stroke-width="0.5" stroke-linejoin="round">${areas}</g>${outlines}${points}`,
  });
  return {
    status: "drawn",
    svg,
    legend,
    areas: features.length,
    pointsDrawn,
    pointsOutside,
  };
}

/** A single-colour map: every area the same fill, for when the map shows where, not how much. */
export function outlineMap(
  options: Omit<ChoroplethOptions, "values" | "scale" | "formatValue"> & {
    readonly fill?: string;
  },
): MapDrawing {
  const fill = options.fill ?? "#aed1e4";
  return choropleth({
    ...options,
    values: new Map(options.features.map((f) => [f.code, 1])),
    scale: { title: "", colour: () => fill, legend: [] },
    formatValue: () => "",
  });
}

/** Population-weighted mean of a value over small areas grouped by a key (e.g. IMD decile by district). */
export function weightedMeanBy<T>(
  rows: readonly T[],
  key: (row: T) => string | null,
  value: (row: T) => number | null,
  weight: (row: T) => number,
): Map<string, { mean: number | null; weight: number; count: number }> {
  const sums = new Map<
    string,
    { total: number; weight: number; count: number; weighted: number }
  >();
  for (const row of rows) {
    const k = key(row);
    if (k === null) continue;
    const s = sums.get(k) ?? { total: 0, weight: 0, count: 0, weighted: 0 };
    const v = value(row);
    const w = weight(row);
    s.count++;
    s.total += w;
    if (v !== null && Number.isFinite(v) && w > 0) {
      s.weighted += v * w;
      s.weight += w;
    }
    sums.set(k, s);
  }
  return new Map(
    [...sums].map(([k, s]) => [
      k,
      {
        mean: s.weight > 0 ? s.weighted / s.weight : null,
        weight: s.total,
        count: s.count,
      },
    ]),
  );
}
