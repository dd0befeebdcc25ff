import type { Patient } from '@bedside/shared';
import type { Db } from './db.ts';
import { sql } from './sql.ts';
import { isoOrNull } from './timestamps.ts';
import type { Write, WriteStamp } from './write.ts';

/** Every column, named as devices see it (camelCase). */
const patientColumns = sql`
  id, clinic_id AS "clinicId", given_name AS "givenName", family_name AS "familyName",
  birth_date AS "birthDate", sex, identifier, phone, email, notes, address,
  emergency_name AS "emergencyName", emergency_relationship AS "emergencyRelationship",
  emergency_phone AS "emergencyPhone", allergies, reminder_consent AS "reminderConsent",
  created_at AS "createdAt", created_by AS "createdBy", updated_at AS "updatedAt", updated_by AS "updatedBy",
  version, deleted_at AS "deletedAt", deleted_by AS "deletedBy", change_seq AS "changeSeq"`;

type PatientRow = Omit<Patient, 'createdAt' | 'updatedAt' | 'deletedAt'> & {
  createdAt: Date;
  updatedAt: Date;
  deletedAt: Date | null;
};

function toPatient(row: PatientRow): Patient {
  return {
    ...row,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
    deletedAt: isoOrNull(row.deletedAt),
  };
}

/** Rows with these ids in ANY clinic: the caller tells its own clinic's rows from others'. */
export async function selectPatientsByIds(db: Db, ids: string[]): Promise<Patient[]> {
  const rows = await db.many<PatientRow>(
    sql`SELECT ${patientColumns} FROM patients WHERE id = ANY(${ids}::uuid[])`,
  );
  return rows.map(toPatient);
}

/** Which live patient of the clinic holds each of these identifiers. */
export async function selectIdentifierHolders(
  db: Db,
  clinicId: string,
  identifiers: string[],
): Promise<{ id: string; identifier: string }[]> {
  return db.many(sql`
    SELECT id, identifier FROM patients
    WHERE clinic_id = ${clinicId} AND deleted_at IS NULL
      AND identifier = ANY(${identifiers}::text[])`);
}

/**
 * Frees the identifiers of rows about to be rewritten, so a batch that moves an identifier from
 * one patient to another can write its rows in any order under the unique index.
 */
export async function releaseIdentifiers(db: Db, clinicId: string, ids: string[]): Promise<void> {
  await db.many(
    sql`UPDATE patients SET identifier = NULL WHERE clinic_id = ${clinicId} AND id = ANY(${ids}::uuid[])`,
  );
}

/** What a write sets per row; the stamp supplies the clinic, the author and the time. */
export type PatientState = Omit<
  Patient,
  'clinicId' | 'createdAt' | 'createdBy' | 'updatedAt' | 'updatedBy'
>;

/**
 * Each row's allergies as stored: sealed text (see `sealRows`), or JSON text for a caller that
 * wrote plaintext; null stays null. The column is text since migration 0020.
 */
function allergiesColumn(rows: PatientState[]): (string | null)[] {
  return rows.map((row) => {
    const value: unknown = row.allergies;
    if (value == null) return null;
    return typeof value === 'string' ? value : JSON.stringify(value);
  });
}

/**
 * Each row's consent as text: the PostgreSQL driver types a list of booleans as one boolean, so
 * the column travels as text[] and is cast to boolean[] in the statement.
 */
function consentColumn(rows: PatientState[]): string[] {
  return rows.map((row) => String(row.reminderConsent));
}

/** One column of the rows, as an array parameter. */
function column<K extends keyof PatientState>(rows: PatientState[], key: K): PatientState[K][] {
  return rows.map((row) => row[key]);
}

/**
 * The rows as one array per column, unnested into a relation `r` with the columns' names. Arrays
 * keep the statement and its parameters small: no per-row JSON keys to send and parse.
 */
