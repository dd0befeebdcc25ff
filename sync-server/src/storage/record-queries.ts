import type { ClinicalRecord, RecordAddendum } from '@bedside/shared';
import { changedSinceQuery, type ChangePage } from './change-page.ts';
import type { Db } from './db.ts';
import { jsonb } from './json-param.ts';
import { sql } from './sql.ts';
import { isoOrNull, withIsoStamps, type StampColumns } from './timestamps.ts';
import type { Write } from './write.ts';

const metaColumns = sql`
  created_at AS "createdAt", created_by AS "createdBy", updated_at AS "updatedAt", updated_by AS "updatedBy",
  version, deleted_at AS "deletedAt", deleted_by AS "deletedBy", change_seq AS "changeSeq"`;

const recordColumns = sql`
  id, clinic_id AS "clinicId", patient_id AS "patientId", template_id AS "templateId",
  template_version_id AS "templateVersionId", appointment_id AS "appointmentId", status, data,
  finalized_at AS "finalizedAt", finalized_by AS "finalizedBy",
  archived_at AS "archivedAt", archived_by AS "archivedBy", ${metaColumns}`;

const addendumColumns = sql`
  id, clinic_id AS "clinicId", record_id AS "recordId", patient_id AS "patientId", text, ${metaColumns}`;

type RecordRow = Omit<ClinicalRecord, keyof StampColumns | 'finalizedAt' | 'archivedAt'> &
  StampColumns & { finalizedAt: Date | null; archivedAt: Date | null };
type AddendumRow = Omit<RecordAddendum, keyof StampColumns> & StampColumns;

function toRecord(row: RecordRow): ClinicalRecord {
  return {
    ...withIsoStamps(row),
    finalizedAt: isoOrNull(row.finalizedAt),
    archivedAt: isoOrNull(row.archivedAt),
  };
}

/** Records with these ids in ANY clinic: the caller tells its own clinic's rows from others'. */
export async function selectRecordsByIds(db: Db, ids: string[]): Promise<ClinicalRecord[]> {
  const rows = await db.many<RecordRow>(
    sql`SELECT ${recordColumns} FROM records WHERE id = ANY(${ids}::uuid[])`,
  );
  return rows.map(toRecord);
}

/** The clinic's record with this id; another clinic's is not found. */
export async function selectClinicRecord(
  db: Db,
  clinicId: string,
  id: string,
): Promise<ClinicalRecord | undefined> {
  const rows = await db.many<RecordRow>(
    sql`SELECT ${recordColumns} FROM records WHERE clinic_id = ${clinicId} AND id = ${id}`,
  );
  return rows.map(toRecord)[0];
}

/** Addenda with these ids in ANY clinic: the caller tells its own clinic's from others'. */
export async function selectAddendaByIds(db: Db, ids: string[]): Promise<RecordAddendum[]> {
  const rows = await db.many<AddendumRow>(
    sql`SELECT ${addendumColumns} FROM record_addenda WHERE id = ANY(${ids}::uuid[])`,
  );
  return rows.map(withIsoStamps);
}

const recordRecordset = sql`AS r(
  "id" uuid, "patientId" uuid, "templateId" uuid, "templateVersionId" uuid, "appointmentId" uuid,
  "status" text, "data" text, "photoIds" uuid[],
  "finalizedAt" timestamptz, "finalizedBy" uuid, "archivedAt" timestamptz, "archivedBy" uuid,
  "createdAt" timestamptz, "createdBy" uuid, "updatedAt" timestamptz, "updatedBy" uuid,
  "version" integer, "deletedAt" timestamptz, "deletedBy" uuid, "changeSeq" bigint)`;

const uuidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * The ids a record's answers list (every id in an answer that is a list: its photos), kept in
 * clear beside the sealed answers so the cleanup can tell which photos went with a note.
 *
 * @example
 * listedIds({ photos: ['0196…'], pain: 3 }) // ['0196…']
 */
export function listedIds(data: unknown): string[] {
  if (typeof data !== 'object' || data === null || Array.isArray(data)) return [];
  const ids = Object.values(data).flatMap((answer: unknown) =>
    Array.isArray(answer)
      ? answer.filter((item): item is string => typeof item === 'string' && uuidPattern.test(item))
      : [],
  );
  return [...new Set(ids)];
}

/** Each sealed row with the ids its plaintext row's answers list. */
function withListedIds(sealed: ClinicalRecord[], plain: ClinicalRecord[]) {
  return sealed.map((row, i) => ({ ...row, photoIds: listedIds(plain[i]?.data) }));
}

/**
 * Inserts records the server did not have, in the clinic (checked by the caller under its lock):
 * `sealed` as stored, `plain` the same rows before sealing.
 */
