import type { Db } from './db.ts';
import { jsonb } from './json-param.ts';
import { sql } from './sql.ts';
import type { Write } from './write.ts';

/** One changed field of one row version: what it was, what it became, who and when. */
export type FieldChange = {
  id: string;
  clinicId: string;
  entity: string;
  rowId: string;
  version: number;
  field: string;
  oldValue: unknown;
  newValue: unknown;
  changedBy: string;
  changedAt: string;
  /** The device whose push made the change; null when none did (the server's own writes). */
  clientId: string | null;
};

/** A field change made after a base version, and on which device. */
export type PriorChangeRow = Pick<
  FieldChange,
  'entity' | 'rowId' | 'version' | 'field' | 'changedBy' | 'changedAt' | 'clientId'
>;

/** The clinic's field changes after each row's base version, of any synced table, oldest first. */
export async function selectPriorChanges(
  db: Db,
  clinicId: string,
  bases: { entity: string; rowId: string; baseVersion: number }[],
): Promise<PriorChangeRow[]> {
  const rows = await db.many<Omit<PriorChangeRow, 'changedAt'> & { changedAt: Date }>(sql`
    SELECT h.entity, h.row_id AS "rowId", h.version, h.field, h.changed_by AS "changedBy",
           h.changed_at AS "changedAt", h.client_id AS "clientId"
    FROM field_history h
    JOIN jsonb_to_recordset(${jsonb(bases)}) AS b("entity" text, "rowId" uuid, "baseVersion" integer)
      ON h.entity = b."entity" AND h.row_id = b."rowId" AND h.version > b."baseVersion"
    WHERE h.clinic_id = ${clinicId}
    ORDER BY h.version`);
  return rows.map((row) => ({ ...row, changedAt: row.changedAt.toISOString() }));
}

export function insertFieldChangesWrite(changes: FieldChange[]): Write {
  return sql`
    INSERT INTO field_history (id, clinic_id, entity, row_id, version, field, old_value, new_value, changed_by, changed_at, client_id)
    SELECT "id", "clinicId", "entity", "rowId", "version", "field", "oldValue", "newValue", "changedBy", "changedAt", "clientId"
    FROM jsonb_to_recordset(${jsonb(changes)}) AS r(
      "id" uuid, "clinicId" uuid, "entity" text, "rowId" uuid, "version" integer, "field" text,
      "oldValue" text, "newValue" text, "changedBy" uuid, "changedAt" timestamptz, "clientId" uuid)`;
}

/** Every recorded field change of one row, oldest first. */
export async function selectRowHistory(
  db: Db,
  row: { clinicId: string; entity: string; rowId: string },
): Promise<FieldChange[]> {
  const rows = await db.many<Omit<FieldChange, 'changedAt'> & { changedAt: Date }>(sql`
    SELECT id, clinic_id AS "clinicId", entity, row_id AS "rowId", version, field,
           old_value AS "oldValue", new_value AS "newValue", changed_by AS "changedBy", changed_at AS "changedAt",
           client_id AS "clientId"
    FROM field_history
    WHERE clinic_id = ${row.clinicId} AND entity = ${row.entity} AND row_id = ${row.rowId}
    ORDER BY version, field`);
  return rows.map((change) => ({ ...change, changedAt: change.changedAt.toISOString() }));
}
