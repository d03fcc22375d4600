import { describe, expect, it } from "vitest";
import {
  asAreaGeometry,
  binnedScale,
  choropleth,
  IMD_DECILE_COLOURS,
  imdDecileScale,
  NO_DATA_COLOUR,
  toMapFeatures,
  weightedMeanBy,
  type MapFeature,
} from "./map";

// Two squares near the demo island: one Polygon, one MultiPolygon of two parts, wound both ways.
const square = (lon: number, lat: number, size = 0.1, anticlockwise = true) => {
  const ring = [
    [lon, lat],
    [lon + size, lat],
    [lon + size, lat + size],
    [lon, lat + size],
    [lon, lat],
  ];
  return anticlockwise ? ring : [...ring].reverse();
};

const polygon: MapFeature = {
  code: "E01000001",
  name: "Harbour 001A",
  geometry: { type: "Polygon", coordinates: [square(3.0, 54.0)] },
};
const multipolygon: MapFeature = {
  code: "E01000002",
  name: "Islands <001B> & Co",
  geometry: {
    type: "MultiPolygon",
    coordinates: [[square(3.2, 54.0, 0.1, false)], [square(3.4, 54.05, 0.05)]],
  },
};

const paths = (svg: string) => [
  ...svg.matchAll(/<path d="([^"]*)"[^>]*>(.*?)<\/path>/g),
];

function draw(
  features: readonly MapFeature[],
  values = new Map<string, number | null>([
    ["E01000001", 1],
    ["E01000002", 10],
  ]),
) {
  return choropleth({
    id: "test-map",
    title: "Test map",
    description: "Two areas.",
    features,
    values,
    scale: imdDecileScale,
  });
}

