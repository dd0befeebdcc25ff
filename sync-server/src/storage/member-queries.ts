import type { Db } from './db.ts';
import { sql } from './sql.ts';

/** Which of these user ids are active (not disabled) users of the clinic. */
export async function selectClinicMemberIds(
  db: Db,
  clinicId: string,
  userIds: string[],
): Promise<string[]> {
  const rows = await db.many<{ id: string }>(sql`
    SELECT id FROM users
    WHERE clinic_id = ${clinicId} AND disabled_at IS NULL AND id = ANY(${userIds}::uuid[])`);
  return rows.map((row) => row.id);
}
