import type { Db } from './db.ts';
import { join, raw, sql } from './sql.ts';

/** A page of a clinic's rows changed after `after`, up to the committed counter `upTo`. */
export type ChangePage = { clinicId: string; after: number; upTo: number; limit: number };

/** The page of `table` in change order, with `columns` selected. `table` is a name from code. */
export function changedSinceQuery(
  table: string,
  columns: ReturnType<typeof sql>,
  page: ChangePage,
): ReturnType<typeof sql> {
  return sql`
    SELECT ${columns} FROM ${raw(table)}
    WHERE clinic_id = ${page.clinicId} AND change_seq > ${page.after} AND change_seq <= ${page.upTo}
    ORDER BY change_seq
    LIMIT ${page.limit}`;
}

/** The tables (by SQL name) that have rows in the page's range; see `pull`. */
export async function selectTablesWithChanges<T extends string>(
  db: Db,
  tables: readonly T[],
  page: ChangePage,
): Promise<Set<T>> {
  if (tables.length === 0) return new Set();
  const probes = tables.map(
    (table) => sql`SELECT ${table}::text AS name WHERE EXISTS (
      SELECT 1 FROM ${raw(table)}
      WHERE clinic_id = ${page.clinicId} AND change_seq > ${page.after} AND change_seq <= ${page.upTo})`,
  );
  const rows = await db.many<{ name: T }>(join(probes, ' UNION ALL '));
  return new Set(rows.map((row) => row.name));
}
