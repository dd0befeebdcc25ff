import type { DeviceSession } from '@bedside/shared/devices';
import { one, type Db } from './db.ts';
import { sql } from './sql.ts';

/** The user's live sessions at `now`, the one of `currentTokenHash` marked; last seen first. */
export async function listUserSessions(
  db: Db,
  user: { userId: string; clinicId: string },
  currentTokenHash: string,
  now: Date,
): Promise<DeviceSession[]> {
  const rows = await db.many<{
    id: string;
    device: string | null;
    createdAt: Date;
    lastSeenAt: Date | null;
    current: boolean;
  }>(sql`
    SELECT id, device, created_at AS "createdAt", last_seen_at AS "lastSeenAt",
           token_hash = ${currentTokenHash} AS current
    FROM sessions
    WHERE user_id = ${user.userId} AND clinic_id = ${user.clinicId}
      AND expires_at > ${now.toISOString()}::timestamptz
    ORDER BY coalesce(last_seen_at, created_at) DESC, id`);
  return rows.map((row) => ({
    id: row.id,
    device: row.device,
    createdAt: new Date(row.createdAt).toISOString(),
    lastSeenAt: new Date(row.lastSeenAt ?? row.createdAt).toISOString(),
    current: row.current,
  }));
}

/** Deletes the user's session `id` (not `keepTokenHash`); its token hash, or undefined if none. */
export async function deleteUserSessionById(
  db: Db,
  user: { userId: string; clinicId: string },
  id: string,
  keepTokenHash: string,
): Promise<string | undefined> {
  const row = await one<{ tokenHash: string }>(
    db,
    sql`
    DELETE FROM sessions
    WHERE id = ${id} AND user_id = ${user.userId} AND clinic_id = ${user.clinicId}
      AND token_hash <> ${keepTokenHash}
    RETURNING token_hash AS "tokenHash"`,
  );
  return row?.tokenHash;
}

/** Deletes every session of the user but `keepTokenHash`; their ids and token hashes. */
export async function deleteOtherUserSessions(
  db: Db,
  user: { userId: string; clinicId: string },
  keepTokenHash: string,
): Promise<{ id: string; tokenHash: string }[]> {
  return db.many(sql`
    DELETE FROM sessions
    WHERE user_id = ${user.userId} AND clinic_id = ${user.clinicId} AND token_hash <> ${keepTokenHash}
    RETURNING id, token_hash AS "tokenHash"`);
}

/** Sets the session's last-seen time to `now` unless it was set after `staleBefore`. */
export async function touchSession(
  db: Db,
  tokenHash: string,
  now: Date,
  staleBefore: Date,
): Promise<void> {
  await db.many(sql`
    UPDATE sessions SET last_seen_at = ${now.toISOString()}::timestamptz
    WHERE token_hash = ${tokenHash}
      AND (last_seen_at IS NULL OR last_seen_at < ${staleBefore.toISOString()}::timestamptz)`);
}
