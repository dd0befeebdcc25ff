import type { Role } from '@bedside/shared';
import type { InvitationPreview, PendingInvitation } from '@bedside/shared/team';
import { one, type Db } from './db.ts';
import { sql } from './sql.ts';

export type NewInvitation = {
  id: string;
  clinicId: string;
  email: string;
  name: string | null;
  role: Role;
  invitedBy: string;
  tokenHash: string;
  createdAt: Date;
  expiresAt: Date;
};

type PendingRow = Omit<PendingInvitation, 'createdAt' | 'expiresAt'> & {
  createdAt: Date;
  expiresAt: Date;
};

const pendingColumns = sql`
  id, email, role, name, invited_by AS "invitedBy", created_at AS "createdAt",
  expires_at AS "expiresAt"`;

function toPending(row: PendingRow): PendingInvitation {
  return {
    ...row,
    createdAt: new Date(row.createdAt).toISOString(),
    expiresAt: new Date(row.expiresAt).toISOString(),
  };
}

export async function insertInvitation(db: Db, invitation: NewInvitation): Promise<void> {
  await db.many(sql`
    INSERT INTO invitations (id, clinic_id, email, name, role, invited_by, token_hash, created_at, expires_at)
    VALUES (${invitation.id}, ${invitation.clinicId}, ${invitation.email}, ${invitation.name},
            ${invitation.role}, ${invitation.invitedBy}, ${invitation.tokenHash},
            ${invitation.createdAt.toISOString()}, ${invitation.expiresAt.toISOString()})`);
}

/** Revokes the clinic's pending invitations of `email` (a new one replaces them); their ids. */
export async function revokePendingByEmail(
  db: Db,
  clinicId: string,
  email: string,
  now: Date,
): Promise<string[]> {
  const rows = await db.many<{ id: string }>(sql`
    UPDATE invitations SET revoked_at = ${now.toISOString()}::timestamptz
    WHERE clinic_id = ${clinicId} AND lower(email) = lower(${email})
      AND accepted_at IS NULL AND revoked_at IS NULL
    RETURNING id`);
  return rows.map((row) => row.id);
}

/** The clinic's invitations neither accepted nor revoked, newest first (expired ones too). */
export async function listPendingInvitations(
  db: Db,
  clinicId: string,
): Promise<PendingInvitation[]> {
  const rows = await db.many<PendingRow>(sql`
    SELECT ${pendingColumns} FROM invitations
    WHERE clinic_id = ${clinicId} AND accepted_at IS NULL AND revoked_at IS NULL
    ORDER BY created_at DESC, id`);
  return rows.map(toPending);
}

/**
 * Gives the clinic's pending invitation `id` a new token and expiry (the old link stops
 * working); the invitation, or undefined when the clinic has no such pending one.
 */
export async function renewInvitation(
  db: Db,
  clinicId: string,
  id: string,
  renewal: { tokenHash: string; expiresAt: Date },
): Promise<PendingInvitation | undefined> {
  const row = await one<PendingRow>(
    db,
    sql`
    UPDATE invitations
    SET token_hash = ${renewal.tokenHash}, expires_at = ${renewal.expiresAt.toISOString()}::timestamptz
    WHERE id = ${id} AND clinic_id = ${clinicId} AND accepted_at IS NULL AND revoked_at IS NULL
    RETURNING ${pendingColumns}`,
  );
  return row && toPending(row);
}

/** Revokes the clinic's pending invitation `id`; whether there was one. */
export async function revokeInvitation(
  db: Db,
  clinicId: string,
  id: string,
  now: Date,
): Promise<boolean> {
  const row = await one(
    db,
    sql`
    UPDATE invitations SET revoked_at = ${now.toISOString()}::timestamptz
    WHERE id = ${id} AND clinic_id = ${clinicId} AND accepted_at IS NULL AND revoked_at IS NULL
    RETURNING id`,
  );
  return row !== undefined;
}

/** The usable invitation of `tokenHash` at `now`, as its page shows it. */
export async function findUsableInvitation(
  db: Db,
  tokenHash: string,
  now: Date,
): Promise<InvitationPreview | undefined> {
  return one(
    db,
    sql`
    SELECT c.name AS "clinicName", i.email, i.role, i.name
    FROM invitations i JOIN clinics c ON c.id = i.clinic_id
    WHERE i.token_hash = ${tokenHash} AND i.accepted_at IS NULL AND i.revoked_at IS NULL
      AND i.expires_at > ${now.toISOString()}::timestamptz`,
  );
}

/**
 * Marks the invitation of `tokenHash` accepted if it is usable at `now` (one statement: two tabs
 * racing with one link cannot both win); what it invited, or undefined.
 */
export async function useInvitation(
  db: Db,
  tokenHash: string,
  now: Date,
): Promise<{ id: string; clinicId: string; email: string; role: Role } | undefined> {
  return one(
    db,
    sql`
    UPDATE invitations SET accepted_at = ${now.toISOString()}::timestamptz
    WHERE token_hash = ${tokenHash} AND accepted_at IS NULL AND revoked_at IS NULL
      AND expires_at > ${now.toISOString()}::timestamptz
    RETURNING id, clinic_id AS "clinicId", email, role`,
  );
}

/** Notes the user an accepted invitation created. */
export async function setInvitationUser(db: Db, id: string, userId: string): Promise<void> {
  await db.many(sql`UPDATE invitations SET accepted_user_id = ${userId} WHERE id = ${id}`);
}
