import { defaultWorkingHours, makeProblem, type ClinicSettings, type Me } from '@bedside/shared';
import Dexie from 'dexie';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { db, useClinicDatabase } from '$lib/db/database';
import { deviceDb } from '$lib/db/device-database';
import { createPatient } from '$lib/patients/patient-actions';
import { syncStatus } from '$lib/sync/sync-status.svelte';
import {
  acceptInvitation,
  loadSession,
  login,
  loginWithCode,
  logout,
  saveClinic,
  session,
  signup,
} from './session.svelte';

const me: Me = {
  user: {
    id: '01900000-0000-7000-8000-0000000000a1',
    clinicId: '01900000-0000-7000-8000-0000000000c1',
    name: 'Ann Lee',
    email: 'ann@example.org',
    role: 'owner',
  },
  clinic: {
    id: '01900000-0000-7000-8000-0000000000c1',
    name: 'Riverside Physio',
    timezone: 'Europe/Berlin',
    retentionDays: 30,
  },
};

type Route = (init: RequestInit | undefined) => Response | Promise<Response>;
const json = (status: number, body: unknown) =>
  new Response(body === undefined ? null : JSON.stringify(body), {
    status,
    headers: { 'Content-Type': 'application/json' },
  });
const offline: Route = () => {
  throw new TypeError('fetch failed');
};

let routes: Record<string, Route>;
const fetchMock = vi.fn(async (input: string | URL | Request, init?: RequestInit) => {
  const route = routes[`${init?.method ?? 'GET'} ${String(input)}`];
  return route ? route(init) : json(404, makeProblem('not-found', 404, 'Not found'));
});

beforeEach(async () => {
  routes = {};
  fetchMock.mockClear();
  vi.stubGlobal('fetch', fetchMock);
  await deviceDb.meta.clear();
  await useClinicDatabase({ clinicId: me.clinic.id, userId: me.user.id }).delete();
  useClinicDatabase(null);
  session.status = 'loading';
  session.me = null;
  session.clinic = null;
});

afterEach(() => {
  vi.unstubAllGlobals();
});

async function signedInAsAnn(): Promise<void> {
  routes['POST /api/auth/login'] = () => json(200, me);
  expect(await login({ email: 'ann@example.org', password: 'correct horse battery' })).toEqual({
    ok: true,
  });
}

describe('signup and login', () => {
  it('signs the new owner in and opens their own database', async () => {
    routes['POST /api/clinics'] = () => json(201, me);
    const result = await signup({
      clinicName: 'Riverside Physio',
      timezone: 'Europe/Berlin',
      name: 'Ann Lee',
      email: ' Ann@Example.org ',
      password: 'correct horse battery',
    });

    expect(result).toEqual({ ok: true });
    expect(session).toMatchObject({ status: 'signed-in', me });
    expect(db.name).toBe(`bedside-${me.clinic.id}-${me.user.id}`);
    const sent = JSON.parse(String(fetchMock.mock.calls[0]?.[1]?.body));
    expect(sent.email).toBe('ann@example.org');
  });

  it('shows the shared schema messages without asking the server', async () => {
    const result = await login({ email: 'not-an-email', password: '' });
    expect(result).toMatchObject({
      ok: false,
      issues: [
        { field: 'email', message: 'Enter a valid email address.' },
        { field: 'password', message: 'Password is required.' },
      ],
    });
    expect(fetchMock).not.toHaveBeenCalled();
  });

  it("passes on the server's reason", async () => {
    routes['POST /api/auth/login'] = () =>
      json(401, makeProblem('unauthenticated', 401, 'Email or password is incorrect.'));
    expect(await login({ email: 'ann@example.org', password: 'wrong password' })).toEqual({
      ok: false,
      message: 'Email or password is incorrect.',
      issues: [],
    });
    expect(session.status).toBe('loading');
  });

  it('says signing in needs a connection when offline', async () => {
    routes['POST /api/auth/login'] = offline;
    expect(await login({ email: 'ann@example.org', password: 'whatever it is' })).toMatchObject({
      ok: false,
      message: 'Signing in needs a connection.',
    });
  });
});

