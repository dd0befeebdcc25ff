import { one, type Db } from './db.ts';
import { sql } from './sql.ts';

/** A user's authenticator; `enabledAt` null while enrolment waits for its first code. */
export type TwoFactorRow = {
  secret: string;
  enabledAt: Date | null;
  /** The time step of the last code accepted; null before the first. */
  lastStep: number | null;
};

export async function findTwoFactor(db: Db, userId: string): Promise<TwoFactorRow | undefined> {
  return one<TwoFactorRow>(
    db,
    sql`
    SELECT secret, enabled_at AS "enabledAt", last_step AS "lastStep"
    FROM two_factor WHERE user_id = ${userId}`,
  );
}

/** The same, locked until the transaction ends: two requests cannot both accept one code. */
export async function lockTwoFactor(db: Db, userId: string): Promise<TwoFactorRow | undefined> {
  return one<TwoFactorRow>(
    db,
    sql`
    SELECT secret, enabled_at AS "enabledAt", last_step AS "lastStep"
    FROM two_factor WHERE user_id = ${userId} FOR UPDATE`,
  );
}

/**
 * A new secret waiting for its first code, replacing an earlier one still waiting; an enabled
 * authenticator is left alone (false).
 */
export async function upsertPendingTwoFactor(
  db: Db,
  row: { userId: string; clinicId: string; secret: string; createdAt: Date },
): Promise<boolean> {
  const written = await db.many(sql`
    INSERT INTO two_factor (user_id, clinic_id, secret, created_at)
    VALUES (${row.userId}, ${row.clinicId}, ${row.secret}, ${row.createdAt.toISOString()})
    ON CONFLICT (user_id) DO UPDATE
      SET secret = excluded.secret, created_at = excluded.created_at, last_step = NULL
      WHERE two_factor.enabled_at IS NULL
    RETURNING user_id`);
  return written.length > 0;
}

export async function markTwoFactorEnabled(
  db: Db,
  userId: string,
  enabledAt: Date,
  step: number,
): Promise<void> {
  await db.many(sql`
    UPDATE two_factor SET enabled_at = ${enabledAt.toISOString()}::timestamptz, last_step = ${step}
    WHERE user_id = ${userId}`);
}

/** Notes the step of an accepted code, unless a code of that step or a later one was accepted. */
export async function advanceLastStep(db: Db, userId: string, step: number): Promise<boolean> {
  const rows = await db.many(sql`
    UPDATE two_factor SET last_step = ${step}
    WHERE user_id = ${userId} AND (last_step IS NULL OR last_step < ${step})
    RETURNING user_id`);
  return rows.length > 0;
}

/** Turns two-factor off: the authenticator and every recovery code go. */
export async function deleteTwoFactor(db: Db, userId: string): Promise<void> {
  await db.many(sql`DELETE FROM recovery_codes WHERE user_id = ${userId}`);
  await db.many(sql`DELETE FROM two_factor WHERE user_id = ${userId}`);
}

/** The user's recovery codes become these (hashes); the old ones, used or not, go. */
export async function replaceRecoveryCodes(
  db: Db,
  userId: string,
  codeHashes: string[],
  createdAt: Date,
): Promise<void> {
  await db.many(sql`DELETE FROM recovery_codes WHERE user_id = ${userId}`);
  await db.many(sql`
    INSERT INTO recovery_codes (user_id, code_hash, created_at)
    SELECT ${userId}, h, ${createdAt.toISOString()}::timestamptz
    FROM unnest(${codeHashes}::text[]) AS h`);
}

/** Marks the unused recovery code of `codeHash` used (one statement: it works once); false if none. */
export async function useRecoveryCode(
  db: Db,
  userId: string,
  codeHash: string,
  now: Date,
): Promise<boolean> {
  const rows = await db.many(sql`
    UPDATE recovery_codes SET used_at = ${now.toISOString()}::timestamptz
    WHERE user_id = ${userId} AND code_hash = ${codeHash} AND used_at IS NULL
    RETURNING user_id`);
  return rows.length > 0;
}

export async function countUnusedRecoveryCodes(db: Db, userId: string): Promise<number> {
  const row = await one<{ left: number }>(
    db,
    sql`SELECT count(*)::integer AS "left" FROM recovery_codes WHERE user_id = ${userId} AND used_at IS NULL`,
  );
  return row?.left ?? 0;
}

/** Stores a sign-in challenge's hash, and deletes challenges that ended over a day before. */
export async function insertLoginChallenge(
  db: Db,
  challenge: { tokenHash: string; userId: string; createdAt: Date; expiresAt: Date },
): Promise<void> {
  const dayBefore = new Date(challenge.createdAt.getTime() - 24 * 60 * 60 * 1000);
  await db.many(
    sql`DELETE FROM two_factor_challenges WHERE expires_at < ${dayBefore.toISOString()}::timestamptz`,
  );
  await db.many(sql`
    INSERT INTO two_factor_challenges (token_hash, user_id, created_at, expires_at)
    VALUES (${challenge.tokenHash}, ${challenge.userId},
            ${challenge.createdAt.toISOString()}, ${challenge.expiresAt.toISOString()})`);
}

export type ChallengeUser = { userId: string; clinicId: string; email: string };

/**
 * The active user of an unused, unexpired challenge; with `lock`, the challenge row stays locked
 * until the transaction ends, so a second request with it waits and then finds it used.
 */
export async function findLoginChallenge(
  db: Db,
  tokenHash: string,
  now: Date,
  lock = false,
): Promise<ChallengeUser | undefined> {
  return one<ChallengeUser>(
    db,
    sql`
    SELECT u.id AS "userId", u.clinic_id AS "clinicId", u.email
    FROM two_factor_challenges ch JOIN users u ON u.id = ch.user_id
    WHERE ch.token_hash = ${tokenHash} AND ch.used_at IS NULL
      AND ch.expires_at > ${now.toISOString()}::timestamptz AND u.disabled_at IS NULL
    ${lock ? sql`FOR UPDATE OF ch` : sql``}`,
  );
}

export async function markLoginChallengeUsed(db: Db, tokenHash: string, now: Date): Promise<void> {
  await db.many(sql`
    UPDATE two_factor_challenges SET used_at = ${now.toISOString()}::timestamptz
    WHERE token_hash = ${tokenHash}`);
}