export function insertRecordsWrite(
  clinicId: string,
  sealed: ClinicalRecord[],
  plain: ClinicalRecord[],
): Write {
  return sql`
    INSERT INTO records (id, clinic_id, patient_id, template_id, template_version_id, appointment_id,
      status, data, photo_ids, finalized_at, finalized_by, archived_at, archived_by, created_at, created_by,
      updated_at, updated_by, version, deleted_at, deleted_by, change_seq)
    SELECT "id", ${clinicId}::uuid, "patientId", "templateId", "templateVersionId", "appointmentId",
      "status", "data", coalesce("photoIds", '{}'),
      "finalizedAt", "finalizedBy", "archivedAt", "archivedBy", "createdAt", "createdBy", "updatedAt",
      "updatedBy", "version", "deletedAt", "deletedBy", "changeSeq"
    FROM jsonb_to_recordset(${jsonb(withListedIds(sealed, plain))}) ${recordRecordset}`;
}

/**
 * Writes new states of the clinic's stored records; another clinic's row is never touched. The
 * patient, template version and appointment never change after the create.
 */
export function updateRecordsWrite(
  clinicId: string,
  sealed: ClinicalRecord[],
  plain: ClinicalRecord[],
): Write {
  return sql`
    UPDATE records t SET
      status = r."status", data = r."data", photo_ids = coalesce(r."photoIds", '{}'), finalized_at = r."finalizedAt", finalized_by = r."finalizedBy",
      archived_at = r."archivedAt", archived_by = r."archivedBy", updated_at = r."updatedAt",
      updated_by = r."updatedBy", version = r."version", deleted_at = r."deletedAt",
      deleted_by = r."deletedBy", change_seq = r."changeSeq"
    FROM jsonb_to_recordset(${jsonb(withListedIds(sealed, plain))}) ${recordRecordset}
    WHERE t.id = r."id" AND t.clinic_id = ${clinicId}`;
}

/** Which live record of the clinic is the note of each of these appointments. */
export async function selectAppointmentNoteHolders(
  db: Db,
  clinicId: string,
  appointmentIds: string[],
): Promise<{ id: string; appointmentId: string }[]> {
  return db.many(sql`
    SELECT id, appointment_id AS "appointmentId" FROM records
    WHERE clinic_id = ${clinicId} AND deleted_at IS NULL
      AND appointment_id = ANY(${appointmentIds}::uuid[])`);
}

/**
 * Soft deletes these records ahead of a push's one statement, so a batch that deletes an
 * appointment's note and writes another one passes the unique index in any order of its parts.
 */
export async function releaseAppointmentNotes(
  db: Db,
  clinicId: string,
  rows: { id: string; deletedAt: string | null; deletedBy: string | null }[],
): Promise<void> {
  await db.many(sql`
    UPDATE records t SET deleted_at = r."deletedAt", deleted_by = r."deletedBy"
    FROM jsonb_to_recordset(${jsonb(rows)}) AS r("id" uuid, "deletedAt" timestamptz, "deletedBy" uuid)
    WHERE t.id = r."id" AND t.clinic_id = ${clinicId}`);
}

/** Addenda are only ever inserted. */
export function insertAddendaWrite(clinicId: string, rows: RecordAddendum[]): Write {
  return sql`
    INSERT INTO record_addenda (id, clinic_id, record_id, patient_id, text, created_at, created_by,
      updated_at, updated_by, version, deleted_at, deleted_by, change_seq)
    SELECT "id", ${clinicId}::uuid, "recordId", "patientId", "text", "createdAt", "createdBy",
      "updatedAt", "updatedBy", "version", "deletedAt", "deletedBy", "changeSeq"
    FROM jsonb_to_recordset(${jsonb(rows)}) AS r(
      "id" uuid, "recordId" uuid, "patientId" uuid, "text" text, "createdAt" timestamptz,
      "createdBy" uuid, "updatedAt" timestamptz, "updatedBy" uuid, "version" integer,
      "deletedAt" timestamptz, "deletedBy" uuid, "changeSeq" bigint)`;
}

export async function selectRecordsChangedSince(
  db: Db,
  page: ChangePage,
): Promise<ClinicalRecord[]> {
  const rows = await db.many<RecordRow>(changedSinceQuery('records', recordColumns, page));
  return rows.map(toRecord);
}

export async function selectAddendaChangedSince(
  db: Db,
  page: ChangePage,
): Promise<RecordAddendum[]> {
  const rows = await db.many<AddendumRow>(
    changedSinceQuery('record_addenda', addendumColumns, page),
  );
  return rows.map(withIsoStamps);
}
