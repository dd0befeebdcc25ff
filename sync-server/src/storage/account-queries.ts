import type { Clinic, Me, Role, User } from '@bedside/shared';
import { one, type Db } from './db.ts';
import { sql } from './sql.ts';

type MeRow = {
  userId: string;
  clinicId: string;
  userName: string;
  email: string;
  role: Role;
  clinicName: string;
  timezone: string;
  retentionDays: number;
  mustSetUpTwoFactor: boolean;
};

const meColumns = sql`
  u.id AS "userId", u.clinic_id AS "clinicId", u.name AS "userName", u.email, u.role,
  c.name AS "clinicName", c.timezone, c.retention_days AS "retentionDays",
  (c.require_two_factor AND NOT EXISTS (
    SELECT 1 FROM two_factor t WHERE t.user_id = u.id AND t.enabled_at IS NOT NULL
  )) AS "mustSetUpTwoFactor"`;

function toMe(row: MeRow): Me {
  return {
    user: {
      id: row.userId,
      clinicId: row.clinicId,
      name: row.userName,
      email: row.email,
      role: row.role,
    },
    clinic: {
      id: row.clinicId,
      name: row.clinicName,
      timezone: row.timezone,
      retentionDays: row.retentionDays,
    },
    ...(row.mustSetUpTwoFactor ? { mustSetUpTwoFactor: true } : {}),
  };
}

export async function insertClinic(
  db: Db,
  clinic: Omit<Clinic, 'retentionDays'> & { epoch: string },
): Promise<Clinic> {
  const [row] = await db.many<Clinic>(sql`
    INSERT INTO clinics (id, name, timezone, epoch) VALUES (${clinic.id}, ${clinic.name}, ${clinic.timezone}, ${clinic.epoch})
    RETURNING id, name, timezone, retention_days AS "retentionDays"`);
  if (!row) throw new Error('INSERT … RETURNING gave no row');
  return row;
}

export async function insertUser(db: Db, user: User & { passwordHash: string }): Promise<void> {
  await db.many(sql`
    INSERT INTO users (id, clinic_id, email, name, role, password_hash)
    VALUES (${user.id}, ${user.clinicId}, ${user.email}, ${user.name}, ${user.role}, ${user.passwordHash})`);
}

export async function isEmailTaken(db: Db, email: string): Promise<boolean> {
  return (
    (await one(db, sql`SELECT 1 FROM users WHERE lower(email) = lower(${email})`)) !== undefined
  );
}

export async function findLoginByEmail(
  db: Db,
  email: string,
): Promise<(Me & { passwordHash: string }) | undefined> {
  const row = await one<MeRow & { passwordHash: string }>(
    db,
    sql`
    SELECT ${meColumns}, u.password_hash AS "passwordHash"
    FROM users u JOIN clinics c ON c.id = u.clinic_id
    WHERE lower(u.email) = lower(${email}) AND u.disabled_at IS NULL`,
  );
  return row && { ...toMe(row), passwordHash: row.passwordHash };
}

export async function listClinicUsers(db: Db, clinicId: string): Promise<Omit<User, 'clinicId'>[]> {
  return db.many(sql`
    SELECT id, name, email, role FROM users
    WHERE clinic_id = ${clinicId} AND disabled_at IS NULL
    ORDER BY name, id`);
}

export async function insertSession(
  db: Db,
  session: {
    tokenHash: string;
    userId: string;
    clinicId: string;
    createdAt: Date;
    expiresAt: Date;
    /** The opaque id "My devices" lists it by, and the device's short label. */
    id: string;
    device: string | null;
  },
): Promise<void> {
  await db.many(sql`
    INSERT INTO sessions (token_hash, user_id, clinic_id, created_at, expires_at, id, device, last_seen_at)
    VALUES (${session.tokenHash}, ${session.userId}, ${session.clinicId},
            ${session.createdAt.toISOString()}, ${session.expiresAt.toISOString()},
            ${session.id}, ${session.device}, ${session.createdAt.toISOString()})`);
}

/** The signed-in user of a live session, when that session ends and when it was last seen. */
export async function findSessionMe(
  db: Db,
  tokenHash: string,
  now: Date,
): Promise<{ me: Me; expiresAt: Date; lastSeenAt: Date | null } | undefined> {
  const row = await one<MeRow & { expiresAt: Date; lastSeenAt: Date | null }>(
    db,
    sql`
    SELECT ${meColumns}, s.expires_at AS "expiresAt", s.last_seen_at AS "lastSeenAt"
    FROM sessions s JOIN users u ON u.id = s.user_id JOIN clinics c ON c.id = s.clinic_id
    WHERE s.token_hash = ${tokenHash} AND s.expires_at > ${now.toISOString()} AND u.disabled_at IS NULL`,
  );
  return row && { me: toMe(row), expiresAt: row.expiresAt, lastSeenAt: row.lastSeenAt };
}

export async function deleteSession(db: Db, tokenHash: string): Promise<void> {
  await db.many(sql`DELETE FROM sessions WHERE token_hash = ${tokenHash}`);
}
