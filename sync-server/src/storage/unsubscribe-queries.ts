import type { Db } from './db.ts';
import { one } from './db.ts';
import { sql } from './sql.ts';

/** The clinic's name and whether its patient unsubscribed; undefined when no such patient. */
export async function selectUnsubscribeState(
  db: Db,
  clinicId: string,
  patientId: string,
): Promise<{ clinicName: string; unsubscribedAt: Date | null } | undefined> {
  return one(
    db,
    sql`
      SELECT c.name AS "clinicName", u.unsubscribed_at AS "unsubscribedAt"
      FROM patients p
      JOIN clinics c ON c.id = p.clinic_id
      LEFT JOIN reminder_unsubscribes u ON u.clinic_id = p.clinic_id AND u.patient_id = p.id
      WHERE p.clinic_id = ${clinicId} AND p.id = ${patientId}`,
  );
}

/** Records the unsubscribe unless there is one; false when there was one already. */
export async function insertUnsubscribe(
  db: Db,
  clinicId: string,
  patientId: string,
  at: string,
): Promise<boolean> {
  const rows = await db.many(sql`
    INSERT INTO reminder_unsubscribes (clinic_id, patient_id, unsubscribed_at)
    VALUES (${clinicId}, ${patientId}, ${at})
    ON CONFLICT (clinic_id, patient_id) DO NOTHING
    RETURNING patient_id`);
  return rows.length > 0;
}

/** Turns reminders back on; false when the patient had not unsubscribed. */
export async function deleteUnsubscribe(
  db: Db,
  clinicId: string,
  patientId: string,
): Promise<boolean> {
  const rows = await db.many(sql`
    DELETE FROM reminder_unsubscribes
    WHERE clinic_id = ${clinicId} AND patient_id = ${patientId}
    RETURNING patient_id`);
  return rows.length > 0;
}
