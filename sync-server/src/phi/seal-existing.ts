import type { Db } from '../storage/db.ts';
import { sealClearValues, selectClearValues } from '../storage/phi-backfill-queries.ts';
import { phiTables } from './phi-fields.ts';
import type { ClinicCipher, PhiKeys } from './phi-keys.ts';

const firstId = '00000000-0000-0000-0000-000000000000';

/**
 * Seals the values written before encryption (an upgraded server's rows), online: `batch` rows
 * at a time, each batch one short statement, with the server running. A JSON column's clear text
 * is already its JSON, so it is sealed as it is. Returns how many values it sealed per column.
 *
 * @example
 * await sealExistingValues(db, phi) // { 'patients.notes': 120, 'records.data': 800, … }
 */
export async function sealExistingValues(
  db: Db,
  phi: PhiKeys,
  batch = 500,
): Promise<Record<string, number>> {
  const counts: Record<string, number> = {};
  const ciphers = new Map<string, ClinicCipher>();
  const cipherOf = async (clinicId: string) => {
    const known = ciphers.get(clinicId);
    if (known) return known;
    const cipher = await phi.sealer(db, clinicId);
    ciphers.set(clinicId, cipher);
    return cipher;
  };
  for (const table of Object.values(phiTables)) {
    for (const { column } of table.fields) {
      let sealed = 0;
      let after = firstId;
      for (;;) {
        const page = await selectClearValues(db, {
          table: table.sqlTable,
          column,
          after,
          limit: batch,
        });
        const last = page.at(-1);
        if (!last) break;
        after = last.id;
        const rows = [];
        for (const row of page) {
          const cipher = await cipherOf(row.clinicId);
          rows.push({
            id: row.id,
            clear: row.value,
            sealed: cipher.seal(table.sqlTable, column, row.value),
          });
        }
        sealed += await sealClearValues(db, { table: table.sqlTable, column, rows });
      }
      counts[`${table.sqlTable}.${column}`] = sealed;
    }
  }
  return counts;
}
