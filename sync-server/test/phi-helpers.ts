import { openRows, type PhiTable } from '../src/phi/phi-fields.ts';
import type { Db } from '../src/storage/db.ts';
import { testPhiKeys } from './test-app.ts';

/**
 * Rows a test read with raw SQL, their sealed columns (named as `table`'s fields) opened with the
 * clinic's key under the test master key, as the server reads them.
 *
 * @example
 * const history = await openedRows(db, clinicId, phiTables.fieldHistory, await db.many(...));
 */
export async function openedRows<T extends object>(
  db: Db,
  clinicId: string,
  table: PhiTable,
  rows: T[],
): Promise<T[]> {
  return openRows(await testPhiKeys().opener(db, clinicId), table, rows);
}
