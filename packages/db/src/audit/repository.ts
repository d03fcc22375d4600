import type { Queryable } from "../database";

export interface AuditEntry {
  readonly actor: string;
  readonly action: string;
  readonly entity: string;
  readonly entityKey: string;
  readonly icsCode?: string | null;
  readonly before?: unknown;
  readonly after?: unknown;
}

export interface AuditRecord {
  id: number;
  at: Date;
  actor: string;
  action: string;
  entity: string;
  entity_key: string;
  ics_code: string | null;
  before: unknown;
  after: unknown;
}

/** Appends to the audit log. Call it with the transaction that makes the change, so both land or neither. */
export async function appendAudit(
  tx: Queryable,
  entry: AuditEntry,
): Promise<void> {
  await tx.query(
    `insert into audit_log (actor, action, entity, entity_key, ics_code, before, after)
     values ($1, $2, $3, $4, $5, $6, $7)`,
    [
      entry.actor,
      entry.action,
      entry.entity,
      entry.entityKey,
      entry.icsCode ?? null,
      entry.before === undefined ? null : JSON.stringify(entry.before),
      entry.after === undefined ? null : JSON.stringify(entry.after),
    ],
  );
}

export async function listAudit(
  db: Queryable,
  filter: { entity?: string; limit?: number } = {},
): Promise<AuditRecord[]> {
  return db.query<AuditRecord & Record<string, unknown>>(
    `select id, at, actor, action, entity, entity_key, ics_code, before, after from audit_log
     where ($1::text is null or entity = $1) order by id desc limit $2`,
    [filter.entity ?? null, filter.limit ?? 100],
  );
}
