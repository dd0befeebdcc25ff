import { createHash, randomBytes } from 'node:crypto';
import { uuidv7 } from 'uuidv7';
import { can, forbiddenProblem, makeProblem, type Me, type Role, type User } from '@bedside/shared';
import {
  INVITATION_DAYS,
  invitationLinkProblemDetail,
  type AcceptInvitation,
  type InvitationPreview,
  type InviteRequest,
  type PendingInvitation,
} from '@bedside/shared/team';
import { insertAuditEvents } from '../../storage/audit-queries.ts';
import { insertUser, isEmailTaken } from '../../storage/account-queries.ts';
import { findClinicSettings } from '../../storage/clinic-queries.ts';
import type { Db } from '../../storage/db.ts';
import { isUniqueViolation } from '../../storage/db-errors.ts';
import {
  findUsableInvitation,
  insertInvitation,
  listPendingInvitations,
  renewInvitation,
  revokeInvitation,
  revokePendingByEmail,
  setInvitationUser,
  useInvitation,
} from '../../storage/invitation-queries.ts';
import { startSession, type SignedIn } from '../accounts/accounts.ts';
import { hashPassword } from '../accounts/passwords.ts';
import type { Actor, Deps, Result } from '../deps.ts';
import type { MailingDeps } from '../reminders/mail-deps.ts';

/** How long an invitation link works. */
export const invitationMs = INVITATION_DAYS * 24 * 60 * 60 * 1000;

/** The owner acting, with the names the message needs. */
export type Inviter = Actor & { role: Role; name: string; clinicName: string };

/** The SHA-256 the database keeps of a link's token: a leaked table invites nobody. */
export function hashInvitationToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

/** The page the link opens; the token is in the fragment, which browsers never send to a server. */
export function invitationLink(publicUrl: string, token: string): string {
  return `${publicUrl}/accept-invite#${token}`;
}

const onlyOwners = forbiddenProblem('users.manage', 'invite people');
const emailTaken = makeProblem('email-taken', 409, 'An account with this email already exists.', {
  detail: 'This address already belongs to a Bedside user, so it cannot be invited.',
});
const notFound = makeProblem('not-found', 404, 'There is no such pending invitation.');
export const invitationLinkProblem = makeProblem(
  'invite-link-invalid',
  404,
  'This invitation does not work any more.',
  { detail: invitationLinkProblemDetail },
);

const roleWords: Record<Role, string> = {
  owner: 'an owner (manages users and settings, and sees everything)',
  clinician: 'a clinician',
  assistant: 'an assistant',
};

/** What the owner learns: the invitation, and whether its message went (else: resend). */
export type Invited = { invitation: PendingInvitation; mailed: boolean };

/**
 * Invites `input.email` to the inviter's clinic as `input.role`: a pending invitation of the
 * same address is revoked (its link stops working), a new single-use link valid for
 * `INVITATION_DAYS` is stored (hashed) and mailed. An address that is already a user's is a 409.
 * Audited as `invitation.create` (ids only, never the address).
 */
export async function invite(
  deps: MailingDeps,
  inviter: Inviter,
  input: InviteRequest,
): Promise<Result<Invited>> {
  if (!can(inviter.role, 'users.manage')) return { ok: false, problem: onlyOwners };
  const token = newToken();
  const now = deps.clock();
  const saved = await deps.db.transaction(async (db): Promise<Result<PendingInvitation>> => {
    if (await isEmailTaken(db, input.email)) return { ok: false, problem: emailTaken };
    const replaced = await revokePendingByEmail(db, inviter.clinicId, input.email, now);
    const id = uuidv7();
    await insertInvitation(db, {
      id,
      clinicId: inviter.clinicId,
      email: input.email,
      name: input.name ?? null,
      role: input.role,
      invitedBy: inviter.userId,
      tokenHash: hashInvitationToken(token),
      createdAt: now,
      expiresAt: new Date(now.getTime() + invitationMs),
    });
    if (replaced.length > 0) await audit(db, inviter, 'invitation.revoke', replaced, now);
    await audit(db, inviter, 'invitation.create', [id], now);
    const invitation = (await listPendingInvitations(db, inviter.clinicId)).find(
      (row) => row.id === id,
    );
    if (!invitation) throw new Error('the invitation just written is not pending');
    return { ok: true, value: invitation };
  });
  if (!saved.ok) return saved;
  const mailed = await mailInvitation(deps, inviter, saved.value, token);
  return { ok: true, value: { invitation: saved.value, mailed } };
}

/** The clinic's pending invitations (owners only). */
export async function pendingInvitations(
  deps: Deps,
  actor: Actor & { role: Role },
): Promise<Result<PendingInvitation[]>> {
  if (!can(actor.role, 'users.manage')) return { ok: false, problem: onlyOwners };
  return { ok: true, value: await listPendingInvitations(deps.db, actor.clinicId) };
}

/**
 * Mails a pending invitation again with a new link and a new seven days; the old link stops
 * working. Audited as `invitation.resend`.
 */
