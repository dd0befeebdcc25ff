import type { Role } from '@bedside/shared';
import type { DeactivatedUser } from '@bedside/shared/team';
import { one, type Db } from './db.ts';
import { sql } from './sql.ts';

export type TeamMember = {
  id: string;
  name: string;
  email: string;
  role: Role;
  disabledAt: Date | null;
};

/**
 * The clinic's user `id`, active or not, locked for this transaction along with every active
 * owner of the clinic (so two owners demoting each other cannot both pass the last-owner check).
 */
export async function lockTeamMember(
  db: Db,
  clinicId: string,
  id: string,
): Promise<TeamMember | undefined> {
  await db.many(sql`
    SELECT id FROM users
    WHERE clinic_id = ${clinicId} AND role = 'owner' AND disabled_at IS NULL
    ORDER BY id FOR UPDATE`);
  return one(
    db,
    sql`
    SELECT id, name, email, role, disabled_at AS "disabledAt" FROM users
    WHERE id = ${id} AND clinic_id = ${clinicId} FOR UPDATE`,
  );
}

/** How many active owners the clinic has besides `exceptId`. */
export async function countOtherActiveOwners(
  db: Db,
  clinicId: string,
  exceptId: string,
): Promise<number> {
  const row = await one<{ count: number }>(
    db,
    sql`
    SELECT count(*)::int AS count FROM users
    WHERE clinic_id = ${clinicId} AND role = 'owner' AND disabled_at IS NULL AND id <> ${exceptId}`,
  );
  return row?.count ?? 0;
}

export async function updateMember(
  db: Db,
  id: string,
  change: { name: string; role: Role },
): Promise<void> {
  await db.many(
    sql`UPDATE users SET name = ${change.name}, role = ${change.role} WHERE id = ${id}`,
  );
}

export async function setMemberDisabledAt(db: Db, id: string, at: Date | null): Promise<void> {
  await db.many(sql`
    UPDATE users SET disabled_at = ${at === null ? null : at.toISOString()}::timestamptz
    WHERE id = ${id}`);
}

/**
 * Ends every session of the user by moving it to `deactivated_sessions`, with what its device
 * last reported; the ended token hashes, for the session cache to forget.
 */
export async function moveSessionsToDeactivated(
  db: Db,
  userId: string,
  now: Date,
): Promise<string[]> {
  const rows = await db.many<{ tokenHash: string }>(sql`
    WITH ended AS (
      DELETE FROM sessions WHERE user_id = ${userId}
      RETURNING token_hash, id, user_id, clinic_id, device, unsent_changes, unsent_reported_at
    )
    INSERT INTO deactivated_sessions
      (token_hash, id, user_id, clinic_id, device, ended_at, unsent_changes, unsent_reported_at)
    SELECT token_hash, id, user_id, clinic_id, device, ${now.toISOString()}::timestamptz,
           unsent_changes, unsent_reported_at
    FROM ended
    ON CONFLICT (token_hash) DO NOTHING
    RETURNING token_hash AS "tokenHash"`);
  return rows.map((row) => row.tokenHash);
}

/** Forgets the deactivated sessions of a user who was reactivated. */
export async function deleteDeactivatedSessions(db: Db, userId: string): Promise<void> {
  await db.many(sql`DELETE FROM deactivated_sessions WHERE user_id = ${userId}`);
}

/** Whether `tokenHash` names a session that a deactivation ended. */
export async function isDeactivatedSession(db: Db, tokenHash: string): Promise<boolean> {
  return (
    (await one(db, sql`SELECT 1 FROM deactivated_sessions WHERE token_hash = ${tokenHash}`)) !==
    undefined
  );
}

/**
 * Notes a device's count of unsent changes on its live session, or on the deactivated session
 * it was (writes only when the count changed or the last report is older than `staleBefore`).
 */
export async function reportUnsentChanges(
  db: Db,
  tokenHash: string,
  unsentChanges: number,
  now: Date,
  staleBefore: Date,
): Promise<void> {
  for (const table of [sql`sessions`, sql`deactivated_sessions`]) {
    await db.many(sql`
      UPDATE ${table}
      SET unsent_changes = ${unsentChanges}, unsent_reported_at = ${now.toISOString()}::timestamptz
      WHERE token_hash = ${tokenHash}
        AND (unsent_changes IS DISTINCT FROM ${unsentChanges}::int
             OR unsent_reported_at IS NULL
             OR unsent_reported_at < ${staleBefore.toISOString()}::timestamptz)`);
  }
}

/** The clinic's deactivated users, by name, each with its devices that reported unsent changes. */
export async function listDeactivatedUsers(db: Db, clinicId: string): Promise<DeactivatedUser[]> {
  const users = await db.many<
    Omit<DeactivatedUser, 'deactivatedAt' | 'unsentReports'> & {
      deactivatedAt: Date;
    }
  >(sql`
    SELECT id, name, email, role, disabled_at AS "deactivatedAt" FROM users
    WHERE clinic_id = ${clinicId} AND disabled_at IS NOT NULL
    ORDER BY name, id`);
  const reports = await db.many<{
    userId: string;
    device: string | null;
    unsentChanges: number;
    reportedAt: Date;
  }>(sql`
    SELECT user_id AS "userId", device, unsent_changes AS "unsentChanges",
           unsent_reported_at AS "reportedAt"
    FROM deactivated_sessions
    WHERE clinic_id = ${clinicId} AND unsent_changes > 0
    ORDER BY unsent_reported_at DESC, id`);
  return users.map((user) => ({
    ...user,
    deactivatedAt: new Date(user.deactivatedAt).toISOString(),
    unsentReports: reports
      .filter((report) => report.userId === user.id)
      .map(({ device, unsentChanges, reportedAt }) => ({
        device,
        unsentChanges,
        reportedAt: new Date(reportedAt).toISOString(),
      })),
  }));
}
