import { fail, finance, ok, type Actor, type Result } from "@openics/core";
import {
  appendAudit,
  spendRepository as repo,
  structureRepository,
  type Database,
} from "@openics/db";

// Use cases of spend and contracts: the independent-sector share of an ICS's spend over time,
// by service and by parent owner; and the ICS's contracts register.

export type SpendError = {
  readonly code: "unknown_ics" | "invalid_request" | "forbidden";
  readonly message: string;
};

const today = () => new Date().toISOString().slice(0, 10);

export interface MonthShare {
  readonly month: string;
  readonly total_pence: number;
  readonly independent_pence: number;
  /** Independent-sector share of the month's net spend; null when the month's net is not above zero. */
  readonly independent_share: number | null;
}

export interface SupplierSpend {
  readonly supplier: string;
  readonly sector: finance.SupplierSector;
  readonly parent_owner: string;
  readonly basis: finance.ClassificationBasis;
  readonly reason: string;
  readonly total_pence: number;
}

export interface OwnerSpend {
  readonly parent_owner: string;
  readonly sector: finance.SupplierSector;
  readonly suppliers: number;
  readonly total_pence: number;
}

export interface ServiceShare {
  readonly service: string;
  readonly total_pence: number;
  readonly independent_pence: number;
  readonly independent_share: number | null;
}

/** Spend and its independent-sector share in one place, or ICS-wide and not attributed. */
export interface PlaceShare {
  /** The place's upper-tier code; null for spend not attributed to any place. */
  readonly place_code: string | null;
  readonly place_name: string;
  readonly total_pence: number;
  readonly independent_pence: number;
  readonly independent_share: number | null;
  /** Pence attributed by each rule (see finance.SPEND_PLACE_BASES). */
  readonly local_authority_pence: number;
  readonly mapping_pence: number;
  /** The independent-sector owners paid most in the place, largest first. */
  readonly top_independent_owners: string;
}

export interface SpendAnalysis {
  readonly ics_code: string;
  readonly ics_name: string;
  readonly files: number;
  readonly months: readonly MonthShare[];
  readonly sectors: readonly {
    sector: finance.SupplierSector;
    total_pence: number;
  }[];
  readonly services: readonly ServiceShare[];
  readonly suppliers: readonly SupplierSpend[];
  readonly owners: readonly OwnerSpend[];
  /** Every place of the ICS, then ICS-wide / not attributed, so nothing is left out. */
  readonly places: readonly PlaceShare[];
}

const share = (part: number, whole: number) =>
  whole > 0 ? part / whole : null;

async function findIcs(db: Database, code: string) {
  return structureRepository.icbAt(db, code, today());
}

type Icb = NonNullable<Awaited<ReturnType<typeof findIcs>>>;

/** The ICS in effect today, or the error that names the code nobody has. */
async function icsToday(
  db: Database,
  icsCode: string,
): Promise<Result<Icb, SpendError>> {
  const icb = await findIcs(db, icsCode);
  return icb
    ? ok(icb)
    : fail({
        code: "unknown_ics",
        message: `No ICS has the code ${icsCode} today.`,
      });
}

/** The ICS, for an officer of it who may change its spend records (`what` they would do). */
async function icsForOfficer(
  db: Database,
  actor: Actor,
  icsCode: string,
  what: string,
): Promise<Result<Icb, SpendError>> {
  const found = await icsToday(db, icsCode);
  if (!found.ok) return found;
  return finance.spend.canImportSpend(actor, found.value.ods_code)
    ? found
    : fail({
        code: "forbidden",
        message: `Only an officer of ${found.value.name} can ${what}.`,
      });
}

