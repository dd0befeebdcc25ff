import type { ClinicSettings, ClinicSettingsUpdate } from '@bedside/shared';
import { one, type Db } from './db.ts';
import { jsonb } from './json-param.ts';
import { sql } from './sql.ts';

const settingsColumns = sql`id, name, timezone, working_hours AS "workingHours",
  retention_days AS "retentionDays", require_two_factor AS "requireTwoFactor"`;

export async function findClinicSettings(
  db: Db,
  clinicId: string,
): Promise<ClinicSettings | undefined> {
  return one<ClinicSettings>(
    db,
    sql`SELECT ${settingsColumns} FROM clinics WHERE id = ${clinicId}`,
  );
}

/** Writes the fields `changes` names (the others keep their value) and returns the clinic. */
export async function updateClinicSettings(
  db: Db,
  clinicId: string,
  changes: ClinicSettingsUpdate,
): Promise<ClinicSettings | undefined> {
  return one<ClinicSettings>(
    db,
    sql`
    UPDATE clinics SET
      name = coalesce(${changes.name ?? null}::text, name),
      timezone = coalesce(${changes.timezone ?? null}::text, timezone),
      working_hours = coalesce(${changes.workingHours ? jsonb(changes.workingHours) : null}, working_hours),
      retention_days = coalesce(${changes.retentionDays ?? null}::integer, retention_days),
      require_two_factor = coalesce(${changes.requireTwoFactor ?? null}::boolean, require_two_factor)
    WHERE id = ${clinicId}
    RETURNING ${settingsColumns}`,
  );
}