function patientStates(rows: PatientState[]) {
  return sql`unnest(
      ${column(rows, 'id')}::uuid[], ${column(rows, 'givenName')}::text[],
      ${column(rows, 'familyName')}::text[], ${column(rows, 'birthDate')}::date[],
      ${column(rows, 'sex')}::text[], ${column(rows, 'identifier')}::text[],
      ${column(rows, 'phone')}::text[], ${column(rows, 'email')}::text[],
      ${column(rows, 'notes')}::text[], ${column(rows, 'address')}::text[],
      ${column(rows, 'emergencyName')}::text[], ${column(rows, 'emergencyRelationship')}::text[],
      ${column(rows, 'emergencyPhone')}::text[], ${allergiesColumn(rows)}::text[],
      ${consentColumn(rows)}::text[]::boolean[], ${column(rows, 'version')}::integer[],
      ${column(rows, 'deletedAt')}::timestamptz[], ${column(rows, 'deletedBy')}::uuid[],
      ${column(rows, 'changeSeq')}::bigint[]
    ) AS r(id, given_name, family_name, birth_date, sex, identifier, phone, email, notes,
           address, emergency_name, emergency_relationship, emergency_phone, allergies,
           reminder_consent, version, deleted_at, deleted_by, change_seq)`;
}

/**
 * Inserts patients the server did not have, created and last updated by the stamp. The caller
 * has checked under the clinic lock that no row, in any clinic, has these ids.
 */
export function insertPatientsWrite(stamp: WriteStamp, rows: PatientState[]): Write {
  return sql`
    INSERT INTO patients (id, clinic_id, given_name, family_name, birth_date, sex, identifier, phone, email, notes,
                          address, emergency_name, emergency_relationship, emergency_phone, allergies,
                          reminder_consent, created_at, created_by, updated_at, updated_by, version, deleted_at, deleted_by, change_seq)
    SELECT r.id, ${stamp.clinicId}::uuid, r.given_name, r.family_name, r.birth_date, r.sex, r.identifier, r.phone,
           r.email, r.notes, r.address, r.emergency_name, r.emergency_relationship, r.emergency_phone,
           r.allergies, r.reminder_consent, ${stamp.at}::timestamptz, ${stamp.userId}::uuid, ${stamp.at}::timestamptz,
           ${stamp.userId}::uuid, r.version, r.deleted_at, r.deleted_by, r.change_seq
    FROM ${patientStates(rows)}`;
}

/** Writes new states of stored rows, last updated by the stamp; another clinic's row is never touched. */
export function updatePatientsWrite(stamp: WriteStamp, rows: PatientState[]): Write {
  return sql`
    UPDATE patients p SET
      given_name = r.given_name, family_name = r.family_name, birth_date = r.birth_date, sex = r.sex,
      identifier = r.identifier, phone = r.phone, email = r.email, notes = r.notes,
      address = r.address, emergency_name = r.emergency_name,
      emergency_relationship = r.emergency_relationship, emergency_phone = r.emergency_phone,
      allergies = r.allergies, reminder_consent = r.reminder_consent,
      updated_at = ${stamp.at}, updated_by = ${stamp.userId}, version = r.version,
      deleted_at = r.deleted_at, deleted_by = r.deleted_by, change_seq = r.change_seq
    FROM ${patientStates(rows)}
    WHERE p.id = r.id AND p.clinic_id = ${stamp.clinicId}`;
}

/** A page of the clinic's rows changed after `after`, up to the committed counter `upTo`. */
export async function selectPatientsChangedSince(
  db: Db,
  page: { clinicId: string; after: number; upTo: number; limit: number },
): Promise<Patient[]> {
  const rows = await db.many<PatientRow>(sql`
    SELECT ${patientColumns} FROM patients
    WHERE clinic_id = ${page.clinicId} AND change_seq > ${page.after} AND change_seq <= ${page.upTo}
    ORDER BY change_seq
    LIMIT ${page.limit}`);
  return rows.map(toPatient);
}
