import { describe, expect, it } from "vitest";
import { sankeyChart, sankeyLayout, type SankeyEdge } from "./sankey";

const n = (code: string, column: number) => ({ code, name: code, column });
const EDGES: SankeyEdge[] = [
  { from: n("NHSE", 0), to: n("ICB", 1), value: 100 },
  { from: n("ICB", 1), to: n("P1", 2), value: 60 },
  { from: n("ICB", 1), to: n("P2", 2), value: 40 },
  { from: n("P1", 2), to: n("T1", 3), value: 60 },
  { from: n("P2", 2), to: n("T1", 3), value: 40 },
];

describe("Sankey layout", () => {
  it("makes each node as tall as the money through it, on one scale", () => {
    const layout = sankeyLayout(EDGES, 760, 400);
    const height = (code: string) =>
      layout.nodes.find((x) => x.code === code)?.height ?? 0;
    expect(height("NHSE")).toBeCloseTo(height("ICB"));
    expect(height("P1") / height("P2")).toBeCloseTo(60 / 40);
  });

  it("lays out the same edges the same way whatever their order", () => {
    expect(sankeyLayout([...EDGES].reverse(), 760, 400)).toEqual(
      sankeyLayout(EDGES, 760, 400),
    );
  });

  it("says so when there is no money to draw", () => {
    expect(
      sankeyChart({ id: "s", title: "t", description: "d", edges: [] }),
    ).toMatchObject({ status: "empty" });
  });

  it("draws an accessible image with one band per edge", () => {
    const drawing = sankeyChart({
      id: "s",
      title: "Money flow",
      description: "d",
      edges: EDGES,
    });
    expect(drawing.status === "drawn" && drawing.svg).toMatch(/role="img"/);
    expect(drawing.status === "drawn" && drawing.bars).toBe(5);
  });
});
