import type { Laterality } from '@bedside/shared';
import { one, type Db } from './db.ts';
import { sql } from './sql.ts';
import { isoOrNull } from './timestamps.ts';
import type { Write } from './write.ts';

/** Heard by every server instance: the payload is the id of a capture session that changed. */
export const captureChannel = 'bedside_capture';

/** A capture session as stored. Its token and credential hashes never leave this file. */
export type StoredCaptureSession = {
  id: string;
  clinicId: string;
  patientId: string;
  recordId: string | null;
  tokenExpiresAt: string;
  openedAt: string | null;
  expiresAt: string | null;
  endedAt: string | null;
  imageLimit: number;
  createdAt: string;
  createdBy: string;
};

/** One image slot a phone reserved, with what it declared about the bytes. */
export type CaptureUpload = {
  photoId: string;
  clinicId: string;
  sessionId: string;
  contentType: 'image/jpeg' | 'image/png';
  byteSize: number;
  sha256: string;
  width: number;
  height: number;
  capturedAt: string;
  bodySite: string | null;
  laterality: Laterality | null;
  createdAt: string;
  completedAt: string | null;
};

const sessionColumns = sql`
  id, clinic_id AS "clinicId", patient_id AS "patientId", record_id AS "recordId",
  token_expires_at AS "tokenExpiresAt", opened_at AS "openedAt", expires_at AS "expiresAt",
  ended_at AS "endedAt", image_limit AS "imageLimit", created_at AS "createdAt",
  created_by AS "createdBy"`;

type SessionRow = Omit<
  StoredCaptureSession,
  'tokenExpiresAt' | 'openedAt' | 'expiresAt' | 'endedAt' | 'createdAt'
> & {
  tokenExpiresAt: Date;
  openedAt: Date | null;
  expiresAt: Date | null;
  endedAt: Date | null;
  createdAt: Date;
};

function toSession(row: SessionRow): StoredCaptureSession {
  return {
    ...row,
    tokenExpiresAt: row.tokenExpiresAt.toISOString(),
    openedAt: isoOrNull(row.openedAt),
    expiresAt: isoOrNull(row.expiresAt),
    endedAt: isoOrNull(row.endedAt),
    createdAt: row.createdAt.toISOString(),
  };
}

async function oneSession(db: Db, query: ReturnType<typeof sql>) {
  const row = await one<SessionRow>(db, query);
  return row && toSession(row);
}

export async function insertCaptureSession(
  db: Db,
  session: StoredCaptureSession & { tokenHash: string },
): Promise<void> {
  await db.many(sql`
    INSERT INTO capture_sessions (id, clinic_id, patient_id, record_id, token_hash,
      token_expires_at, image_limit, created_at, created_by)
    VALUES (${session.id}, ${session.clinicId}, ${session.patientId}, ${session.recordId},
      ${session.tokenHash}, ${session.tokenExpiresAt}, ${session.imageLimit}, ${session.createdAt},
      ${session.createdBy})`);
}

/** The clinic's session; another clinic's is not found. */
export function selectClinicCaptureSession(
  db: Db,
  clinicId: string,
  id: string,
): Promise<StoredCaptureSession | undefined> {
  return oneSession(
    db,
    sql`SELECT ${sessionColumns} FROM capture_sessions WHERE clinic_id = ${clinicId} AND id = ${id}`,
  );
}

export function selectCaptureSessionByToken(
  db: Db,
  tokenHash: string,
): Promise<StoredCaptureSession | undefined> {
  return oneSession(
    db,
    sql`SELECT ${sessionColumns} FROM capture_sessions WHERE token_hash = ${tokenHash}`,
  );
}

export function selectCaptureSessionByCredential(
  db: Db,
  credentialHash: string,
): Promise<StoredCaptureSession | undefined> {
  return oneSession(
    db,
    sql`SELECT ${sessionColumns} FROM capture_sessions WHERE credential_hash = ${credentialHash}`,
  );
}

/**
 * Opens the session of an unused, unexpired, unended token, in one statement: of two phones
 * opening the same token at once, the second finds it opened and gets no row.
 */
export function openCaptureSessionByToken(
  db: Db,
  open: { tokenHash: string; credentialHash: string; now: string; expiresAt: string },
): Promise<StoredCaptureSession | undefined> {
  return oneSession(
    db,
    sql`
    UPDATE capture_sessions
    SET opened_at = ${open.now}, expires_at = ${open.expiresAt}, credential_hash = ${open.credentialHash}
    WHERE token_hash = ${open.tokenHash} AND opened_at IS NULL AND ended_at IS NULL
      AND token_expires_at > ${open.now}
    RETURNING ${sessionColumns}`,
  );
}

/** Ends the clinic's session if it is still waiting or open; no row when it was not. */
export function endClinicCaptureSession(
  db: Db,
  end: { clinicId: string; id: string; userId: string; now: string },
): Promise<StoredCaptureSession | undefined> {
  return oneSession(
    db,
    sql`
    UPDATE capture_sessions SET ended_at = ${end.now}, ended_by = ${end.userId}
    WHERE clinic_id = ${end.clinicId} AND id = ${end.id} AND ended_at IS NULL
      AND CASE WHEN opened_at IS NULL THEN token_expires_at ELSE expires_at END > ${end.now}
    RETURNING ${sessionColumns}`,
  );
}

