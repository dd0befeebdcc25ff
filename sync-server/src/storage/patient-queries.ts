import type { Patient } from '@bedside/shared';
import type { Db } from './db.ts';
import { jsonb } from './json-param.ts';
import { sql } from './sql.ts';
import { isoOrNull } from './timestamps.ts';

/** Every column, named as devices see it (camelCase). */
const patientColumns = sql`
  id, clinic_id AS "clinicId", given_name AS "givenName", family_name AS "familyName",
  birth_date AS "birthDate", sex, identifier, phone, email, notes,
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

/** Writes final row states in one statement; a row of another clinic is never touched. */
export async function upsertPatients(db: Db, patients: Patient[]): Promise<void> {
  await db.many(sql`
    INSERT INTO patients (id, clinic_id, given_name, family_name, birth_date, sex, identifier, phone, email, notes,
                          created_at, created_by, updated_at, updated_by, version, deleted_at, deleted_by, change_seq)
    SELECT "id", "clinicId", "givenName", "familyName", "birthDate", "sex", "identifier", "phone", "email", "notes",
           "createdAt", "createdBy", "updatedAt", "updatedBy", "version", "deletedAt", "deletedBy", "changeSeq"
    FROM jsonb_to_recordset(${jsonb(patients)}) AS r(
      "id" uuid, "clinicId" uuid, "givenName" text, "familyName" text, "birthDate" date, "sex" text,
      "identifier" text, "phone" text, "email" text, "notes" text, "createdAt" timestamptz, "createdBy" uuid,
      "updatedAt" timestamptz, "updatedBy" uuid, "version" integer, "deletedAt" timestamptz, "deletedBy" uuid,
      "changeSeq" bigint)
    ON CONFLICT (id) DO UPDATE SET
      given_name = EXCLUDED.given_name, family_name = EXCLUDED.family_name, birth_date = EXCLUDED.birth_date,
      sex = EXCLUDED.sex, identifier = EXCLUDED.identifier, phone = EXCLUDED.phone, email = EXCLUDED.email,
      notes = EXCLUDED.notes, updated_at = EXCLUDED.updated_at, updated_by = EXCLUDED.updated_by,
      version = EXCLUDED.version, deleted_at = EXCLUDED.deleted_at, deleted_by = EXCLUDED.deleted_by,
      change_seq = EXCLUDED.change_seq
    WHERE patients.clinic_id = EXCLUDED.clinic_id`);
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
