import { one, type Db } from './db.ts';
import { jsonb } from './json-param.ts';
import { sql } from './sql.ts';

/** What a reminder pass or a message needs of its clinic; `settings` null: the defaults. */
export type ClinicMailFacts = {
  name: string;
  timezone: string;
  settings: unknown;
};

export async function selectClinicMailFacts(
  db: Db,
  clinicId: string,
): Promise<ClinicMailFacts | undefined> {
  return one<ClinicMailFacts>(
    db,
    sql`SELECT name, timezone, reminder_settings AS settings FROM clinics WHERE id = ${clinicId}`,
  );
}

export async function updateReminderSettings(
  db: Db,
  clinicId: string,
  settings: unknown,
): Promise<void> {
  await db.many(
    sql`UPDATE clinics SET reminder_settings = ${jsonb(settings)} WHERE id = ${clinicId}`,
  );
}

/** Which of `ids` are live appointment types of the clinic. */
export async function selectLiveAppointmentTypeIds(
  db: Db,
  clinicId: string,
  ids: string[],
): Promise<string[]> {
  if (ids.length === 0) return [];
  const rows = await db.many<{ id: string }>(sql`
    SELECT id FROM appointment_types
    WHERE clinic_id = ${clinicId} AND id = ANY(${ids}::uuid[]) AND deleted_at IS NULL`);
  return rows.map((row) => row.id);
}
