import type { EntityTableName, Purge } from '@bedside/shared';
import type { ChangePage } from './change-page.ts';
import type { Db } from './db.ts';
import { jsonb } from './json-param.ts';
import { sql } from './sql.ts';
import type { Write } from './write.ts';

/** A page of the clinic's purges after `after`, up to the committed counter `upTo`. */
export async function selectPurgesChangedSince(db: Db, page: ChangePage): Promise<Purge[]> {
  const rows = await db.many<Omit<Purge, 'purgedAt'> & { purgedAt: Date }>(sql`
    SELECT row_id AS id, entity, purged_at AS "purgedAt", change_seq AS "changeSeq"
    FROM purged_rows
    WHERE clinic_id = ${page.clinicId} AND change_seq > ${page.after} AND change_seq <= ${page.upTo}
    ORDER BY change_seq
    LIMIT ${page.limit}`);
  return rows.map((row) => ({ ...row, purgedAt: row.purgedAt.toISOString() }));
}

/** Records purged rows, numbered `firstSeq`, `firstSeq + 1`… in the order given. */
export function insertPurgesWrite(
  clinicId: string,
  rows: { entity: EntityTableName; id: string }[],
  o: { firstSeq: number; at: string },
): Write {
  const purges = rows.map((row, index) => ({ ...row, changeSeq: o.firstSeq + index }));
  return sql`
    INSERT INTO purged_rows (clinic_id, entity, row_id, purged_at, change_seq)
    SELECT ${clinicId}::uuid, "entity", "id", ${o.at}::timestamptz, "changeSeq"
    FROM jsonb_to_recordset(${jsonb(purges)}) AS r("entity" text, "id" uuid, "changeSeq" bigint)`;
}
