import { uuidv7 } from 'uuidv7';
import { can, forbiddenProblem, makeProblem, type Role, type User } from '@bedside/shared';
import type { DeactivatedUser, UpdateUserRequest } from '@bedside/shared/team';
import { insertAuditEvents } from '../../storage/audit-queries.ts';
import type { Db } from '../../storage/db.ts';
import { deleteUserSessions } from '../../storage/password-queries.ts';
import {
  countOtherActiveOwners,
  deleteDeactivatedSessions,
  listDeactivatedUsers,
  lockTeamMember,
  moveSessionsToDeactivated,
  setMemberDisabledAt,
  updateMember,
  type TeamMember,
} from '../../storage/team-queries.ts';
import type { Actor, Deps, Result } from '../deps.ts';

/** The owner acting on another user (or themselves). */
export type Manager = Actor & { role: Role };

/** What changed, and the sessions that ended (for the session cache to forget). */
export type MemberChange = { user: Omit<User, 'clinicId'>; endedSessions: string[] };

const onlyOwners = forbiddenProblem('users.manage', 'manage users');
const notFound = makeProblem('not-found', 404, 'There is no such user in this clinic.');
const lastOwner = (doing: string) =>
  makeProblem('last-owner', 409, 'The clinic needs an owner.', {
    detail: `This is the clinic's last owner, so they cannot be ${doing}. Make someone else an owner first.`,
  });

/**
 * Changes a user's name and/or role. Demoting the clinic's last active owner is refused (409).
 * A new role ends the user's sessions, so each device picks the role up at the next sign-in.
 * Audited as `user.update` (ids only).
 */
export async function updateUser(
  deps: Deps,
  manager: Manager,
  id: string,
  input: UpdateUserRequest,
): Promise<Result<MemberChange>> {
  return changeMember(deps, manager, id, async (db, member) => {
    const role = input.role ?? member.role;
    const name = input.name ?? member.name;
    const roleChanged = role !== member.role;
    if (roleChanged && (await isLastActiveOwner(db, manager, member)))
      return { ok: false, problem: lastOwner('made anything else') };
    await updateMember(db, id, { name, role });
    const endedSessions = roleChanged ? await deleteUserSessions(db, id) : [];
    await audit(db, deps.clock(), manager, 'user.update', id);
    return {
      ok: true,
      value: { user: { id, name, email: member.email, role }, endedSessions },
    };
  });
}

/**
 * Deactivates a user: they can no longer sign in, and every session of theirs ends at once; a
 * device's next request is told the account was deactivated (its unsent work stays on it). The
 * clinic's last active owner cannot be deactivated (409). Audited as `user.deactivate`.
 */
export async function deactivateUser(
  deps: Deps,
  manager: Manager,
  id: string,
): Promise<Result<MemberChange>> {
  return changeMember(deps, manager, id, async (db, member) => {
    const user = { id, name: member.name, email: member.email, role: member.role };
    if (member.disabledAt) return { ok: true, value: { user, endedSessions: [] } };
    if (await isLastActiveOwner(db, manager, member))
      return { ok: false, problem: lastOwner('deactivated') };
    const now = deps.clock();
    await setMemberDisabledAt(db, id, now);
    const endedSessions = await moveSessionsToDeactivated(db, id, now);
    await audit(db, now, manager, 'user.deactivate', id);
    return { ok: true, value: { user, endedSessions } };
  });
}

/** Lets a deactivated user sign in again; audited as `user.reactivate`. */
export async function reactivateUser(
  deps: Deps,
  manager: Manager,
  id: string,
): Promise<Result<MemberChange>> {
  return changeMember(deps, manager, id, async (db, member) => {
    const user = { id, name: member.name, email: member.email, role: member.role };
    if (!member.disabledAt) return { ok: true, value: { user, endedSessions: [] } };
    await setMemberDisabledAt(db, id, null);
    // Its devices are now simply signed out: they sync again once the user signs in.
    await deleteDeactivatedSessions(db, id);
    await audit(db, deps.clock(), manager, 'user.reactivate', id);
    return { ok: true, value: { user, endedSessions: [] } };
  });
}

/** The clinic's deactivated users, with what their devices last said about unsent changes. */
export async function deactivatedUsers(
  deps: Deps,
  manager: Manager,
): Promise<Result<DeactivatedUser[]>> {
  if (!can(manager.role, 'users.manage')) return { ok: false, problem: onlyOwners };
  return { ok: true, value: await listDeactivatedUsers(deps.db, manager.clinicId) };
}

/**
 * `change` of one user of the manager's clinic, in a transaction holding that user's row: only
 * for those who manage users, 404 for an id that is not of this clinic.
 */
async function changeMember(
  deps: Deps,
  manager: Manager,
  id: string,
  change: (db: Db, member: TeamMember) => Promise<Result<MemberChange>>,
): Promise<Result<MemberChange>> {
  if (!can(manager.role, 'users.manage')) return { ok: false, problem: onlyOwners };
  return deps.db.transaction(async (db): Promise<Result<MemberChange>> => {
    const member = await lockTeamMember(db, manager.clinicId, id);
    if (!member) return { ok: false, problem: notFound };
    return change(db, member);
  });
}

async function isLastActiveOwner(db: Db, manager: Manager, member: TeamMember): Promise<boolean> {
  if (member.role !== 'owner' || member.disabledAt) return false;
  return (await countOtherActiveOwners(db, manager.clinicId, member.id)) === 0;
}

async function audit(db: Db, at: Date, actor: Actor, action: string, userId: string) {
  await insertAuditEvents(db, [
    {
      id: uuidv7(),
      clinicId: actor.clinicId,
      userId: actor.userId,
      action,
      entity: 'users',
      entityIds: [userId],
      requestId: actor.requestId,
      at: at.toISOString(),
    },
  ]);
}