/** Tells every instance's listeners the session changed; they hear it when the caller commits. */
export async function notifyCaptureSession(db: Db, sessionId: string): Promise<void> {
  await db.many(sql`SELECT pg_notify(${captureChannel}, ${sessionId}::text)`);
}

/** Holds the session's row until commit, so its slots are counted and taken one at a time. */
export async function lockCaptureSession(db: Db, clinicId: string, id: string): Promise<void> {
  await db.many(
    sql`SELECT 1 FROM capture_sessions WHERE clinic_id = ${clinicId} AND id = ${id} FOR NO KEY UPDATE`,
  );
}

/** The photos that arrived through the session (uploaded and checked), oldest first. */
export async function selectArrivedPhotoIds(
  db: Db,
  clinicId: string,
  sessionId: string,
): Promise<string[]> {
  const rows = await db.many<{ photoId: string }>(sql`
    SELECT photo_id AS "photoId" FROM capture_uploads
    WHERE clinic_id = ${clinicId} AND session_id = ${sessionId} AND completed_at IS NOT NULL
    ORDER BY completed_at, photo_id`);
  return rows.map((row) => row.photoId);
}

/** What the phone shows to check it serves the right patient; names never leave the server. */
export async function selectCaptureSubject(
  db: Db,
  session: StoredCaptureSession,
): Promise<{
  clinicName: string;
  givenName: string;
  familyName: string;
  recordTitle: string | null;
}> {
  const row = await one<{
    clinicName: string;
    givenName: string;
    familyName: string;
    recordTitle: string | null;
  }>(
    db,
    sql`
    SELECT c.name AS "clinicName", p.given_name AS "givenName", p.family_name AS "familyName",
      v.name AS "recordTitle"
    FROM clinics c
    JOIN patients p ON p.clinic_id = c.id AND p.id = ${session.patientId}
    LEFT JOIN records r ON r.clinic_id = c.id AND r.id = ${session.recordId}
    LEFT JOIN template_versions v ON v.clinic_id = c.id AND v.id = r.template_version_id
    WHERE c.id = ${session.clinicId}`,
  );
  if (!row) throw new Error('the patient of a capture session is gone');
  return row;
}

const uploadColumns = sql`
  photo_id AS "photoId", clinic_id AS "clinicId", session_id AS "sessionId",
  content_type AS "contentType", byte_size AS "byteSize", sha256, width, height,
  captured_at AS "capturedAt", body_site AS "bodySite", laterality, created_at AS "createdAt",
  completed_at AS "completedAt"`;

type UploadRow = Omit<CaptureUpload, 'capturedAt' | 'createdAt' | 'completedAt'> & {
  capturedAt: Date;
  createdAt: Date;
  completedAt: Date | null;
};

/** The slot reserved for this photo id, in ANY session of any clinic. */
export async function selectCaptureUpload(
  db: Db,
  photoId: string,
): Promise<CaptureUpload | undefined> {
  const row = await one<UploadRow>(
    db,
    sql`SELECT ${uploadColumns} FROM capture_uploads WHERE photo_id = ${photoId}`,
  );
  return (
    row && {
      ...row,
      capturedAt: row.capturedAt.toISOString(),
      createdAt: row.createdAt.toISOString(),
      completedAt: isoOrNull(row.completedAt),
    }
  );
}

export async function countCaptureUploads(
  db: Db,
  clinicId: string,
  sessionId: string,
): Promise<number> {
  const row = await one<{ count: number }>(
    db,
    sql`SELECT count(*)::integer AS count FROM capture_uploads
        WHERE clinic_id = ${clinicId} AND session_id = ${sessionId}`,
  );
  return row?.count ?? 0;
}

export async function insertCaptureUpload(db: Db, upload: CaptureUpload): Promise<void> {
  await db.many(sql`
    INSERT INTO capture_uploads (photo_id, clinic_id, session_id, content_type, byte_size, sha256,
      width, height, captured_at, body_site, laterality, created_at, completed_at)
    VALUES (${upload.photoId}, ${upload.clinicId}, ${upload.sessionId}, ${upload.contentType},
      ${upload.byteSize}, ${upload.sha256}, ${upload.width}, ${upload.height}, ${upload.capturedAt},
      ${upload.bodySite}, ${upload.laterality}, ${upload.createdAt}, ${upload.completedAt})`);
}

/** Frees the slot of refused bytes; a completed slot (its photo exists) is never freed. */
export async function deleteCaptureUpload(
  db: Db,
  clinicId: string,
  photoId: string,
): Promise<void> {
  await db.many(sql`
    DELETE FROM capture_uploads
    WHERE clinic_id = ${clinicId} AND photo_id = ${photoId} AND completed_at IS NULL`);
}

export function completeCaptureUploadWrite(clinicId: string, photoId: string, at: string): Write {
  return sql`
    UPDATE capture_uploads SET completed_at = ${at}
    WHERE clinic_id = ${clinicId} AND photo_id = ${photoId}`;
}
