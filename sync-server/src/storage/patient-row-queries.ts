import type { Db } from './db.ts';
import { raw, sql } from './sql.ts';

/** The ids of every row of `sqlTable` (a name from code) that belongs to these patients. */
export async function selectIdsOfPatients(
  db: Db,
  sqlTable: string,
  clinicId: string,
  patientIds: string[],
): Promise<{ id: string; patientId: string }[]> {
  return db.many<{ id: string; patientId: string }>(sql`
    SELECT id, patient_id AS "patientId" FROM ${raw(sqlTable)}
    WHERE clinic_id = ${clinicId} AND patient_id = ANY(${patientIds}::uuid[])`);
}