describe('two-factor sign-in', () => {
  const challenge = { twoFactor: 'required', challenge: 'c'.repeat(43), expiresAt: 'later' };

  it('is not signed in after the password alone; the code signs in', async () => {
    routes['POST /api/auth/login'] = () => json(200, challenge);
    expect(await login({ email: 'ann@example.org', password: 'correct horse battery' })).toEqual({
      ok: true,
      challenge,
    });
    expect(session.status).toBe('loading');

    routes['POST /api/auth/login/two-factor'] = () => json(200, me);
    expect(await loginWithCode(challenge.challenge, ' 123 456 ')).toEqual({ ok: true });
    expect(session).toMatchObject({ status: 'signed-in', me });
    const sent = JSON.parse(String(fetchMock.mock.calls[1]?.[1]?.body));
    expect(sent).toEqual({ challenge: challenge.challenge, code: '123456' });
  });

  it('puts a wrong code on the field, and sends an expired sign-in back to the password', async () => {
    expect(await loginWithCode(challenge.challenge, '12')).toMatchObject({
      ok: false,
      issues: [{ field: 'code' }],
    });
    routes['POST /api/auth/login/two-factor'] = () =>
      json(401, makeProblem('two-factor-code', 401, 'That code is not right.'));
    expect(await loginWithCode(challenge.challenge, '123456')).toMatchObject({
      ok: false,
      issues: [{ field: 'code', message: expect.stringMatching(/^That code is not right\./) }],
    });
    routes['POST /api/auth/login/two-factor'] = () =>
      json(401, makeProblem('two-factor-challenge', 401, 'Sign in again.'));
    expect(await loginWithCode(challenge.challenge, '123456')).toEqual({
      ok: false,
      restart: true,
      message: 'This sign-in took longer than 5 minutes. Enter your password again.',
      issues: [],
    });
    expect(session.status).toBe('loading');
  });
});

describe('loadSession', () => {
  it('opens with the cached user when the server cannot be reached', async () => {
    await signedInAsAnn();
    routes['GET /api/auth/me'] = offline;
    session.status = 'loading';
    useClinicDatabase(null);

    await loadSession();

    expect(session).toMatchObject({ status: 'signed-in', me });
    expect(db.name).toBe(`bedside-${me.clinic.id}-${me.user.id}`);
  });

  it('opens with the cached user before the server answers, then takes its fresh copy', async () => {
    await signedInAsAnn();
    session.status = 'loading';
    let answer: (response: Response) => void = () => undefined;
    routes['GET /api/auth/me'] = () => new Promise((resolve) => (answer = resolve));

    const loading = loadSession();
    await vi.waitFor(() =>
      expect(fetchMock).toHaveBeenCalledWith('/api/auth/me', expect.anything()),
    );
    expect(session).toMatchObject({ status: 'signed-in', me });

    const renamed = { ...me, clinic: { ...me.clinic, name: 'Riverside Physio & Rehab' } };
    answer(json(200, renamed));
    await loading;
    expect(session).toMatchObject({ status: 'signed-in', me: renamed });
    expect(await deviceDb.meta.get('session')).toEqual({ key: 'session', value: renamed });
  });

  it('signs out on 401 but keeps the unsent changes', async () => {
    await signedInAsAnn();
    await createPatient({ givenName: 'Bo', familyName: 'Ray' });
    routes['GET /api/auth/me'] = () => json(401, makeProblem('unauthenticated', 401, 'Sign in'));

    await loadSession();

    expect(session).toMatchObject({ status: 'signed-out', me: null });
    expect(await db.outbox.count()).toBe(1);
  });

  it('is signed out with no cached user and no connection', async () => {
    routes['GET /api/auth/me'] = offline;
    await loadSession();
    expect(session.status).toBe('signed-out');
  });

  it('asks the server nothing when no one signed in on this device (no 401 to log)', async () => {
    await loadSession();
    expect(session.status).toBe('signed-out');
    expect(fetchMock).not.toHaveBeenCalled();
  });

  it('opens with the cached user without a request while the browser is offline', async () => {
    await signedInAsAnn();
    fetchMock.mockClear();
    session.status = 'loading';
    vi.stubGlobal('navigator', { onLine: false });

    await loadSession();

    expect(session).toMatchObject({ status: 'signed-in', me });
    expect(fetchMock).not.toHaveBeenCalled();
  });
});

