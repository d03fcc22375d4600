// Fictional, coastal-sounding names. Every published name gets the " (synthetic)" label.
import type { Rng } from "./prng";

export const SYNTHETIC = " (synthetic)";

export function synthetic(name: string): string {
  return `${name}${SYNTHETIC}`;
}

const PREFIXES = [
  "Salt",
  "Dune",
  "Gull",
  "Heron",
  "Tide",
  "Amber",
  "Kelp",
  "Marram",
  "Seal",
  "Pebble",
  "Sand",
  "Fern",
  "Willow",
  "Alder",
  "Birch",
  "Rowan",
  "Osprey",
  "Curlew",
  "Plover",
  "Samphire",
  "Shingle",
  "Wrack",
  "Tern",
  "Brine",
  "Mist",
  "Lark",
  "Hazel",
  "Oyster",
  "Cockle",
  "Reed",
];
const SUFFIXES = [
  "gate",
  "field",
  "wick",
  "by",
  "thorpe",
  "moor",
  "holme",
  "stead",
  "ford",
  "haven",
  "cliff",
  "brook",
  "ham",
  "ley",
  "mouth",
  "wold",
];

/** Hands out distinct place-like names in a seeded order; numbered once the list runs out. */
export class NameStems {
  private readonly stems: string[];
  private used = 0;

  constructor(rng: Rng) {
    this.stems = rng.shuffle(
      PREFIXES.flatMap((p) => SUFFIXES.map((s) => `${p}${s}`)),
    );
  }

  next(): string {
    const i = this.used++;
    const stem = this.stems[i % this.stems.length] ?? "Demo";
    const round = Math.floor(i / this.stems.length);
    return round === 0 ? stem : `${stem} ${round + 1}`;
  }
}

export const STREETS = [
  "HIGH STREET",
  "QUAY STREET",
  "STATION ROAD",
  "CHURCH LANE",
  "HARBOUR ROAD",
  "DUNE ROAD",
  "MARKET PLACE",
  "SEA VIEW ROAD",
  "MILL LANE",
  "NORTH PARADE",
  "LIGHTHOUSE ROAD",
  "WOLD ROAD",
  "FEN LANE",
  "SCHOOL ROAD",
  "VICTORIA ROAD",
  "PARK AVENUE",
] as const;

export const PRACTICE_FORMS = [
  (s: string) => `${s} MEDICAL CENTRE`,
  (s: string) => `${s} SURGERY`,
  (s: string) => `THE ${s} PRACTICE`,
  (s: string) => `${s} HEALTH CENTRE`,
  (s: string) => `${s} FAMILY PRACTICE`,
  (s: string) => `${s} GROUP PRACTICE`,
] as const;

/** A, B, …, Z, AA, AB, …: LSOA name suffixes within an MSOA. */
export function letters(index: number): string {
  let n = index;
  let out = "";
  do {
    out = String.fromCharCode(65 + (n % 26)) + out;
    n = Math.floor(n / 26) - 1;
  } while (n >= 0);
  return out;
}

/** 8-point compass direction of (dx, dy), for PCN names such as "PORT DEMO NORTH EAST PCN". */
export function compass(dx: number, dy: number): string {
  const names = [
    "EAST",
    "NORTH EAST",
    "NORTH",
    "NORTH WEST",
    "WEST",
    "SOUTH WEST",
    "SOUTH",
    "SOUTH EAST",
  ];
  const sector = Math.round(Math.atan2(dy, dx) / (Math.PI / 4));
  return names[(sector + 8) % 8] ?? "CENTRAL";
}
