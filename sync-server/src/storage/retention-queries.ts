import type { Db } from './db.ts';
import { sql } from './sql.ts';

/**
 * What the nightly cleanup reads and deletes: rows no device holds (auth sessions, capture
 * sessions and their reservations, rejection verdicts), and the rows that tell whether an object
 * in storage is still wanted. Every `select…Due` reads one page after a cursor; its `delete…`
 * twin deletes the keys of that page that are still due, so a page that changed meanwhile loses
 * nothing it should keep, and a run cut short leaves only whole rows for the next one.
 */

/** Every clinic, in id order: what `pnpm cleanup` without `--clinic` works through. */
export async function selectClinicIds(db: Db): Promise<string[]> {
  const rows = await db.many<{ id: string }>(sql`SELECT id FROM clinics ORDER BY id`);
  return rows.map((row) => row.id);
}

/** The clinic's retention in days; undefined when there is no such clinic. */
export async function selectRetentionDays(db: Db, clinicId: string): Promise<number | undefined> {
  const rows = await db.many<{ days: number }>(
    sql`SELECT retention_days AS days FROM clinics WHERE id = ${clinicId}`,
  );
  return rows[0]?.days;
}

type Page = { after: string | undefined; limit: number };

/** Token hashes of the clinic's auth sessions that expired at or before `now`. */
export async function selectExpiredAuthSessions(
  db: Db,
  clinicId: string,
  now: string,
  page: Page,
): Promise<string[]> {
  const rows = await db.many<{ key: string }>(sql`
    SELECT token_hash AS key FROM sessions
    WHERE clinic_id = ${clinicId} AND expires_at <= ${now}
      AND token_hash > ${page.after ?? ''}
    ORDER BY token_hash LIMIT ${page.limit}`);
  return rows.map((row) => row.key);
}

export async function deleteExpiredAuthSessions(
  db: Db,
  clinicId: string,
  now: string,
  keys: string[],
): Promise<number> {
  const rows = await db.many(sql`
    DELETE FROM sessions
    WHERE clinic_id = ${clinicId} AND expires_at <= ${now} AND token_hash = ANY(${keys}::text[])
    RETURNING token_hash`);
  return rows.length;
}

/**
 * A capture session is over when it was ended, or when its code (never opened) or its credential
 * (opened) expired; `overBefore` says how long ago.
 */
const captureSessionOver = sql`coalesce(ended_at,
  CASE WHEN opened_at IS NULL THEN token_expires_at ELSE expires_at END)`;

/** A reservation a phone never completed, and where its staged bytes would be. */
export type AbandonedReservation = { photoId: string; patientId: string };

export type OverCaptureSession = { id: string; abandoned: AbandonedReservation[] };

/** The clinic's capture sessions over before `overBefore`, with their never-completed slots. */
export async function selectOverCaptureSessions(
  db: Db,
  clinicId: string,
  overBefore: string,
  page: Page,
): Promise<OverCaptureSession[]> {
  return db.many<OverCaptureSession>(sql`
    SELECT s.id, coalesce(
      (SELECT json_agg(json_build_object('photoId', u.photo_id, 'patientId', s.patient_id)
         ORDER BY u.photo_id)
       FROM capture_uploads u
       WHERE u.clinic_id = s.clinic_id AND u.session_id = s.id AND u.completed_at IS NULL),
      '[]'::json) AS abandoned
    FROM capture_sessions s
    WHERE s.clinic_id = ${clinicId} AND ${captureSessionOver} < ${overBefore}
      AND s.id > ${page.after ?? '00000000-0000-0000-0000-000000000000'}
    ORDER BY s.id LIMIT ${page.limit}`);
}

/** Deletes those of `ids` still over; their reservations go with them (ON DELETE CASCADE). */
export async function deleteOverCaptureSessions(
  db: Db,
  clinicId: string,
  overBefore: string,
  ids: string[],
): Promise<number> {
  const rows = await db.many(sql`
    DELETE FROM capture_sessions
    WHERE clinic_id = ${clinicId} AND ${captureSessionOver} < ${overBefore}
      AND id = ANY(${ids}::uuid[])
    RETURNING id`);
  return rows.length;
}

/** A rejection verdict's key within its clinic. */
export type RejectionKey = { clientId: string; seq: number };

/** Verdicts of rejected mutations stored before `before`, in key order. */
export async function selectOldRejections(
  db: Db,
  clinicId: string,
  before: string,
  page: { after: RejectionKey | undefined; limit: number },
): Promise<RejectionKey[]> {
  const after = page.after ?? { clientId: '00000000-0000-0000-0000-000000000000', seq: -1 };
  return db.many<RejectionKey>(sql`
    SELECT client_id AS "clientId", seq FROM sync_rejections
    WHERE clinic_id = ${clinicId} AND rejected_at < ${before}
      AND (client_id, seq) > (${after.clientId}::uuid, ${after.seq}::bigint)
    ORDER BY client_id, seq LIMIT ${page.limit}`);
}

export async function deleteOldRejections(
  db: Db,
  clinicId: string,
  before: string,
  keys: RejectionKey[],
): Promise<number> {
  const rows = await db.many(sql`
    DELETE FROM sync_rejections r
    USING unnest(${keys.map((k) => k.clientId)}::uuid[], ${keys.map((k) => k.seq)}::bigint[])
      AS k(client_id, seq)
    WHERE r.clinic_id = ${clinicId} AND r.rejected_at < ${before}
      AND r.client_id = k.client_id AND r.seq = k.seq
    RETURNING r.seq`);
  return rows.length;
}

/** A photo row as far as its object's key goes. */
export type PhotoKeyRow = { id: string; patientId: string; kind: 'photo' | 'attachment' };

/** The clinic's photo rows with these ids, deleted or not: each one keeps its object. */
export function selectPhotoKeyRows(
  db: Db,
  clinicId: string,
  ids: string[],
): Promise<PhotoKeyRow[]> {
  return db.many<PhotoKeyRow>(sql`
    SELECT id, patient_id AS "patientId", kind FROM photos
    WHERE clinic_id = ${clinicId} AND id = ANY(${ids}::uuid[])`);
}

/**
 * Of these ids, the uploads that may still complete, as the keys' owners: a live photo row
 * whose bytes have not arrived, committed or staged since `pendingSince`; or a reservation of a
 * capture session not over at `now`. Their staged bytes stay.
 */
export async function selectLiveUploads(
  db: Db,
  clinicId: string,
  ids: string[],
  o: { pendingSince: string; now: string },
): Promise<PhotoKeyRow[]> {
  return db.many<PhotoKeyRow>(sql`
    SELECT id, patient_id AS "patientId", kind FROM photos
    WHERE clinic_id = ${clinicId} AND id = ANY(${ids}::uuid[])
      AND deleted_at IS NULL AND uploaded_at IS NULL
      AND (status = 'committed' OR created_at >= ${o.pendingSince})
    UNION ALL
    SELECT u.photo_id, s.patient_id, 'photo' FROM capture_uploads u
    JOIN capture_sessions s ON s.clinic_id = u.clinic_id AND s.id = u.session_id
    WHERE u.clinic_id = ${clinicId} AND u.photo_id = ANY(${ids}::uuid[])
      AND u.completed_at IS NULL AND ${captureSessionOver} > ${o.now}`);
}
