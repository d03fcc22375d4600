// Synthetic spend files and contracts for the demo ICS: a financial year of monthly "spend over
// £25,000" files from the ICB in three different layouts (as real bodies change layout from month
// to month), a year of spend from each place's council, and a contracts register in which one service passes to a new owner. Deterministic:
// the same seed gives the same bytes. Every supplier name is marked synthetic.
import { SYSTEM_ACTOR, type Actor } from "@openics/core";
import type { Database } from "@openics/db";
import { buildDemoIcs, DEFAULT_SEED, DEMO_ICB } from "./build";
import { Rng } from "./prng";
import { synthetic } from "./names";

export interface DemoSpendFile {
  readonly name: string;
  readonly bytes: Uint8Array;
}

/** The financial year the demo files cover, April to March. */
export const DEMO_SPEND_YEAR = 2025;

interface Payee {
  readonly name: string;
  readonly expenseType: string;
  readonly area: string;
  /** Typical monthly payment, in pounds. */
  readonly monthly: number;
  /** Growth per month, as a fraction (independent-sector suppliers grow). */
  readonly growth: number;
}

function payees(seed: number): Payee[] {
  const demo = buildDemoIcs({ seed, scale: 0.05 });
  const out: Payee[] = demo.trusts.map((t, i) => ({
    name: t.name,
    expenseType: "Healthcare services - NHS trust contract",
    area:
      ["Acute commissioning", "Community commissioning", "Mental health"][
        i % 3
      ] ?? "Acute commissioning",
    monthly: 9_000_000 - i * 1_400_000,
    growth: 0,
  }));
  for (const p of demo.partners) {
    if (p.sector === "independent_sector_provider")
      out.push({
        name: p.name,
        expenseType: "Clinical and medical - independent sector",
        area: "Elective recovery",
        monthly: 420_000,
        growth: 0.035,
      });
    if (p.sector === "vcse")
      out.push({
        name: p.name,
        expenseType: "Voluntary sector grants",
        area: "Community commissioning",
        monthly: 60_000,
        growth: 0,
      });
    if (p.sector === "social_care_provider")
      out.push({
        name: p.name,
        expenseType: "Continuing healthcare - care packages",
        area: "Continuing healthcare",
        monthly: 180_000,
        growth: 0.01,
      });
  }
  out.push(
    {
      name: synthetic("Demo Vale County Council"),
      expenseType: "Better Care Fund - section 75",
      area: "Better Care Fund",
      monthly: 2_100_000,
      growth: 0,
    },
    {
      name: synthetic("Harbourmouth Office Supplies Ltd"),
      expenseType: "Office supplies",
      area: "Corporate",
      monthly: 32_000,
      growth: 0,
    },
    {
      name: synthetic("Brinemoor Clinical Staffing Limited"),
      expenseType: "Agency staff - clinical",
      area: "Corporate",
      monthly: 95_000,
      growth: 0.02,
    },
  );
  return out;
}

const MONTH_NAMES = [
  "Jan",
  "Feb",
  "Mar",
  "Apr",
  "May",
  "Jun",
  "Jul",
  "Aug",
  "Sep",
  "Oct",
  "Nov",
  "Dec",
];
const pad = (n: number, w = 2) => String(n).padStart(w, "0");

function grouped(pence: number): string {
  const abs = Math.abs(pence);
  const pounds = Math.floor(abs / 100)
    .toString()
    .replace(/\B(?=(\d{3})+(?!\d))/g, ",");
  return `${pounds}.${pad(abs % 100)}`;
}

