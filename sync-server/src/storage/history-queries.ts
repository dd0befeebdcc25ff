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
};

export type FieldChangeSummary = Pick<
  FieldChange,
  'rowId' | 'version' | 'field' | 'changedBy' | 'changedAt'
>;

/** Field changes made after each row's base version, oldest first. */
export async function selectFieldChangesAfter(
  db: Db,
  clinicId: string,
  entity: string,
  bases: { rowId: string; baseVersion: number }[],
): Promise<FieldChangeSummary[]> {
  const rows = await db.many<Omit<FieldChangeSummary, 'changedAt'> & { changedAt: Date }>(sql`
    SELECT h.row_id AS "rowId", h.version, h.field, h.changed_by AS "changedBy", h.changed_at AS "changedAt"
    FROM field_history h
    JOIN jsonb_to_recordset(${jsonb(bases)}) AS b("rowId" uuid, "baseVersion" integer)
      ON h.row_id = b."rowId" AND h.version > b."baseVersion"
    WHERE h.clinic_id = ${clinicId} AND h.entity = ${entity}
    ORDER BY h.version`);
  return rows.map((row) => ({ ...row, changedAt: row.changedAt.toISOString() }));
}

export function insertFieldChangesWrite(changes: FieldChange[]): Write {
  return sql`
    INSERT INTO field_history (id, clinic_id, entity, row_id, version, field, old_value, new_value, changed_by, changed_at)
    SELECT "id", "clinicId", "entity", "rowId", "version", "field", "oldValue", "newValue", "changedBy", "changedAt"
    FROM jsonb_to_recordset(${jsonb(changes)}) AS r(
      "id" uuid, "clinicId" uuid, "entity" text, "rowId" uuid, "version" integer, "field" text,
      "oldValue" jsonb, "newValue" jsonb, "changedBy" uuid, "changedAt" timestamptz)`;
}

/** Every recorded field change of one row, oldest first. */
export async function selectRowHistory(
  db: Db,
  row: { clinicId: string; entity: string; rowId: string },
): Promise<FieldChange[]> {
  const rows = await db.many<Omit<FieldChange, 'changedAt'> & { changedAt: Date }>(sql`
    SELECT id, clinic_id AS "clinicId", entity, row_id AS "rowId", version, field,
           old_value AS "oldValue", new_value AS "newValue", changed_by AS "changedBy", changed_at AS "changedAt"
    FROM field_history
    WHERE clinic_id = ${row.clinicId} AND entity = ${row.entity} AND row_id = ${row.rowId}
    ORDER BY version, field`);
  return rows.map((change) => ({ ...change, changedAt: change.changedAt.toISOString() }));
}