describe('logout', () => {
  it('erases the copy when asked to', async () => {
    await signedInAsAnn();
    const name = db.name;
    routes['POST /api/auth/logout'] = () => new Response(null, { status: 204 });
    await db.meta.put({ key: 'lastSyncAt', value: '2025-01-01T00:00:00.000Z' });

    await logout({ keep: false });

    expect(session.status).toBe('signed-out');
    expect(await Dexie.exists(name)).toBe(false);
  });

  it('keeps the copy when asked to, for the same user signing in again', async () => {
    await signedInAsAnn();
    const name = db.name;
    routes['POST /api/auth/logout'] = () => new Response(null, { status: 204 });
    await db.meta.put({ key: 'lastSyncAt', value: '2025-01-01T00:00:00.000Z' });

    await logout({ keep: true });

    expect(session.status).toBe('signed-out');
    expect(await Dexie.exists(name)).toBe(true);
    await signedInAsAnn();
    expect(db.name).toBe(name);
    expect(await db.meta.get('lastSyncAt')).toMatchObject({ value: '2025-01-01T00:00:00.000Z' });
  });

  it('keeps unsent changes, and the next start still counts them for the sign-in page', async () => {
    await signedInAsAnn();
    await createPatient({ givenName: 'Bo', familyName: 'Ray' });
    routes['POST /api/auth/logout'] = offline;

    await logout({ keep: true });
    useClinicDatabase(null);
    routes['GET /api/auth/me'] = () => json(401, makeProblem('unauthenticated', 401, 'Sign in'));
    await loadSession();

    expect(session.status).toBe('signed-out');
    expect(await db.outbox.count()).toBe(1);
  });

  it('erases unsent changes too when told to', async () => {
    await signedInAsAnn();
    const name = db.name;
    await createPatient({ givenName: 'Bo', familyName: 'Ray' });
    routes['POST /api/auth/logout'] = offline;

    await logout({ keep: false });

    expect(await Dexie.exists(name)).toBe(false);
    expect(await deviceDb.meta.get('unsentChangesOf')).toBeUndefined();
    expect(session.status).toBe('signed-out');
  });
});

describe('a deactivated account', () => {
  it('is signed out at the next start, keeps its unsent changes, and says so until a sign-in', async () => {
    await signedInAsAnn();
    await createPatient({ givenName: 'Bo', familyName: 'Ray' });
    useClinicDatabase(null);
    routes['GET /api/auth/me'] = () =>
      json(401, makeProblem('account-deactivated', 401, 'Your account was deactivated.'));
    await loadSession();

    expect(session.status).toBe('signed-out');
    expect(syncStatus.deactivated).toBe(true);
    expect(await db.outbox.count()).toBe(1);

    // The next start asks nothing (no cached user) and still knows.
    syncStatus.deactivated = false;
    useClinicDatabase(null);
    await loadSession();
    expect(syncStatus.deactivated).toBe(true);
    expect(await db.outbox.count()).toBe(1);

    await signedInAsAnn();
    expect(syncStatus.deactivated).toBe(false);
  });
});