/** The independent-sector share of an ICS's spend, by month, service, supplier and owner. */
export async function spendAnalysis(
  db: Database,
  icsCode: string,
): Promise<Result<SpendAnalysis, SpendError>> {
  const found = await icsToday(db, icsCode);
  if (!found.ok) return found;
  const icb = found.value;
  const code = icb.ods_code;
  const [rows, partners, overrides, files, places, mappings] =
    await Promise.all([
      repo.monthlySpendBySupplier(db, code),
      structureRepository.partnersAt(db, today(), code),
      repo.listOverrides(db, code),
      repo.listFiles(db, code),
      structureRepository.placesAt(db, today(), code),
      repo.listPlaceMappings(db, code),
    ]);
  const districts = await Promise.all(
    places.map((p) =>
      structureRepository.districtsAt(db, today(), code, p.utla_gss),
    ),
  );
  const attribute = finance.spendPlaceAttributor(
    places.map((p, i) => ({
      code: p.utla_gss,
      districts: (districts[i] ?? []).map((d) => d.lad_gss),
    })),
    mappings,
  );
  const byPlace = new Map<
    string | null,
    {
      total: number;
      independent: number;
      la: number;
      mapped: number;
      owners: Map<string, number>;
    }
  >(
    [...places.map((p) => p.utla_gss), null].map((k) => [
      k,
      { total: 0, independent: 0, la: 0, mapped: 0, owners: new Map() },
    ]),
  );
  const known = { partners, overrides };
  const cache = new Map<string, finance.SupplierClassification>();
  const classify = (supplier: string, expenseType: string | null) => {
    const key = `${supplier}\u0000${expenseType ?? ""}`;
    let c = cache.get(key);
    if (!c) {
      c = finance.classifySupplier(supplier, known, expenseType);
      cache.set(key, c);
    }
    return c;
  };
  const months = new Map<string, { total: number; independent: number }>();
  const sectors = new Map<finance.SupplierSector, number>();
  const services = new Map<string, { total: number; independent: number }>();
  const suppliers = new Map<string, SupplierSpend>();
  const owners = new Map<
    string,
    { sector: finance.SupplierSector; suppliers: Set<string>; total: number }
  >();
  for (const r of rows) {
    const c = classify(r.supplier, r.expense_type);
    const independent = c.sector === "independent_sector" ? r.amount_pence : 0;
    const m = months.get(r.month) ?? { total: 0, independent: 0 };
    m.total += r.amount_pence;
    m.independent += independent;
    months.set(r.month, m);
    sectors.set(c.sector, (sectors.get(c.sector) ?? 0) + r.amount_pence);
    const where = attribute(r);
    const place = byPlace.get(where.place_code) ?? byPlace.get(null);
    if (place) {
      place.total += r.amount_pence;
      place.independent += independent;
      if (where.basis === "local_authority") place.la += r.amount_pence;
      if (where.basis === "mapping") place.mapped += r.amount_pence;
      if (independent !== 0)
        place.owners.set(
          c.parent_owner,
          (place.owners.get(c.parent_owner) ?? 0) + independent,
        );
    }
    const service = r.expense_type ?? "Not given";
    const s = services.get(service) ?? { total: 0, independent: 0 };
    s.total += r.amount_pence;
    s.independent += independent;
    services.set(service, s);
    const key = finance.supplierMatchKey(r.supplier);
    const before = suppliers.get(key);
    suppliers.set(key, {
      supplier: before?.supplier ?? r.supplier.trim(),
      sector: before?.sector ?? c.sector,
      parent_owner: before?.parent_owner ?? c.parent_owner,
      basis: before?.basis ?? c.basis,
      reason: before?.reason ?? c.reason,
      total_pence: (before?.total_pence ?? 0) + r.amount_pence,
    });
  }
  for (const [key, s] of suppliers) {
    const o = owners.get(s.parent_owner) ?? {
      sector: s.sector,
      suppliers: new Set<string>(),
      total: 0,
    };
    o.suppliers.add(key);
    o.total += s.total_pence;
    owners.set(s.parent_owner, o);
  }
  const byTotal = <T extends { total_pence: number }>(a: T, b: T) =>
    b.total_pence - a.total_pence;
  return ok({
    ics_code: code,
    ics_name: icb.name,
    files: files.length,
    months: [...months]
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([month, m]) => ({
        month,
        total_pence: m.total,
        independent_pence: m.independent,
        independent_share: share(m.independent, m.total),
      })),
    sectors: finance.SUPPLIER_SECTORS.map((sector) => ({
      sector,
      total_pence: sectors.get(sector) ?? 0,
    })),
    services: [...services]
      .map(([service, s]) => ({
        service,
        total_pence: s.total,
        independent_pence: s.independent,
        independent_share: share(s.independent, s.total),
      }))
      .sort(byTotal),
    suppliers: [...suppliers.values()].sort(byTotal),
    owners: [...owners]
      .map(([parent_owner, o]) => ({
        parent_owner,
        sector: o.sector,
        suppliers: o.suppliers.size,
        total_pence: o.total,
      }))
      .sort(byTotal),
    places: [...byPlace].map(([placeCode, p]) => ({
      place_code: placeCode,
      place_name:
        placeCode === null
          ? finance.SPEND_PLACE_BASIS_LABELS.not_attributed
          : (places.find((x) => x.utla_gss === placeCode)?.name ?? placeCode),
      total_pence: p.total,
      independent_pence: p.independent,
      independent_share: share(p.independent, p.total),
      local_authority_pence: p.la,
      mapping_pence: p.mapped,
      top_independent_owners: [...p.owners]
        .sort(([, a], [, b]) => b - a)
        .slice(0, 3)
        .map(([owner]) => owner)
        .join("; "),
    })),
  });
}

/** An ICS's contracts register, with the contracts whose service passed to a new owner. */
export async function contractsRegister(
  db: Database,
  icsCode: string,
): Promise<
  Result<
    {
      ics_code: string;
      ics_name: string;
      contracts: finance.Contract[];
      owner_changes: finance.OwnerChange[];
    },
    SpendError
  >
> {
  const found = await icsToday(db, icsCode);
  if (!found.ok) return found;
  const icb = found.value;
  const contracts = await repo.listContracts(db, icb.ods_code);
  return ok({
    ics_code: icb.ods_code,
    ics_name: icb.name,
    contracts,
    owner_changes: finance.ownerChanges(contracts),
  });
}

