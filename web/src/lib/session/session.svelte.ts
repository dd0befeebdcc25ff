import {
  ClinicSettingsUpdate,
  CreateClinicRequest,
  LoginRequest,
  validate,
  type ClinicSettings,
  type Me,
} from '@bedside/shared';
import {
  isLoginChallenge,
  LoginCodeRequest,
  type LoginChallenge,
} from '@bedside/shared/two-factor';
import {
  failure,
  failureFromError,
  invalid,
  type ActionFailure,
  type ActionResult,
} from '$lib/api/action-result';
import { apiFetch, hasProblemCode, isApiError } from '$lib/api/client';
import { databaseName, db, useClinicDatabase, type DatabaseOwner } from '$lib/db/database';
import { getDeviceValue, removeDeviceValue, setDeviceValue } from '$lib/db/device-database';
import { requestPersistentStorage } from '$lib/pwa/storage-persistence';
import { unsentCount } from '$lib/sync/outbox';
import { fitToRole } from '$lib/sync/role-tables';
import { resumeSync } from '$lib/sync/sync-engine';
import { syncStatus } from '$lib/sync/sync-status.svelte';
import { fetchClinicSettings, patchClinicSettings } from './clinic-settings';
import { fetchUsers, type ClinicUser } from './users';

export type { ActionResult } from '$lib/api/action-result';
export type { ClinicUser } from './users';
export type { Me } from '@bedside/shared';
import { AcceptInvitation } from '@bedside/shared/team';

export type Session = {
  status: 'loading' | 'signed-out' | 'signed-in';
  me: Me | null;
  /**
   * The clinic's settings (working hours, time zone) as last fetched, kept on the device beside
   * the user so they are there offline; null until a device first fetches them.
   */
  clinic: ClinicSettings | null;
};

export const session = $state<Session>({ status: 'loading', me: null, clinic: null });

function ownerOf(me: Me): DatabaseOwner {
  return { clinicId: me.clinic.id, userId: me.user.id };
}

async function signedIn(me: Me): Promise<void> {
  const owner = ownerOf(me);
  useClinicDatabase(owner);
  await fitToRole(db, me.user.role);
  await setDeviceValue('session', me);
  await removeDeviceValue('accountDeactivated');
  const leftBehind = await getDeviceValue('unsentChangesOf');
  if (leftBehind && databaseName(leftBehind) === databaseName(owner))
    await removeDeviceValue('unsentChangesOf');
  session.me = me;
  session.clinic = null;
  session.status = 'signed-in';
  resumeSync();
  void requestPersistentStorage(db);
  if (!me.mustSetUpTwoFactor) void refreshClinic();
}

async function signedOut(): Promise<void> {
  await removeDeviceValue('session');
  await removeDeviceValue('clinic');
  session.me = null;
  session.clinic = null;
  session.status = 'signed-out';
}

/**
 * Finds out who is signed in. A device that knows its user (every sign-in stores it, every
 * sign-out removes it) opens signed in at once, offline or not, so the first page never waits
 * on the server; the server then confirms the session meanwhile: a 401 signs out but keeps the
 * data and the outbox, an unreachable or failing server leaves the cached user standing.
 *
 * With no cached user the device is signed out without asking the server, so a signed-out start
 * sends no `GET /api/auth/me` that answers 401 (which Chromium logs as a console error). Known
 * offline, nothing is asked either. Resolves once the server has answered (or was not asked).
 */
export async function loadSession(): Promise<void> {
  const cached = await getDeviceValue('session');
  const leftBehind = await getDeviceValue('unsentChangesOf');
  // The sign-in page says so until someone signs in on this device.
  if (await getDeviceValue('accountDeactivated')) syncStatus.deactivated = true;
  // Open the database right away: the app works before (or without) the server answering,
  // and the sign-in page can count the changes waiting.
  if (cached) useClinicDatabase(ownerOf(cached));
  else if (leftBehind) useClinicDatabase(leftBehind);

  if (!cached) {
    await signedOut();
    return;
  }
  await fitToRole(db, cached.user.role);
  session.me = cached;
  const cachedClinic = await getDeviceValue('clinic');
  session.clinic = cachedClinic?.id === cached.clinic.id ? cachedClinic : null;
  session.status = 'signed-in';
  if (typeof navigator !== 'undefined' && navigator.onLine === false) return;

  try {
    await confirmed(cached, await apiFetch<Me>('/api/auth/me'));
  } catch (error) {
    if (!isApiError(error, 401)) return;
    if ((await unsentCount(db)) > 0) await setDeviceValue('unsentChangesOf', ownerOf(cached));
    if (hasProblemCode(error, 'account-deactivated')) {
      await setDeviceValue('accountDeactivated', true);
      syncStatus.deactivated = true;
    }
    await signedOut();
  }
}

/** The server's answer to who is signed in: fresh names for the same user, or another user. */
async function confirmed(cached: Me, me: Me): Promise<void> {
  if (databaseName(ownerOf(me)) !== databaseName(ownerOf(cached))) {
    await signedIn(me);
    return;
  }
  // Another role since (an owner changed it): the device keeps only what this one may read.
  await fitToRole(db, me.user.role);
  await setDeviceValue('session', me);
  session.me = me;
  void requestPersistentStorage(db);
  if (!me.mustSetUpTwoFactor) void refreshClinic();
}