const quote = (s: string) =>
  /[",]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s;

interface Payment {
  readonly day: number;
  readonly payee: Payee;
  readonly pence: number;
  readonly ref: string;
}

/** The three layouts, used in turn: 0 the HM Treasury one, 1 supplier first, 2 with a title. */
function render(
  layout: number,
  year: number,
  month: number,
  payments: readonly Payment[],
): string {
  const lines: string[] = [];
  if (layout === 0) {
    lines.push(
      "Department Family,Entity,Date,Expense Type,Expense Area,Supplier,Transaction Number,Amount",
    );
    for (const p of payments)
      lines.push(
        [
          "Department of Health and Social Care",
          DEMO_ICB.name,
          `${pad(p.day)}/${pad(month)}/${year}`,
          p.payee.expenseType,
          p.payee.area,
          p.payee.name,
          p.ref,
          `"${p.pence < 0 ? "-" : ""}${grouped(p.pence)}"`,
        ]
          .map((v, i) => (i === 7 ? v : quote(v)))
          .join(","),
      );
  } else if (layout === 1) {
    lines.push(
      "Supplier Name,Payment Date,Expense type,Cost Centre Name,Transaction Reference,Amount (£)",
    );
    for (const p of payments)
      lines.push(
        [
          quote(p.payee.name),
          `${pad(p.day)}-${MONTH_NAMES[month - 1] ?? ""}-${year}`,
          quote(p.payee.expenseType),
          quote(p.payee.area),
          p.ref,
          p.pence < 0 ? `"(£${grouped(p.pence)})"` : `"£${grouped(p.pence)}"`,
        ].join(","),
      );
  } else {
    lines.push(`${quote(DEMO_ICB.name)}: expenditure over £25,000,,,,,`);
    lines.push(`${MONTH_NAMES[month - 1] ?? ""} ${year},,,,,`);
    lines.push(",,,,,");
    lines.push(
      "Payee Name,Transaction Date,Expenditure Category,Service Area,Invoice Ref,Value",
    );
    for (const p of payments)
      lines.push(
        [
          quote(p.payee.name),
          `${year}-${pad(month)}-${pad(p.day)}`,
          quote(p.payee.expenseType),
          quote(p.payee.area),
          p.ref,
          p.pence < 0
            ? `${(Math.abs(p.pence) / 100).toFixed(2)} CR`
            : (p.pence / 100).toFixed(2),
        ].join(","),
      );
  }
  return `${lines.join("\r\n")}\r\n`;
}

/**
 * A year of monthly spend files for the demo ICB (April to March), named
 * `demo-vale-icb_<yyyy-mm>.csv`, in three layouts taken in turn.
 */
export function demoSpendFiles(
  options: { seed?: number } = {},
): DemoSpendFile[] {
  const seed = options.seed ?? DEFAULT_SEED;
  const rng = new Rng(seed).fork("spend");
  const list = payees(seed);
  const files: DemoSpendFile[] = [];
  let ref = 100000;
  for (let i = 0; i < 12; i++) {
    const month = ((3 + i) % 12) + 1;
    const year = month >= 4 ? DEMO_SPEND_YEAR : DEMO_SPEND_YEAR + 1;
    const payments: Payment[] = [];
    for (const payee of list) {
      const scale = (1 + payee.growth) ** i * (0.85 + 0.3 * rng.float());
      const pence = Math.round(payee.monthly * scale * 100);
      if (pence < 2_500_000) continue;
      payments.push({
        day: 1 + Math.floor(rng.float() * 27),
        payee,
        pence,
        ref: `QZ9-${ref++}`,
      });
      // Now and then a payment is reversed in part.
      if (rng.float() < 0.08)
        payments.push({
          day: 28,
          payee,
          pence: -Math.round(pence * 0.1),
          ref: `QZ9-${ref++}`,
        });
    }
    payments.sort((a, b) => a.day - b.day || a.ref.localeCompare(b.ref));
    files.push({
      name: `demo-vale-icb_${year}-${pad(month)}.csv`,
      bytes: new TextEncoder().encode(render(i % 3, year, month, payments)),
    });
  }
  return files;
}

export interface DemoCouncilSpendFile extends DemoSpendFile {
  /** The publishing council's code: its place's upper-tier code. */
  readonly body: string;
}

/**
 * A year (April to March) of spend from each place's upper-tier council, one file each, in the HM
 * Treasury layout: adult social care placements with care providers (some independent-sector),
 * a voluntary-sector grant, and for the larger places an independent-sector diagnostic contract.
 * Their spend belongs to the council's place.
 */
export function demoCouncilSpendFiles(
  options: { seed?: number } = {},
): DemoCouncilSpendFile[] {
  const seed = options.seed ?? DEFAULT_SEED;
  const rng = new Rng(seed).fork("council-spend");
  const demo = buildDemoIcs({ seed, scale: 0.05 });
  const bySector = (sector: string) =>
    demo.partners.filter((p) => p.sector === sector);
  const care = bySector("social_care_provider");
  const independent = bySector("independent_sector_provider");
  const vcse = bySector("vcse");
  return demo.utlas.flatMap((utla, u) => {
    const base = utla.name.replace(/ \(synthetic\)$/, "");
    const council = demo.partners.find(
      (p) => p.sector === "local_authority" && p.name.startsWith(base),
    );
    if (!council) return [];
    const size = utla.gss.startsWith("E10") ? 2.5 : 1;
    const payees: Payee[] = [
      ...care.map((p, i) => ({
        name: p.name,
        expenseType: "Adult social care - residential and home care",
        area: "Adult social care",
        monthly: (140_000 + 40_000 * ((i + u) % 3)) * size,
        growth: 0,
      })),
      ...independent
        .slice(u % 2, (u % 2) + 1 + (size > 1 ? 1 : 0))
        .map((p) => ({
          name: p.name,
          expenseType: "Public health - independent sector contract",
          area: "Public health",
          monthly: 90_000 * size,
          growth: 0,
        })),
      ...vcse.slice(u % vcse.length, (u % vcse.length) + 1).map((p) => ({
        name: p.name,
        expenseType: "Voluntary sector grants",
        area: "Communities",
        monthly: 40_000,
        growth: 0,
      })),
    ];
    let ref = 500000 + u * 1000;
    const lines = [
      "Department Family,Entity,Date,Expense Type,Expense Area,Supplier,Transaction Number,Amount",
    ];
    for (let i = 0; i < 12; i++) {
      const month = ((3 + i) % 12) + 1;
      const year = month >= 4 ? DEMO_SPEND_YEAR : DEMO_SPEND_YEAR + 1;
      for (const payee of payees) {
        const pence = Math.round(
          payee.monthly * (0.9 + 0.2 * rng.float()) * 100,
        );
        lines.push(
          [
            "Local government",
            council.name,
            `${pad(1 + Math.floor(rng.float() * 27))}/${pad(month)}/${year}`,
            payee.expenseType,
            payee.area,
            payee.name,
            `${utla.gss}-${ref++}`,
            `"${grouped(pence)}"`,
          ]
            .map((v, i) => (i === 7 ? v : quote(v)))
            .join(","),
        );
      }
    }
    return [
      {
        name: `${base.toLowerCase().replaceAll(" ", "-")}-council_${DEMO_SPEND_YEAR}-${pad((DEMO_SPEND_YEAR + 1) % 100)}.csv`,
        body: utla.gss,
        bytes: new TextEncoder().encode(`${lines.join("\r\n")}\r\n`),
      },
    ];
  });
}

/** The demo ICS's contracts register (as the contract form takes it). */
export function demoContracts(): Record<string, unknown>[] {
  const n = synthetic;
  return [
    {
      reference: "QZ9-DIAG-2022",
      title: "Community diagnostic centre",
      service: "Diagnostics",
      provider: n("Saltby Diagnostics Centre"),
      provider_sector: "independent_sector",
      parent_owner: "Synthetic Imaging Group Ltd",
      route: "competitive_process",
      value_pence: 840_000_000,
      start_date: "2022-04-01",
      end_date: "2025-03-31",
      intention_notice_date: "2022-01-14",
      standstill_end_date: "2022-01-26",
      award_notice_url:
        "https://www.find-tender.service.gov.uk/Notice/000000-2022",
    },
    {
      reference: "QZ9-DIAG-2025",
      title: "Community diagnostic centre",
      service: "Diagnostics",
      provider: n("Seagate Independent Hospital"),
      provider_sector: "independent_sector",
      parent_owner: "Synthetic Health Holdings plc",
      route: "most_suitable_provider",
      value_pence: 1_020_000_000,
      start_date: "2025-04-01",
      end_date: "2028-03-31",
      intention_notice_date: "2025-01-10",
      standstill_end_date: "2025-01-22",
      intention_notice_url:
        "https://www.find-tender.service.gov.uk/Notice/000001-2025",
      previous_reference: "QZ9-DIAG-2022",
      subcontractors: [n("Vale Eye Clinic")],
    },
    {
      reference: "QZ9-ACUTE-2025",
      title: "Acute hospital services",
      service: "Acute care",
      provider: n("DEMO VALE HOSPITALS NHS FOUNDATION TRUST"),
      provider_sector: "nhs",
      route: "direct_award_a",
      value_pence: 10_800_000_000,
      start_date: "2025-04-01",
      end_date: "2026-03-31",
    },
    {
      reference: "QZ9-MH-2024",
      title: "Mental health crisis café",
      service: "Mental health",
      provider: n("Tideline Mental Health Charity"),
      provider_sector: "vcse",
      route: "direct_award_c",
      value_pence: 45_000_000,
      start_date: "2024-10-01",
      end_date: "2027-09-30",
      intention_notice_date: "2024-07-01",
      standstill_end_date: "2024-07-11",
      subcontractors: [n("Island Carers Network")],
    },
  ];
}

/**
 * Loads the demo ICS's spend files and contracts through the real importers. The demo ICS's
 * geography must be loaded first (the ICB must exist).
 */
export async function loadDemoSpend(
  db: Database,
  options: { seed?: number; actor?: Actor } = {},
): Promise<{ files: number; lines: number; contracts: number }> {
  const { spendImporter, spendService } = await import("@openics/server");
  const actor = options.actor ?? SYSTEM_ACTOR;
  const files = demoSpendFiles(options);
  const imported = await spendImporter.importSpend(db, actor, [
    ...files.map((f) => ({
      path: f.name,
      bytes: Buffer.from(f.bytes),
      body: DEMO_ICB.ods,
      ics: DEMO_ICB.ods,
    })),
    // The councils' files: each belongs to its council's place.
    ...demoCouncilSpendFiles(options).map((f) => ({
      path: f.name,
      bytes: Buffer.from(f.bytes),
      body: f.body,
      ics: DEMO_ICB.ods,
    })),
  ]);
  if (!imported.ok) throw new Error(imported.message);
  let contracts = 0;
  for (const c of demoContracts()) {
    const r = await spendService.recordContract(db, actor, DEMO_ICB.ods, c);
    if (!r.ok) throw new Error(`${String(c.reference)}: ${r.error.message}`);
    contracts++;
  }
  return {
    files: imported.files.length,
    lines: imported.files.reduce((n, f) => n + f.rows, 0),
    contracts,
  };
}
