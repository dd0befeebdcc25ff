import type { Conflict } from '@bedside/shared';
import type { Db } from './db.ts';
import { jsonb } from './json-param.ts';
import { sql } from './sql.ts';
import { isoOrNull } from './timestamps.ts';
import type { Write } from './write.ts';

type ConflictRow = Omit<Conflict, 'keptAt' | 'createdAt' | 'deletedAt'> & {
  keptAt: Date;
  createdAt: Date;
  deletedAt: Date | null;
};

export function insertConflictsWrite(conflicts: Conflict[]): Write {
  return sql`
    INSERT INTO conflicts (id, clinic_id, entity, row_id, field, kept_value, kept_by, kept_at,
                           winning_value, winning_by, created_at, version, deleted_at, change_seq)
    SELECT "id", "clinicId", "entity", "rowId", "field", "keptValue", "keptBy", "keptAt",
           "winningValue", "winningBy", "createdAt", "version", "deletedAt", "changeSeq"
    FROM jsonb_to_recordset(${jsonb(conflicts)}) AS r(
      "id" uuid, "clinicId" uuid, "entity" text, "rowId" uuid, "field" text, "keptValue" text, "keptBy" uuid,
      "keptAt" timestamptz, "winningValue" text, "winningBy" uuid, "createdAt" timestamptz, "version" integer,
      "deletedAt" timestamptz, "changeSeq" bigint)`;
}

/** A page of the clinic's conflicts recorded after `after`, up to the committed counter `upTo`. */
export async function selectConflictsChangedSince(
  db: Db,
  page: { clinicId: string; after: number; upTo: number; limit: number },
): Promise<Conflict[]> {
  const rows = await db.many<ConflictRow>(sql`
    SELECT id, clinic_id AS "clinicId", entity, row_id AS "rowId", field,
           kept_value AS "keptValue", kept_by AS "keptBy", kept_at AS "keptAt",
           winning_value AS "winningValue", winning_by AS "winningBy", created_at AS "createdAt",
           version, deleted_at AS "deletedAt", change_seq AS "changeSeq"
    FROM conflicts
    WHERE clinic_id = ${page.clinicId} AND change_seq > ${page.after} AND change_seq <= ${page.upTo}
    ORDER BY change_seq
    LIMIT ${page.limit}`);
  return rows.map((row) => ({
    ...row,
    keptAt: row.keptAt.toISOString(),
    createdAt: row.createdAt.toISOString(),
    deletedAt: isoOrNull(row.deletedAt),
  }));
}
