import { createHash, randomBytes } from 'node:crypto';
import { uuidv7 } from 'uuidv7';
import {
  makeProblem,
  passwordResetLinkProblemDetail,
  type PasswordResetConfirm,
} from '@bedside/shared';
import { insertAuditEvents } from '../../storage/audit-queries.ts';
import {
  deleteUserSessions,
  findResetUser,
  insertPasswordReset,
  updatePasswordHash,
  usePasswordReset,
  voidPasswordResets,
} from '../../storage/password-queries.ts';
import type { Deps, Result } from '../deps.ts';
import type { MailingDeps } from '../reminders/mail-deps.ts';
import { hashPassword } from './passwords.ts';

/** How long a reset link works. */
export const resetLinkMs = 60 * 60 * 1000;

/** The SHA-256 the database keeps of a link's token: a leaked table opens no account. */
export function hashResetToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

/** The page the link opens; the token is in the fragment, which browsers never send to a server. */
export function resetLink(publicUrl: string, token: string): string {
  return `${publicUrl}/reset-password#${token}`;
}

/**
 * "Forgot password" for `email`: when an active account uses it, a single-use link valid for one
 * hour is stored (hashed) and mailed; otherwise nothing happens. Meant to run after the request
 * was answered, so the answer and its timing are the same either way. Never throws for a mail
 * that could not go: it is logged (the user id and outcome, never the address or the link).
 *
 * @example
 * void requestPasswordReset({ ...deps, mail }, email).catch((err) => log.error({ err }, '…'));
 */
export async function requestPasswordReset(deps: MailingDeps, email: string): Promise<void> {
  const user = await findResetUser(deps.db, email);
  if (!user) return;
  const token = randomBytes(32).toString('base64url');
  const createdAt = deps.clock();
  await insertPasswordReset(deps.db, {
    tokenHash: hashResetToken(token),
    userId: user.userId,
    clinicId: user.clinicId,
    createdAt,
    expiresAt: new Date(createdAt.getTime() + resetLinkMs),
  });
  const outcome = await deps.mail.mailer.send({
    to: user.email,
    subject: 'Reset your Bedside password',
    text: [
      'Someone, hopefully you, asked to reset the password of your Bedside account.',
      '',
      'To choose a new password, open this link within the next hour:',
      '',
      resetLink(deps.mail.publicUrl, token),
      '',
      'The link works once. If you did not ask for it, ignore this email: your password stays as it is.',
    ].join('\n'),
  });
  if (outcome.kind === 'sent') {
    deps.log.info(
      { userId: user.userId, messageId: outcome.messageId },
      'password reset link sent',
    );
  } else {
    // The SMTP server's words may quote the address: only the kind is logged.
    deps.log.warn({ userId: user.userId, outcome: outcome.kind }, 'password reset link not sent');
  }
}

const linkProblem = makeProblem('reset-link-invalid', 400, 'This link does not work any more.', {
  detail: passwordResetLinkProblemDetail,
});

/**
 * Sets the new password of the link's user if the link is unused and unexpired, marks it used,
 * voids the user's other links and ends ALL their sessions; audited as `account.password-reset`.
 * A forged, expired or used link all get the same problem. Returns the ended sessions' token
 * hashes, for the session cache to forget.
 */
export async function confirmPasswordReset(
  deps: Deps,
  input: PasswordResetConfirm,
  requestId: string,
): Promise<Result<{ endedSessions: string[] }>> {
  const passwordHash = await hashPassword(input.newPassword);
  return deps.db.transaction(async (db) => {
    const now = deps.clock();
    const reset = await usePasswordReset(db, hashResetToken(input.token), now);
    if (!reset) return { ok: false, problem: linkProblem };
    await updatePasswordHash(db, reset.userId, passwordHash);
    await voidPasswordResets(db, reset.userId, now);
    const endedSessions = await deleteUserSessions(db, reset.userId);
    await insertAuditEvents(db, [
      {
        id: uuidv7(),
        clinicId: reset.clinicId,
        userId: reset.userId,
        action: 'account.password-reset',
        entity: 'users',
        entityIds: [reset.userId],
        requestId,
        at: now.toISOString(),
      },
    ]);
    return { ok: true, value: { endedSessions } };
  });
}