/** Records (or corrects) a contract of an ICS: parse, permit, one transaction with its audit. */
export async function recordContract(
  db: Database,
  actor: Actor,
  icsCode: string,
  input: unknown,
): Promise<Result<finance.Contract, SpendError>> {
  const parsed = finance.contractInput.safeParse(input);
  if (!parsed.success)
    return fail({
      code: "invalid_request",
      message: parsed.error.issues
        .map((i) => `${i.path.join(".") || "contract"}: ${i.message}`)
        .join("; "),
    });
  const found = await icsForOfficer(db, actor, icsCode, "record its contracts");
  if (!found.ok) return found;
  const icb = found.value;
  const c = parsed.data;
  return db.transaction(async (tx) => {
    const before = await repo.getContract(tx, icb.ods_code, c.reference);
    await repo.upsertContract(tx, icb.ods_code, c);
    await appendAudit(tx, {
      actor: actor.id,
      action: before ? "update" : "create",
      entity: "contract",
      entityKey: `${icb.ods_code}/${c.reference}`,
      before,
      after: c,
    });
    return ok({ ...c, ics_code: icb.ods_code });
  });
}

/** Records an officer's decision about a supplier's sector and owner. */
export async function recordSupplierOverride(
  db: Database,
  actor: Actor,
  icsCode: string,
  o: finance.SupplierOverride,
): Promise<Result<finance.SupplierOverride, SpendError>> {
  const found = await icsForOfficer(
    db,
    actor,
    icsCode,
    "classify its suppliers",
  );
  if (!found.ok) return found;
  const icb = found.value;
  if (o.supplier.trim() === "" || !finance.SUPPLIER_SECTORS.includes(o.sector))
    return fail({
      code: "invalid_request",
      message: "supplier: give a supplier's name and one of the sectors",
    });
  return db.transaction(async (tx) => {
    await repo.upsertOverride(
      tx,
      icb.ods_code,
      o,
      finance.supplierMatchKey(o.supplier),
    );
    await appendAudit(tx, {
      actor: actor.id,
      action: "classify",
      entity: "supplier",
      entityKey: `${icb.ods_code}/${finance.supplierMatchKey(o.supplier)}`,
      before: null,
      after: o,
    });
    return ok(o);
  });
}

/**
 * Records an officer's rule attributing a paying body's spend in an expense area to a place of
 * the ICS (an empty area covers the body's other areas), with an audit entry.
 */
export async function recordSpendPlaceMapping(
  db: Database,
  actor: Actor,
  icsCode: string,
  input: unknown,
): Promise<Result<finance.SpendPlaceMappingInput, SpendError>> {
  const found = await icsForOfficer(
    db,
    actor,
    icsCode,
    "attribute its spend to places",
  );
  if (!found.ok) return found;
  const icb = found.value;
  const parsed = finance.spendPlaceMappingInput.safeParse(input);
  if (!parsed.success)
    return fail({
      code: "invalid_request",
      message: parsed.error.issues
        .slice(0, 3)
        .map((i) => `${i.path.map(String).join(".") || "(body)"}: ${i.message}`)
        .join("; "),
    });
  const m = parsed.data;
  const places = await structureRepository.placesAt(db, today(), icb.ods_code);
  if (!places.some((p) => p.utla_gss === m.place_code))
    return fail({
      code: "invalid_request",
      message: `place_code: ${m.place_code} is not a place of ${icb.name}. Its places are ${places.map((p) => p.utla_gss).join(", ") || "none"}.`,
    });
  const key = finance.expenseAreaKey(m.expense_area);
  return db.transaction(async (tx) => {
    await repo.upsertPlaceMapping(tx, icb.ods_code, m, key);
    await appendAudit(tx, {
      actor: actor.id,
      action: "record",
      entity: "spend_place_mapping",
      entityKey: `${icb.ods_code}/${m.body_code}/${key}`,
      before: null,
      after: m,
    });
    return ok(m);
  });
}

/** What the place-mapping form offers: the ICS's paying bodies, its places and its mappings. */
export async function spendPlaceMappings(
  db: Database,
  icsCode: string,
): Promise<
  Result<
    {
      ics_code: string;
      ics_name: string;
      bodies: { code: string; name: string }[];
      places: { code: string; name: string }[];
      mappings: finance.SpendPlaceMappingInput[];
    },
    SpendError
  >
> {
  const found = await icsToday(db, icsCode);
  if (!found.ok) return found;
  const icb = found.value;
  const [files, places, mappings] = await Promise.all([
    repo.listFiles(db, icb.ods_code),
    structureRepository.placesAt(db, today(), icb.ods_code),
    repo.listPlaceMappings(db, icb.ods_code),
  ]);
  const bodies = new Map<string, string>();
  for (const f of files)
    if (!bodies.has(f.body_code))
      bodies.set(f.body_code, f.body_name ?? f.body_code);
  return ok({
    ics_code: icb.ods_code,
    ics_name: icb.name,
    bodies: [...bodies]
      .map(([code, name]) => ({ code, name }))
      .sort((a, b) => a.code.localeCompare(b.code)),
    places: places.map((p) => ({ code: p.utla_gss, name: p.name })),
    mappings,
  });
}
