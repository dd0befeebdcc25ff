import type { Db } from './db.ts';
import { raw, sql } from './sql.ts';

/** A stored value not sealed yet, and where it is. */
export type ClearValue = { id: string; clinicId: string; value: string };

/**
 * Up to `limit` rows of `table` (names from code, never input) after `after` in id order whose
 * `column` holds a value written before encryption (not `enc1:`).
 */
export async function selectClearValues(
  db: Db,
  o: { table: string; column: string; after: string; limit: number },
): Promise<ClearValue[]> {
  const column = raw(`"${o.column}"`);
  return db.many<ClearValue>(sql`
    SELECT id, clinic_id AS "clinicId", ${column} AS value FROM ${raw(`"${o.table}"`)}
    WHERE id > ${o.after}::uuid AND ${column} IS NOT NULL AND ${column} NOT LIKE 'enc1:%'
    ORDER BY id LIMIT ${o.limit}`);
}

/**
 * Replaces clear values with sealed ones, each only if the row still holds the value that was
 * read (a write in between sealed it already). Version and change number stay: devices hold the
 * same value. Returns how many rows changed.
 */
export async function sealClearValues(
  db: Db,
  o: { table: string; column: string; rows: { id: string; clear: string; sealed: string }[] },
): Promise<number> {
  const column = raw(`"${o.column}"`);
  const changed = await db.many(sql`
    UPDATE ${raw(`"${o.table}"`)} t SET ${column} = r.sealed
    FROM unnest(${o.rows.map((r) => r.id)}::uuid[], ${o.rows.map((r) => r.clear)}::text[],
                ${o.rows.map((r) => r.sealed)}::text[]) AS r(id, clear, sealed)
    WHERE t.id = r.id AND t.${column} = r.clear
    RETURNING t.id`);
  return changed.length;
}
