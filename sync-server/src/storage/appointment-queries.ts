import type { Appointment, AppointmentType } from '@bedside/shared';
import { changedSinceQuery, type ChangePage } from './change-page.ts';
import type { Db } from './db.ts';
import { jsonb } from './json-param.ts';
import { sql } from './sql.ts';
import { withIsoStamps, type StampColumns } from './timestamps.ts';
import type { Write } from './write.ts';

const metaColumns = sql`
  created_at AS "createdAt", created_by AS "createdBy", updated_at AS "updatedAt", updated_by AS "updatedBy",
  version, deleted_at AS "deletedAt", deleted_by AS "deletedBy", change_seq AS "changeSeq"`;

const appointmentColumns = sql`
  id, clinic_id AS "clinicId", patient_id AS "patientId", clinician_id AS "clinicianId",
  type_id AS "typeId", starts_at AS "startsAt", ends_at AS "endsAt", status,
  cancel_reason AS "cancelReason", reason, location, notes, series_id AS "seriesId", ${metaColumns}`;

const typeColumns = sql`
  id, clinic_id AS "clinicId", name, duration_minutes AS "durationMinutes", colour,
  template_id AS "templateId", ${metaColumns}`;

type AppointmentRow = Omit<Appointment, keyof StampColumns | 'startsAt' | 'endsAt'> &
  StampColumns & { startsAt: Date; endsAt: Date };
type TypeRow = Omit<AppointmentType, keyof StampColumns> & StampColumns;

function toAppointment(row: AppointmentRow): Appointment {
  return {
    ...withIsoStamps(row),
    startsAt: row.startsAt.toISOString(),
    endsAt: row.endsAt.toISOString(),
  };
}

/** Appointments with these ids in ANY clinic: the caller tells its own clinic's from others'. */
export async function selectAppointmentsByIds(db: Db, ids: string[]): Promise<Appointment[]> {
  const rows = await db.many<AppointmentRow>(
    sql`SELECT ${appointmentColumns} FROM appointments WHERE id = ANY(${ids}::uuid[])`,
  );
  return rows.map(toAppointment);
}

const appointmentRecordset = sql`AS r(
  "id" uuid, "patientId" uuid, "clinicianId" uuid, "typeId" uuid, "startsAt" timestamptz,
  "endsAt" timestamptz, "status" text, "cancelReason" text, "reason" text, "location" text,
  "notes" text, "seriesId" uuid, "createdAt" timestamptz, "createdBy" uuid,
  "updatedAt" timestamptz, "updatedBy" uuid, "version" integer, "deletedAt" timestamptz,
  "deletedBy" uuid, "changeSeq" bigint)`;

/** Inserts appointments the server did not have, in the clinic (checked under its lock). */
export function insertAppointmentsWrite(clinicId: string, rows: Appointment[]): Write {
  return sql`
    INSERT INTO appointments (id, clinic_id, patient_id, clinician_id, type_id, starts_at, ends_at,
      status, cancel_reason, reason, location, notes, series_id, created_at, created_by,
      updated_at, updated_by, version, deleted_at, deleted_by, change_seq)
    SELECT "id", ${clinicId}::uuid, "patientId", "clinicianId", "typeId", "startsAt", "endsAt",
      "status", "cancelReason", "reason", "location", "notes", "seriesId", "createdAt", "createdBy",
      "updatedAt", "updatedBy", "version", "deletedAt", "deletedBy", "changeSeq"
    FROM jsonb_to_recordset(${jsonb(rows)}) ${appointmentRecordset}`;
}

/** Writes new states of the clinic's stored appointments; another clinic's row is never touched. */
export function updateAppointmentsWrite(clinicId: string, rows: Appointment[]): Write {
  return sql`
    UPDATE appointments t SET
      patient_id = r."patientId", clinician_id = r."clinicianId", type_id = r."typeId",
      starts_at = r."startsAt", ends_at = r."endsAt", status = r."status",
      cancel_reason = r."cancelReason", reason = r."reason", location = r."location",
      notes = r."notes", updated_at = r."updatedAt", updated_by = r."updatedBy",
      version = r."version", deleted_at = r."deletedAt", deleted_by = r."deletedBy",
      change_seq = r."changeSeq"
    FROM jsonb_to_recordset(${jsonb(rows)}) ${appointmentRecordset}
    WHERE t.id = r."id" AND t.clinic_id = ${clinicId}`;
}

export async function selectAppointmentsChangedSince(
  db: Db,
  page: ChangePage,
): Promise<Appointment[]> {
  const rows = await db.many<AppointmentRow>(
    changedSinceQuery('appointments', appointmentColumns, page),
  );
  return rows.map(toAppointment);
}

/** Appointment types with these ids in ANY clinic: the caller tells its own from others'. */
export async function selectAppointmentTypesByIds(
  db: Db,
  ids: string[],
): Promise<AppointmentType[]> {
  const rows = await db.many<TypeRow>(
    sql`SELECT ${typeColumns} FROM appointment_types WHERE id = ANY(${ids}::uuid[])`,
  );
  return rows.map(withIsoStamps);
}

/** The names of the clinic's live appointment types (a clinic has a handful). */
export async function selectLiveAppointmentTypeNames(
  db: Db,
  clinicId: string,
): Promise<{ id: string; name: string }[]> {
  return db.many(
    sql`SELECT id, name FROM appointment_types WHERE clinic_id = ${clinicId} AND deleted_at IS NULL`,
  );
}

const typeRecordset = sql`AS r(
  "id" uuid, "clinicId" uuid, "name" text, "durationMinutes" integer, "colour" text,
  "templateId" uuid, "createdAt" timestamptz, "createdBy" uuid, "updatedAt" timestamptz,
  "updatedBy" uuid, "version" integer, "deletedAt" timestamptz, "deletedBy" uuid,
  "changeSeq" bigint)`;

/** Inserts appointment types the server did not have (in their own clinic: pushes and seeding). */
export function insertAppointmentTypesWrite(rows: AppointmentType[]): Write {
  return sql`
    INSERT INTO appointment_types (id, clinic_id, name, duration_minutes, colour, template_id,
      created_at, created_by, updated_at, updated_by, version, deleted_at, deleted_by, change_seq)
    SELECT "id", "clinicId", "name", "durationMinutes", "colour", "templateId", "createdAt",
      "createdBy", "updatedAt", "updatedBy", "version", "deletedAt", "deletedBy", "changeSeq"
    FROM jsonb_to_recordset(${jsonb(rows)}) ${typeRecordset}`;
}

/** Writes new states of the clinic's stored types; another clinic's row is never touched. */
export function updateAppointmentTypesWrite(clinicId: string, rows: AppointmentType[]): Write {
  return sql`
    UPDATE appointment_types t SET
      name = r."name", duration_minutes = r."durationMinutes", colour = r."colour",
      template_id = r."templateId", updated_at = r."updatedAt", updated_by = r."updatedBy",
      version = r."version", deleted_at = r."deletedAt", deleted_by = r."deletedBy",
      change_seq = r."changeSeq"
    FROM jsonb_to_recordset(${jsonb(rows)}) ${typeRecordset}
    WHERE t.id = r."id" AND t.clinic_id = ${clinicId}`;
}

export async function selectAppointmentTypesChangedSince(
  db: Db,
  page: ChangePage,
): Promise<AppointmentType[]> {
  const rows = await db.many<TypeRow>(changedSinceQuery('appointment_types', typeColumns, page));
  return rows.map(withIsoStamps);
}