describe("choropleth", () => {
  it("draws a closed path for a Polygon and for each part of a MultiPolygon", () => {
    const drawing = draw([polygon, multipolygon]);
    expect(drawing.status).toBe("drawn");
    if (drawing.status !== "drawn") return;
    const drawn = paths(drawing.svg);
    expect(drawn).toHaveLength(2);
    const [one, two] = drawn.map((m) => m[1] ?? "");
    expect(one).toMatch(/^M[\d.,-]+(L[\d.,-]+)+Z$/);
    // Two rings: two move-to commands, two closes.
    expect(two?.match(/M/g)).toHaveLength(2);
    expect(two?.match(/Z/g)).toHaveLength(2);
  });

  it("draws each area at its own size whatever its winding order (d3 reads a wrong winding as the rest of the globe)", () => {
    const drawing = draw([polygon, multipolygon]);
    if (drawing.status !== "drawn") throw new Error("not drawn");
    const width = Number(/viewBox="0 0 (\d+)/.exec(drawing.svg)?.[1]);
    const spans = paths(drawing.svg).map((m) => {
      const xs = (m[1] ?? "")
        .split(/[MLZ]/)
        .filter(Boolean)
        .map((pair) => Number(pair.split(",")[0]));
      return (Math.max(...xs) - Math.min(...xs)) / width;
    });
    // The areas span 0.1° and 0.25° of a 0.5°-wide frame.
    expect(spans[0]).toBeGreaterThan(0.1);
    expect(spans[0]).toBeLessThan(0.35);
    expect(spans[1]).toBeGreaterThan(0.35);
    expect(spans[1]).toBeLessThan(0.65);
  });

  it("gives every path a title with the area's name, code and value, escaped", () => {
    const drawing = draw([polygon, multipolygon]);
    if (drawing.status !== "drawn") throw new Error("not drawn");
    const titles = paths(drawing.svg).map((m) => m[2] ?? "");
    expect(titles).toEqual([
      "<title>Harbour 001A (E01000001): 1</title>",
      "<title>Islands &lt;001B&gt; &amp; Co (E01000002): 10</title>",
    ]);
  });

  it("is an image with an accessible name and description", () => {
    const drawing = draw([polygon]);
    if (drawing.status !== "drawn") throw new Error("not drawn");
    expect(drawing.svg).toMatch(
      /^<svg [^>]*role="img"[^>]*aria-labelledby="test-map-title"[^>]*aria-describedby="test-map-desc"/,
    );
    expect(drawing.svg).toContain(
      '<title id="test-map-title">Test map</title>',
    );
    expect(drawing.svg).toContain('<desc id="test-map-desc">Two areas.</desc>');
  });

  it("fills areas by their decile, darkest for the most deprived, and grey with no value", () => {
    const drawing = draw([polygon, multipolygon], new Map([["E01000001", 1]]));
    if (drawing.status !== "drawn") throw new Error("not drawn");
    const fills = [
      ...drawing.svg.matchAll(/<path d="[^"]*" fill="([^"]+)"/g),
    ].map((m) => m[1]);
    expect(fills).toEqual([IMD_DECILE_COLOURS[0], NO_DATA_COLOUR]);
    expect(drawing.legend.at(-1)).toEqual({
      label: "No data",
      colour: NO_DATA_COLOUR,
    });
  });

  it("gives a clear 'no boundaries loaded' result for an empty feature list", () => {
    expect(draw([])).toEqual({
      status: "empty",
      message: "No boundaries loaded for this map.",
    });
    const custom = choropleth({
      id: "m",
      title: "t",
      description: "d",
      features: [],
      values: new Map(),
      scale: imdDecileScale,
      emptyMessage: "No LSOA boundaries loaded: run openics import geography.",
    });
    expect(custom).toEqual({
      status: "empty",
      message: "No LSOA boundaries loaded: run openics import geography.",
    });
  });

  it("draws points inside the frame as circles with titles, and counts those outside", () => {
    const drawing = choropleth({
      id: "p",
      title: "t",
      description: "d",
      features: [polygon],
      values: new Map(),
      scale: imdDecileScale,
      points: {
        label: "GP practice",
        points: [
          {
            code: "Z90001",
            name: "Harbour Surgery",
            longitude: 3.05,
            latitude: 54.05,
          },
          {
            code: "A81001",
            name: "Far Away Surgery",
            longitude: -1.3,
            latitude: 54.5,
          },
        ],
      },
      outlines: { label: "ICS boundary", features: [polygon] },
    });
    if (drawing.status !== "drawn") throw new Error("not drawn");
    expect(drawing.pointsDrawn).toBe(1);
    expect(drawing.pointsOutside).toBe(1);
    expect(drawing.svg).toMatch(
      /<circle [^>]*><title>Harbour Surgery \(Z90001\)<\/title><\/circle>/,
    );
    expect(drawing.svg).toContain('class="openics-map__outlines"');
  });
});

describe("imdDecileScale", () => {
  it("has a legend of the 10 deciles, 1 most deprived to 10 least, each its own colour", () => {
    expect(imdDecileScale.legend).toHaveLength(10);
    expect(imdDecileScale.legend[0]?.label).toBe("1 (most deprived 10%)");
    expect(imdDecileScale.legend[9]?.label).toBe("10 (least deprived 10%)");
    expect(imdDecileScale.legend.map((l) => l.label).slice(1, 9)).toEqual([
      "2",
      "3",
      "4",
      "5",
      "6",
      "7",
      "8",
      "9",
    ]);
    expect(new Set(imdDecileScale.legend.map((l) => l.colour)).size).toBe(10);
  });

  it("colours a fractional mean decile as the nearest decile", () => {
    expect(imdDecileScale.colour(4.4)).toBe(IMD_DECILE_COLOURS[3]);
    expect(imdDecileScale.colour(4.6)).toBe(IMD_DECILE_COLOURS[4]);
    expect(imdDecileScale.colour(null)).toBe(NO_DATA_COLOUR);
  });
});

describe("binnedScale", () => {
  it("uses round bin edges, no more bins than colours, and puts every value in a bin", () => {
    const values = [509_145, 1_000_615, 1_500_000, 2_966_493];
    const scale = binnedScale("Population", values);
    expect(scale.legend.length).toBeLessThanOrEqual(5);
    expect(scale.legend[0]?.label).toBe("500,000 to under 1,000,000");
    for (const v of values)
      expect(scale.legend.map((l) => l.colour)).toContain(scale.colour(v));
  });

  it("copes with one value", () => {
    const scale = binnedScale("Population", [1234, 1234]);
    expect(scale.legend).toEqual([
      { label: "1,234", colour: scale.colour(1234) },
    ]);
    expect(scale.colour(1234)).not.toBe(NO_DATA_COLOUR);
    expect(scale.colour(null)).toBe(NO_DATA_COLOUR);
  });
});

describe("toMapFeatures", () => {
  it("keeps polygons and multipolygons and names the rows it cannot draw", () => {
    const { features, invalid } = toMapFeatures([
      { code: "A", name: "Alpha", geometry: polygon.geometry },
      { code: "B", name: null, geometry: multipolygon.geometry },
      {
        code: "C",
        name: "Point",
        geometry: { type: "Point", coordinates: [0, 0] },
      },
      {
        code: "D",
        name: "Broken",
        geometry: { type: "Polygon", coordinates: [[[0, 0]]] },
      },
    ]);
    expect(features.map((f) => [f.code, f.name])).toEqual([
      ["A", "Alpha"],
      ["B", "B"],
    ]);
    expect(invalid).toEqual(["C", "D"]);
    expect(asAreaGeometry("not a geometry")).toBeNull();
  });
});

describe("weightedMeanBy", () => {
  it("is the population-weighted mean, ignoring rows without a value", () => {
    const rows = [
      { lad: "X", decile: 1, population: 3000 },
      { lad: "X", decile: 10, population: 1000 },
      { lad: "X", decile: null, population: 500 },
      { lad: "Y", decile: null, population: 100 },
    ];
    const means = weightedMeanBy(
      rows,
      (r) => r.lad,
      (r) => r.decile,
      (r) => r.population,
    );
    expect(means.get("X")).toEqual({ mean: 3.25, weight: 4500, count: 3 });
    expect(means.get("Y")).toEqual({ mean: null, weight: 100, count: 1 });
  });
});
