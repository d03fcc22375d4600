import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import { buildDemoIcs } from "./build";
import { demoLookups, demoPatientChunks } from "./patients";

const ics = buildDemoIcs({ scale: 0.1 });

function digest(seed: number): string {
  const hash = createHash("sha256");
  for (const chunk of demoPatientChunks(ics, { seed, fraction: 0.05 })) {
    hash
      .update(chunk.patients)
      .update("\0")
      .update(chunk.registrations)
      .update("\0")
      .update(chunk.events);
  }
  return hash.digest("hex");
}

describe("demo patient-level records", () => {
  it("are the same bytes for the same seed and differ for another", () => {
    const a = digest(7);
    expect(digest(7)).toBe(a);
    expect(digest(8)).not.toBe(a);
  });

  it("have the column headers of the patient-level tables", () => {
    const first = demoPatientChunks(ics, { fraction: 0.01 }).next();
    if (first.done === true) throw new Error("no chunk");
    expect(first.value.patients.split("\n")[0]).toBe(
      "patient_id,sex,date_of_birth,date_of_death,ethnicity_code,ethnicity_group,lsoa_code,opted_out,source",
    );
    expect(first.value.registrations.split("\n")[0]).toBe(
      "patient_id,practice_code,start_date,end_date",
    );
    expect(first.value.events.split("\n")[0]).toBe(
      "event_id,patient_id,resource_type,system,code,date,end_date,category,value,unit",
    );
  });

  it("make conditions commoner in more deprived areas and deaths commoner with age", () => {
    const decileOf = new Map(
      demoLookups(ics).lsoas.map((l) => [l.lsoa_code, l.imd_decile]),
    );
    const people = new Map<
      string,
      { deprived: boolean; age: number; died: boolean }
    >();
    const diabetes = new Set<string>();
    for (const chunk of demoPatientChunks(ics, { fraction: 0.5 })) {
      for (const line of chunk.patients.split("\n")) {
        const [id, , dob, death, , , lsoa] = line.split(",");
        if (!id || id === "patient_id" || !lsoa || !dob) continue;
        const decile = decileOf.get(lsoa) ?? 0;
        if (decile > 3 && decile < 8) continue;
        people.set(id, {
          deprived: decile <= 3,
          age: 2025 - Number(dob.slice(0, 4)),
          died: death !== "",
        });
      }
      for (const line of chunk.events.split("\n")) {
        const f = line.split(",");
        if (
          f[2] === "Condition" &&
          (f[4] === "44054006" || f[4] === "73211009" || f[4] === "46635009")
        ) {
          diabetes.add(f[1] ?? "");
        }
      }
    }
    const rate = (
      keep: (p: { deprived: boolean; age: number; died: boolean }) => boolean,
      hit: (id: string, p: { died: boolean }) => boolean,
    ) => {
      let n = 0;
      let d = 0;
      for (const [id, p] of people) {
        if (!keep(p)) continue;
        d++;
        if (hit(id, p)) n++;
      }
      return n / d;
    };
    const hasDiabetes = (id: string) => diabetes.has(id);
    const mostDeprived = rate((p) => p.deprived && p.age >= 40, hasDiabetes);
    const leastDeprived = rate((p) => !p.deprived && p.age >= 40, hasDiabetes);
    expect(mostDeprived).toBeGreaterThan(leastDeprived * 1.2);
    const died = (_: string, p: { died: boolean }) => p.died;
    expect(rate((p) => p.age >= 75, died)).toBeGreaterThan(
      rate((p) => p.age < 50, died) * 5,
    );
  });
});