/** Fetches the clinic's settings into `session.clinic`; without an answer the cached ones stay. */
export async function refreshClinic(): Promise<void> {
  try {
    const settings = await fetchClinicSettings();
    if (settings.id === session.me?.clinic.id) session.clinic = settings;
  } catch {
    // Offline or failing: the device's copy (if any) stands until the next start.
  }
}

/**
 * Changes the clinic's name, time zone, working hours or retention (owners only, online only).
 * The header and the cached user show a new name, zone and retention at once.
 */
export async function saveClinic(request: unknown): Promise<ActionResult> {
  if (typeof navigator !== 'undefined' && !navigator.onLine)
    return failure('Changing the clinic settings needs a connection.');
  const checked = validate(ClinicSettingsUpdate, request);
  if (!checked.ok) return invalid(checked.issues);
  let settings: ClinicSettings;
  try {
    settings = await patchClinicSettings(checked.value);
  } catch (error) {
    return failureFromError(error, 'Changing the clinic settings needs a connection.');
  }
  session.clinic = settings;
  if (session.me?.clinic.id === settings.id) {
    const me: Me = {
      ...session.me,
      clinic: {
        ...session.me.clinic,
        name: settings.name,
        timezone: settings.timezone,
        retentionDays: settings.retentionDays,
      },
    };
    await setDeviceValue('session', $state.snapshot(me));
    session.me = me;
  }
  return { ok: true };
}

/** Creates a clinic and signs its owner in (online only). */
export async function signup(request: unknown): Promise<ActionResult> {
  const checked = validate(CreateClinicRequest, request);
  if (!checked.ok) return invalid(checked.issues);
  try {
    await signedIn(await apiFetch<Me>('/api/clinics', { method: 'POST', json: checked.value }));
    return { ok: true };
  } catch (error) {
    return failureFromError(error, 'Creating a clinic needs a connection.');
  }
}

/**
 * Signs in (online only); unsent changes of this user on this device then sync. A user with
 * two-factor is not signed in yet: the answer carries the challenge for `loginWithCode`.
 */
export async function login(
  request: unknown,
): Promise<ActionResult<{ challenge?: LoginChallenge }>> {
  const checked = validate(LoginRequest, request);
  if (!checked.ok) return invalid(checked.issues);
  try {
    const answer = await apiFetch<Me | LoginChallenge>('/api/auth/login', {
      method: 'POST',
      json: checked.value,
    });
    if (isLoginChallenge(answer)) return { ok: true, challenge: answer };
    await signedIn(answer);
    return { ok: true };
  } catch (error) {
    return failureFromError(error, 'Signing in needs a connection.');
  }
}

/**
 * The sign-in's second step: the challenge and a code from the app or a recovery code. A
 * challenge that expired or was used answers `restart`: sign in with the password again.
 */
export async function loginWithCode(
  challenge: string,
  code: string,
): Promise<ActionResult | (ActionFailure & { restart: true })> {
  const checked = validate(LoginCodeRequest, { challenge, code });
  if (!checked.ok) return invalid(checked.issues);
  try {
    const me = await apiFetch<Me>('/api/auth/login/two-factor', {
      method: 'POST',
      json: checked.value,
    });
    await signedIn(me);
    return { ok: true };
  } catch (error) {
    if (hasProblemCode(error, 'two-factor-challenge')) {
      return {
        ...failure('This sign-in took longer than 5 minutes. Enter your password again.'),
        restart: true,
      };
    }
    if (hasProblemCode(error, 'two-factor-code')) {
      return invalid([
        {
          field: 'code',
          message: 'That code is not right. Enter the code your app shows now, or a recovery code.',
        },
      ]);
    }
    return failureFromError(error, 'Signing in needs a connection.');
  }
}

/** Asks the server who I am again (after setting up two-factor, which lifts its requirement). */
export async function refreshMe(): Promise<void> {
  const cached = session.me;
  if (!cached) return;
  try {
    await confirmed(cached, await apiFetch<Me>('/api/auth/me'));
  } catch {
    // Offline or failing: the next start asks again.
  }
}

/**
 * Signs out. With `keep`, the device keeps this user's copy of the clinic for their next sign-in
 * (unsent changes sync then); otherwise the copy is erased, unsent changes and photos with it:
 * the sign-out dialog asks twice before that.
 */
export async function logout({ keep }: { keep: boolean }): Promise<void> {
  // Offline, the server session simply expires; the device forgets it either way.
  await apiFetch('/api/auth/logout', { method: 'POST' }).catch(() => undefined);
  const me = session.me;
  await signedOut();
  if (!me) return;
  if (keep) {
    if ((await unsentCount(db)) > 0) await setDeviceValue('unsentChangesOf', ownerOf(me));
    return;
  }
  const database = db;
  useClinicDatabase(null);
  await database.delete();
}

/**
 * Signs up from an invitation's link (online only): the invitation's clinic, email and role,
 * the invitee's own name and password; signed in on success.
 */
export async function acceptInvitation(request: unknown): Promise<ActionResult> {
  const checked = validate(AcceptInvitation, request);
  if (!checked.ok) return invalid(checked.issues);
  try {
    await signedIn(
      await apiFetch<Me>('/api/invitations/accept', { method: 'POST', json: checked.value }),
    );
    return { ok: true };
  } catch (error) {
    return failureFromError(error, 'Signing up needs a connection.');
  }
}

/** The clinic's users from the server, or the device's copy when the server cannot be reached. */
export async function listUsers(): Promise<ClinicUser[]> {
  try {
    return await fetchUsers(db);
  } catch (error) {
    if (isApiError(error)) throw error;
    return db.users.orderBy('name').toArray();
  }
}
