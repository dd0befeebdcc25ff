import { validate } from '@bedside/shared';
import {
  InvitationLookup,
  InviteRequest,
  UpdateUserRequest,
  type DeactivatedUser,
  type DeactivatedUserList,
  type InvitationPreview,
  type PendingInvitation,
  type PendingInvitationList,
} from '@bedside/shared/team';
import { failure, failureFromError, invalid, type ActionResult } from '$lib/api/action-result';
import { apiFetch } from '$lib/api/client';
import { db } from '$lib/db/database';
import { fetchUsers } from '$lib/session/users';

/** What an owner sees when a change of the team needs the server and there is none. */
export const TEAM_OFFLINE = 'Managing users needs a connection; connect this device and try again.';

const offline = () => typeof navigator !== 'undefined' && navigator.onLine === false;

/** Runs one call of the team API; a failure becomes a plain sentence. */
async function call<T extends object>(send: () => Promise<T>): Promise<ActionResult<{ value: T }>> {
  if (offline()) return failure(TEAM_OFFLINE);
  try {
    return { ok: true, value: await send() };
  } catch (error) {
    return failureFromError(error, TEAM_OFFLINE);
  }
}

/** Invites an address by email; `mailed` false: saved, but the message did not go (resend). */
export async function inviteUser(
  request: unknown,
): Promise<ActionResult<{ value: { invitation: PendingInvitation; mailed: boolean } }>> {
  const checked = validate(InviteRequest, request);
  if (!checked.ok) return invalid(checked.issues);
  return call(() =>
    apiFetch<{ invitation: PendingInvitation; mailed: boolean }>('/api/invitations', {
      method: 'POST',
      json: checked.value,
    }),
  );
}

export async function fetchPendingInvitations(): Promise<PendingInvitation[]> {
  return (await apiFetch<PendingInvitationList>('/api/invitations')).invitations;
}

export async function fetchDeactivatedUsers(): Promise<DeactivatedUser[]> {
  return (await apiFetch<DeactivatedUserList>('/api/users/deactivated')).users;
}

export function resendInvitation(id: string) {
  return call(() =>
    apiFetch<{ invitation: PendingInvitation; mailed: boolean }>(
      `/api/invitations/${encodeURIComponent(id)}/resend`,
      { method: 'POST' },
    ),
  );
}

export function revokeInvitation(id: string) {
  return call(async () => {
    await apiFetch(`/api/invitations/${encodeURIComponent(id)}`, { method: 'DELETE' });
    return {};
  });
}

/** Changes a user's name and/or role; the device's copy of the users follows. */
export async function updateUser(id: string, request: unknown): Promise<ActionResult> {
  const checked = validate(UpdateUserRequest, request);
  if (!checked.ok) return invalid(checked.issues);
  const result = await call(() =>
    apiFetch<object>(`/api/users/${encodeURIComponent(id)}`, {
      method: 'PATCH',
      json: checked.value,
    }),
  );
  if (result.ok) await fetchUsers(db).catch(() => undefined);
  return result;
}

/** Deactivates (`active` false) or reactivates a user; the device's copy of the users follows. */
export async function setUserActive(id: string, active: boolean): Promise<ActionResult> {
  const result = await call(() =>
    apiFetch<object>(
      `/api/users/${encodeURIComponent(id)}/${active ? 'reactivate' : 'deactivate'}`,
      { method: 'POST' },
    ),
  );
  if (result.ok) await fetchUsers(db).catch(() => undefined);
  return result;
}

/** What an invitation link's page shows, or why the link does not work. */
export async function lookUpInvitation(
  token: string,
): Promise<ActionResult<{ value: InvitationPreview }>> {
  const checked = validate(InvitationLookup, { token });
  if (!checked.ok)
    return invalid(checked.issues, 'This link is incomplete. Open it from the email again.');
  if (offline()) return failure('Opening an invitation needs a connection.');
  try {
    const value = await apiFetch<InvitationPreview>('/api/invitations/lookup', {
      method: 'POST',
      json: checked.value,
    });
    return { ok: true, value };
  } catch (error) {
    return failureFromError(error, 'Opening an invitation needs a connection.');
  }
}
