import type { Photo } from '@bedside/shared';
import { changedSinceQuery, type ChangePage } from './change-page.ts';
import type { Db } from './db.ts';
import { jsonb } from './json-param.ts';
import { sql } from './sql.ts';
import { isoOrNull, withIsoStamps, type StampColumns } from './timestamps.ts';
import type { Write } from './write.ts';

const photoColumns = sql`
  id, clinic_id AS "clinicId", patient_id AS "patientId", kind, content_type AS "contentType",
  byte_size AS "byteSize", width, height, sha256, captured_at AS "capturedAt",
  body_site AS "bodySite", laterality, description, status, uploaded_at AS "uploadedAt",
  created_at AS "createdAt", created_by AS "createdBy", updated_at AS "updatedAt", updated_by AS "updatedBy",
  version, deleted_at AS "deletedAt", deleted_by AS "deletedBy", change_seq AS "changeSeq"`;

type PhotoRow = Omit<Photo, keyof StampColumns | 'capturedAt' | 'uploadedAt'> &
  StampColumns & { capturedAt: Date; uploadedAt: Date | null };

function toPhoto(row: PhotoRow): Photo {
  return {
    ...withIsoStamps(row),
    capturedAt: row.capturedAt.toISOString(),
    uploadedAt: isoOrNull(row.uploadedAt),
  };
}

/** Photos with these ids in ANY clinic: the caller tells its own clinic's rows from others'. */
export async function selectPhotosByIds(db: Db, ids: string[]): Promise<Photo[]> {
  const rows = await db.many<PhotoRow>(
    sql`SELECT ${photoColumns} FROM photos WHERE id = ANY(${ids}::uuid[])`,
  );
  return rows.map(toPhoto);
}

/** The clinic's photos with these ids; another clinic's are not found. */
export async function selectClinicPhotos(
  db: Db,
  clinicId: string,
  ids: string[],
): Promise<Photo[]> {
  const rows = await db.many<PhotoRow>(
    sql`SELECT ${photoColumns} FROM photos WHERE clinic_id = ${clinicId} AND id = ANY(${ids}::uuid[])`,
  );
  return rows.map(toPhoto);
}

export async function selectClinicPhoto(
  db: Db,
  clinicId: string,
  id: string,
): Promise<Photo | undefined> {
  return (await selectClinicPhotos(db, clinicId, [id]))[0];
}

const photoRecordset = sql`AS r(
  "id" uuid, "patientId" uuid, "kind" text, "contentType" text, "byteSize" integer, "width" integer,
  "height" integer, "sha256" text, "capturedAt" timestamptz, "bodySite" text, "laterality" text,
  "description" text, "status" text, "uploadedAt" timestamptz, "createdAt" timestamptz,
  "createdBy" uuid, "updatedAt" timestamptz, "updatedBy" uuid, "version" integer,
  "deletedAt" timestamptz, "deletedBy" uuid, "changeSeq" bigint)`;

/** Inserts photos the server did not have, in the clinic (checked by the caller under its lock). */
export function insertPhotosWrite(clinicId: string, rows: Photo[]): Write {
  return sql`
    INSERT INTO photos (id, clinic_id, patient_id, kind, content_type, byte_size, width, height,
      sha256, captured_at, body_site, laterality, description, status, uploaded_at, created_at,
      created_by, updated_at, updated_by, version, deleted_at, deleted_by, change_seq)
    SELECT "id", ${clinicId}::uuid, "patientId", "kind", "contentType", "byteSize", "width", "height",
      "sha256", "capturedAt", "bodySite", "laterality", "description", "status", "uploadedAt",
      "createdAt", "createdBy", "updatedAt", "updatedBy", "version", "deletedAt", "deletedBy",
      "changeSeq"
    FROM jsonb_to_recordset(${jsonb(rows)}) ${photoRecordset}`;
}

/**
 * Writes what a push changes on the clinic's stored photos; another clinic's row is never
 * touched. The file's facts (patient, kind, type, size, checksum) never change after the create,
 * and `uploaded_at` belongs to `markPhotoUploadedWrite` alone.
 */
export function updatePhotosWrite(clinicId: string, rows: Photo[]): Write {
  return sql`
    UPDATE photos t SET
      body_site = r."bodySite", laterality = r."laterality", description = r."description",
      status = r."status", updated_at = r."updatedAt", updated_by = r."updatedBy",
      version = r."version", deleted_at = r."deletedAt", deleted_by = r."deletedBy",
      change_seq = r."changeSeq"
    FROM jsonb_to_recordset(${jsonb(rows)}) ${photoRecordset}
    WHERE t.id = r."id" AND t.clinic_id = ${clinicId}`;
}

/** Notes that the photo's checked bytes are in storage, as a new version of its row. */
export function markPhotoUploadedWrite(photo: Photo): Write {
  return sql`
    UPDATE photos SET
      uploaded_at = ${photo.uploadedAt}, updated_at = ${photo.updatedAt},
      updated_by = ${photo.updatedBy}, version = ${photo.version}, change_seq = ${photo.changeSeq}
    WHERE clinic_id = ${photo.clinicId} AND id = ${photo.id}`;
}

export async function selectPhotosChangedSince(db: Db, page: ChangePage): Promise<Photo[]> {
  const rows = await db.many<PhotoRow>(changedSinceQuery('photos', photoColumns, page));
  return rows.map(toPhoto);
}