describe('acceptInvitation', () => {
  it('signs the invitee in, and needs a connection', async () => {
    const invitee: Me = { ...me, user: { ...me.user, role: 'assistant', name: 'Cy' } };
    let sent: unknown;
    routes['POST /api/invitations/accept'] = (init) => {
      sent = JSON.parse(String(init?.body));
      return json(201, invitee);
    };
    const request = { token: 'abc', name: ' Cy ', password: 'long enough pass' };
    expect(await acceptInvitation(request)).toEqual({ ok: true });
    expect(sent).toEqual({ ...request, name: 'Cy' });
    expect(session.status).toBe('signed-in');
    expect(session.me?.user.role).toBe('assistant');

    routes['POST /api/invitations/accept'] = offline;
    expect(await acceptInvitation(request)).toEqual({
      ok: false,
      message: 'Signing up needs a connection.',
      issues: [],
    });
    expect(await acceptInvitation({ ...request, password: 'short' })).toMatchObject({
      ok: false,
      issues: [{ field: 'password', message: 'Password must be at least 10 characters.' }],
    });
  });
});

describe('clinic settings', () => {
  const clinic: ClinicSettings = {
    id: me.clinic.id,
    name: me.clinic.name,
    timezone: me.clinic.timezone,
    workingHours: { ...defaultWorkingHours, sat: { from: '09:00', to: '12:00' } },
    retentionDays: 30,
    requireTwoFactor: false,
  };

  it('are fetched at sign-in and there at the next start offline', async () => {
    routes['GET /api/clinic'] = () => json(200, clinic);
    await signedInAsAnn();
    await vi.waitFor(() => expect(session.clinic).toEqual(clinic));

    session.status = 'loading';
    session.clinic = null;
    routes['GET /api/auth/me'] = offline;
    routes['GET /api/clinic'] = offline;
    await loadSession();
    expect(session).toMatchObject({ status: 'signed-in', me, clinic });
  });

  it('are forgotten at sign-out', async () => {
    routes['GET /api/clinic'] = () => json(200, clinic);
    await signedInAsAnn();
    await vi.waitFor(() => expect(session.clinic).toEqual(clinic));
    routes['POST /api/auth/logout'] = () => new Response(null, { status: 204 });
    await logout({ keep: false });
    expect(session.clinic).toBeNull();
    expect(await deviceDb.meta.get('clinic')).toBeUndefined();
  });

  it("save a change and rename the header's clinic at once", async () => {
    await signedInAsAnn();
    const renamed = { ...clinic, name: 'Riverside Rehab', timezone: 'Europe/Paris' };
    routes['PATCH /api/clinic'] = () => json(200, renamed);

    expect(await saveClinic({ name: 'Riverside Rehab', timezone: 'Europe/Paris' })).toEqual({
      ok: true,
    });
    expect(session.clinic).toEqual(renamed);
    expect(session.me?.clinic).toMatchObject({ name: 'Riverside Rehab', timezone: 'Europe/Paris' });
    expect((await deviceDb.meta.get('session'))?.value).toMatchObject({
      clinic: { name: 'Riverside Rehab' },
    });
  });

  it('save a retention and the signed-in user knows it at once', async () => {
    await signedInAsAnn();
    routes['PATCH /api/clinic'] = () => json(200, { ...clinic, retentionDays: 90 });

    expect(await saveClinic({ retentionDays: 90 })).toEqual({ ok: true });
    expect(session.me?.clinic.retentionDays).toBe(90);
    expect((await deviceDb.meta.get('session'))?.value).toMatchObject({
      clinic: { retentionDays: 90 },
    });
  });

  it('refuse a retention outside 7–3650 days without asking the server', async () => {
    await signedInAsAnn();
    fetchMock.mockClear();
    expect(await saveClinic({ retentionDays: 5 })).toMatchObject({
      ok: false,
      issues: [{ field: 'retentionDays', message: 'Keep deleted items between 7 and 3650 days.' }],
    });
    expect(fetchMock).not.toHaveBeenCalled();
  });

  it('show the shared messages without asking the server', async () => {
    await signedInAsAnn();
    fetchMock.mockClear();
    const result = await saveClinic({
      workingHours: { ...defaultWorkingHours, fri: { from: '17:00', to: '09:00' } },
    });
    expect(result).toMatchObject({
      ok: false,
      issues: [
        { field: 'workingHours.fri', message: 'The opening time must be before the closing time.' },
      ],
    });
    expect(fetchMock).not.toHaveBeenCalled();
  });
});
