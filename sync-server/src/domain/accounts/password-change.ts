import { uuidv7 } from 'uuidv7';
import { makeProblem, type ChangePasswordRequest } from '@bedside/shared';
import { insertAuditEvents } from '../../storage/audit-queries.ts';
import {
  deleteUserSessions,
  findPasswordHash,
  updatePasswordHash,
  voidPasswordResets,
} from '../../storage/password-queries.ts';
import type { Actor, Deps, Result } from '../deps.ts';
import { hashPassword, verifyPassword } from './passwords.ts';

export const wrongCurrentPassword = makeProblem(
  'wrong-password',
  403,
  'Your current password is not right.',
  { detail: 'Type the password you signed in with. If you forgot it, sign out and reset it.' },
);

/**
 * The signed-in user's new password, given the current one. Every OTHER session of the user ends
 * (this one stays) and unused reset links are voided; audited as `account.password-change`.
 * Returns the token hashes of the ended sessions, for the session cache to forget.
 *
 * @example
 * const result = await changePassword(deps, { ...actorOf(c), tokenHash }, input);
 * if (result.ok) for (const hash of result.value.endedSessions) sessions.forget(hash);
 */
export async function changePassword(
  deps: Deps,
  actor: Actor & { tokenHash: string },
  input: ChangePasswordRequest,
): Promise<Result<{ endedSessions: string[] }>> {
  const stored = await findPasswordHash(deps.db, actor.userId);
  if (!stored || !(await verifyPassword(input.currentPassword, stored))) {
    return { ok: false, problem: wrongCurrentPassword };
  }
  const passwordHash = await hashPassword(input.newPassword);
  const endedSessions = await deps.db.transaction(async (db) => {
    const now = deps.clock();
    await updatePasswordHash(db, actor.userId, passwordHash);
    await voidPasswordResets(db, actor.userId, now);
    const ended = await deleteUserSessions(db, actor.userId, actor.tokenHash);
    await insertAuditEvents(db, [
      {
        id: uuidv7(),
        clinicId: actor.clinicId,
        userId: actor.userId,
        action: 'account.password-change',
        entity: 'users',
        entityIds: [actor.userId],
        requestId: actor.requestId,
        at: now.toISOString(),
      },
    ]);
    return ended;
  });
  return { ok: true, value: { endedSessions } };
}
