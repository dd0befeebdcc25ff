import type { Db } from './db.ts';
import { one } from './db.ts';
import { sql } from './sql.ts';

/** The stored hash of an active user's password. */
export async function findPasswordHash(db: Db, userId: string): Promise<string | undefined> {
  const row = await one<{ passwordHash: string }>(
    db,
    sql`SELECT password_hash AS "passwordHash" FROM users WHERE id = ${userId} AND disabled_at IS NULL`,
  );
  return row?.passwordHash;
}

export async function updatePasswordHash(
  db: Db,
  userId: string,
  passwordHash: string,
): Promise<void> {
  await db.many(sql`UPDATE users SET password_hash = ${passwordHash} WHERE id = ${userId}`);
}

/**
 * Deletes the user's sessions, all of them or all but `keepTokenHash`; the hashes of those it
 * deleted, for the session cache to forget.
 */
export async function deleteUserSessions(
  db: Db,
  userId: string,
  keepTokenHash: string | null = null,
): Promise<string[]> {
  const rows = await db.many<{ tokenHash: string }>(sql`
    DELETE FROM sessions
    WHERE user_id = ${userId} AND (${keepTokenHash}::text IS NULL OR token_hash <> ${keepTokenHash}::text)
    RETURNING token_hash AS "tokenHash"`);
  return rows.map((row) => row.tokenHash);
}

/** The active user an email names, for a reset link. */
export async function findResetUser(
  db: Db,
  email: string,
): Promise<{ userId: string; clinicId: string; email: string } | undefined> {
  return one(
    db,
    sql`
    SELECT id AS "userId", clinic_id AS "clinicId", email FROM users
    WHERE lower(email) = lower(${email}) AND disabled_at IS NULL`,
  );
}

/** Stores a new link's hash, and deletes links that ended more than a day before `createdAt`. */
export async function insertPasswordReset(
  db: Db,
  reset: { tokenHash: string; userId: string; clinicId: string; createdAt: Date; expiresAt: Date },
): Promise<void> {
  const dayBefore = new Date(reset.createdAt.getTime() - 24 * 60 * 60 * 1000);
  await db.many(
    sql`DELETE FROM password_resets WHERE expires_at < ${dayBefore.toISOString()}::timestamptz`,
  );
  await db.many(sql`
    INSERT INTO password_resets (token_hash, user_id, clinic_id, created_at, expires_at)
    VALUES (${reset.tokenHash}, ${reset.userId}, ${reset.clinicId},
            ${reset.createdAt.toISOString()}, ${reset.expiresAt.toISOString()})`);
}

/**
 * Marks the link of `tokenHash` used if it is unused and unexpired at `now` (one statement, so
 * two tabs racing with the same link cannot both win); its active user, or undefined.
 */
export async function usePasswordReset(
  db: Db,
  tokenHash: string,
  now: Date,
): Promise<{ userId: string; clinicId: string } | undefined> {
  return one(
    db,
    sql`
    UPDATE password_resets r SET used_at = ${now.toISOString()}::timestamptz
    FROM users u
    WHERE r.token_hash = ${tokenHash} AND r.used_at IS NULL
      AND r.expires_at > ${now.toISOString()}::timestamptz
      AND u.id = r.user_id AND u.disabled_at IS NULL
    RETURNING r.user_id AS "userId", r.clinic_id AS "clinicId"`,
  );
}

/** Voids every unused link of the user: a new password was just set. */
export async function voidPasswordResets(db: Db, userId: string, now: Date): Promise<void> {
  await db.many(sql`
    UPDATE password_resets SET used_at = ${now.toISOString()}::timestamptz
    WHERE user_id = ${userId} AND used_at IS NULL`);
}