export async function resendInvitation(
  deps: MailingDeps,
  inviter: Inviter,
  id: string,
): Promise<Result<Invited>> {
  if (!can(inviter.role, 'users.manage')) return { ok: false, problem: onlyOwners };
  const token = newToken();
  const now = deps.clock();
  const renewed = await deps.db.transaction(async (db) => {
    const invitation = await renewInvitation(db, inviter.clinicId, id, {
      tokenHash: hashInvitationToken(token),
      expiresAt: new Date(now.getTime() + invitationMs),
    });
    if (invitation) await audit(db, inviter, 'invitation.resend', [id], now);
    return invitation;
  });
  if (!renewed) return { ok: false, problem: notFound };
  const mailed = await mailInvitation(deps, inviter, renewed, token);
  return { ok: true, value: { invitation: renewed, mailed } };
}

/** Revokes a pending invitation: its link stops working. Audited as `invitation.revoke`. */
export async function cancelInvitation(
  deps: Deps,
  actor: Actor & { role: Role },
  id: string,
): Promise<Result<null>> {
  if (!can(actor.role, 'users.manage')) return { ok: false, problem: onlyOwners };
  return deps.db.transaction(async (db) => {
    const now = deps.clock();
    if (!(await revokeInvitation(db, actor.clinicId, id, now)))
      return { ok: false, problem: notFound };
    await audit(db, actor, 'invitation.revoke', [id], now);
    return { ok: true, value: null };
  });
}

/** What the link's page shows; an unusable link of any kind gets the one problem. */
export async function lookUpInvitation(
  deps: Deps,
  token: string,
): Promise<Result<InvitationPreview>> {
  const found = await findUsableInvitation(deps.db, hashInvitationToken(token), deps.clock());
  return found ? { ok: true, value: found } : { ok: false, problem: invitationLinkProblem };
}

/**
 * The invitee signs up: a user of the invitation's clinic, email and role, with their own name
 * and password, signed in; the invitation is used up in the same transaction. Audited as
 * `invitation.accept` by the new user.
 */
export async function acceptInvitation(
  deps: Deps,
  input: AcceptInvitation,
  context: { requestId: string; sessionDays: number; device: string | null },
): Promise<Result<SignedIn>> {
  const passwordHash = await hashPassword(input.password);
  try {
    return await deps.db.transaction(async (db): Promise<Result<SignedIn>> => {
      const now = deps.clock();
      const userId = uuidv7();
      const used = await useInvitation(db, hashInvitationToken(input.token), now);
      if (!used) return { ok: false, problem: invitationLinkProblem };
      if (await isEmailTaken(db, used.email)) return { ok: false, problem: emailTaken };
      const user: User = {
        id: userId,
        clinicId: used.clinicId,
        name: input.name,
        email: used.email,
        role: used.role,
      };
      await insertUser(db, { ...user, passwordHash });
      await setInvitationUser(db, used.id, userId);
      const clinic = await findClinicSettings(db, used.clinicId);
      if (!clinic) throw new Error('an invitation of a clinic that does not exist');
      const me: Me = {
        user,
        clinic: {
          id: clinic.id,
          name: clinic.name,
          timezone: clinic.timezone,
          retentionDays: clinic.retentionDays,
        },
        // A new user has no two-factor yet: a clinic that requires it holds them to setting it up.
        ...(clinic.requireTwoFactor ? { mustSetUpTwoFactor: true } : {}),
      };
      const actor = { clinicId: used.clinicId, userId, requestId: context.requestId };
      await audit(db, actor, 'invitation.accept', [used.id], now);
      return {
        ok: true,
        value: await startSession({ ...deps, db }, me, context.sessionDays, context.device),
      };
    });
  } catch (error) {
    // Someone signed up with the address between the check and the insert.
    if (isUniqueViolation(error)) return { ok: false, problem: emailTaken };
    throw error;
  }
}

function newToken(): string {
  return randomBytes(32).toString('base64url');
}

/** Sends the invitation; never throws for a delivery problem (logged by user ids and kind only). */
async function mailInvitation(
  deps: MailingDeps,
  inviter: Inviter,
  invitation: PendingInvitation,
  token: string,
): Promise<boolean> {
  const outcome = await deps.mail.mailer.send({
    to: invitation.email,
    subject: `${inviter.name} invited you to ${inviter.clinicName} on Bedside`,
    text: [
      `${inviter.name} invited you to join ${inviter.clinicName} on Bedside as ${roleWords[invitation.role]}.`,
      '',
      `To choose your name and password, open this link within the next ${INVITATION_DAYS} days:`,
      '',
      invitationLink(deps.mail.publicUrl, token),
      '',
      'The link works once. If you did not expect this invitation, ignore this email.',
    ].join('\n'),
  });
  if (outcome.kind === 'sent') {
    deps.log.info({ invitationId: invitation.id, messageId: outcome.messageId }, 'invitation sent');
    return true;
  }
  // The SMTP server's words may quote the address: only the kind is logged.
  deps.log.warn({ invitationId: invitation.id, outcome: outcome.kind }, 'invitation not sent');
  return false;
}

async function audit(db: Db, actor: Actor, action: string, ids: string[], at: Date) {
  await insertAuditEvents(db, [
    {
      id: uuidv7(),
      clinicId: actor.clinicId,
      userId: actor.userId,
      action,
      entity: 'invitations',
      entityIds: ids,
      requestId: actor.requestId,
      at: at.toISOString(),
    },
  ]);
}
