import { structure, fail, ok, type Actor, type Result } from "@openics/core";
import {
  appendAudit,
  structureRepository as repo,
  type Database,
} from "@openics/db";
import type { StructureError } from "./service";

type PartnerError =
  | StructureError
  | {
      readonly code: "invalid_request" | "forbidden" | "conflict";
      readonly message: string;
    };

/**
 * Records a partner organisation of an ICS (a VCSE body, a provider, Healthwatch, a union…), or
 * updates one the same ICS recorded: parse → permit → one transaction with its audit entry.
 */
export async function recordPartner(
  db: Database,
  actor: Actor,
  icsCode: string,
  input: structure.PartnerInput,
  asAt: string = new Date().toISOString().slice(0, 10),
): Promise<Result<repo.PartnerRow, PartnerError>> {
  const parsed = structure.partnerInput.safeParse(input);
  if (!parsed.success) {
    return fail({
      code: "invalid_request",
      message: parsed.error.issues
        .map((i) => `${i.path.join(".") || "partner"}: ${i.message}`)
        .join("; "),
    });
  }
  const icb = await repo.icbAt(db, icsCode, asAt);
  if (!icb)
    return fail({
      code: "unknown_ics",
      message: `No ICS has the code ${icsCode} on ${asAt}.`,
    });
  if (!structure.can(actor, "edit_partner", { icsCode: icb.ods_code })) {
    return fail({
      code: "forbidden",
      message: `Only an officer of ${icb.name} can record its partners.`,
    });
  }
  const p = parsed.data;
  if (p.sector === "nhs_trust" || p.sector === "gp_practice") {
    return fail({
      code: "invalid_request",
      message:
        "NHS trusts and GP practices come from the ODS files: import them with openics import geography.",
    });
  }
  return db.transaction(async (tx) => {
    const before = await repo.organisation(tx, p.code);
    if (before && before.ics_ods !== icb.ods_code) {
      return fail({
        code: "conflict",
        message: `The code ${p.code} belongs to another organisation (${before.name}).`,
      });
    }
    await repo.upsert(tx, "organisation", [
      [
        p.code,
        p.name,
        p.sector,
        icb.ods_code,
        p.ultimate_parent_owner,
        p.postcode,
        p.website,
        null,
        null,
      ],
    ]);
    const after = await repo.organisation(tx, p.code);
    if (!after) throw new Error("partner was not written");
    await appendAudit(tx, {
      actor: actor.id,
      action: before ? "update" : "create",
      entity: "partner",
      entityKey: p.code,
      icsCode: icb.ods_code,
      before: before ?? null,
      after,
    });
    return ok(after);
  });
}
