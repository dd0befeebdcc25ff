import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { problemType, type Me } from '@bedside/shared';
import type { Db } from '../storage/db.ts';
import { sql } from '../storage/sql.ts';
import { addColleague } from '../../test/colleagues.ts';
import {
  ApiClient,
  migratedDb,
  signUp,
  startBedside,
  testClock,
  testPassword,
  uniqueEmail,
} from '../../test/test-app.ts';
import { dbKinds } from '../../test/test-db.ts';

describe.each(dbKinds)('accounts on %s', (kind) => {
  let db: Db;
  const clock = testClock();
  let bedside: ReturnType<typeof startBedside>;

  beforeAll(async () => {
    db = await migratedDb(kind);
    // Requests from 10.x come through the clinic's TLS proxy.
    bedside = startBedside(db, { clock, config: { trustedProxies: ['10.0.0.0/8'] } });
  });
  afterAll(async () => {
    await bedside.close();
    await db.close();
  });

  const api = () => new ApiClient(bedside.app);

  it('signs a new clinic owner in with a session cookie', async () => {
    const client = api();
    const email = uniqueEmail();
    const response = await client.post('/api/clinics', {
      clinicName: 'Riverside Physio',
      timezone: 'Europe/Berlin',
      name: 'Dr Grey',
      email: email.toUpperCase(),
      password: testPassword,
    });
    expect(response.status).toBe(201);
    const me = (await response.json()) as Me;
    expect(me.user).toMatchObject({
      name: 'Dr Grey',
      email,
      role: 'owner',
      clinicId: me.clinic.id,
    });
    expect(me.clinic).toMatchObject({
      name: 'Riverside Physio',
      timezone: 'Europe/Berlin',
      retentionDays: 30,
    });

    const cookie = response.headers.getSetCookie()[0] ?? '';
    expect(cookie).toMatch(/^bedside_session=[\w-]{43};/);
    expect(cookie).toContain('HttpOnly');
    expect(cookie).toContain('SameSite=Lax');
    expect(cookie).toContain('Path=/');
    expect(cookie).toContain(`Max-Age=${30 * 24 * 3600}`);
    expect(cookie).not.toContain('Secure');

    const meAgain = await client.get('/api/auth/me');
    expect(meAgain.status).toBe(200);
    expect(await meAgain.json()).toEqual(me);
  });

  it('stores only a hash of the session token and a scrypt hash of the password', async () => {
    const { api: client, email } = await signUp(bedside.app);
    const token = client.cookie?.split('=')[1] ?? '';
    const sessions = await db.many<{ tokenHash: string }>(
      sql`SELECT token_hash AS "tokenHash" FROM sessions`,
    );
    expect(sessions.map((s) => s.tokenHash)).not.toContain(token);
    const [user] = await db.many<{ hash: string }>(
      sql`SELECT password_hash AS hash FROM users WHERE email = ${email}`,
    );
    expect(user?.hash).toMatch(/^scrypt\$16384\$8\$1\$[\w+/=]+\$[\w+/=]+$/);
  });

  const signUpVia = (peer: string | undefined, headers: Record<string, string>) =>
    api().post(
      '/api/clinics',
      {
        clinicName: 'Behind a proxy',
        timezone: 'Europe/Berlin',
        name: 'Dr Proxy',
        email: uniqueEmail(),
        password: testPassword,
      },
      { headers, peer },
    );

  it('marks the cookie Secure when the request came over https', async () => {
    const response = await signUpVia('10.0.0.2', {
      'x-forwarded-proto': 'https',
      origin: 'https://localhost',
    });
    expect(response.status).toBe(201);
    expect(response.headers.getSetCookie()[0]).toContain('Secure');
  });

  it('believes X-Forwarded-Proto only from a trusted proxy when marking the cookie Secure', async () => {
    // The client's claim of https is ignored: the request was plain http, so its Origin is too.
    for (const peer of ['203.0.113.9', '::ffff:198.51.100.7', undefined]) {
      const response = await signUpVia(peer, {
        'x-forwarded-proto': 'https',
        origin: 'http://localhost',
      });
      expect(response.status, String(peer)).toBe(201);
      expect(response.headers.getSetCookie()[0], String(peer)).not.toContain('Secure');
    }
    const plain = await signUpVia('10.0.0.2', { origin: 'http://localhost' });
    expect(plain.headers.getSetCookie()[0]).not.toContain('Secure');
  });

  it('refuses a second account with the same email, in any letter case', async () => {
    const { email } = await signUp(bedside.app);
    const response = await api().post('/api/clinics', {
      clinicName: 'Copycat',
      timezone: 'Europe/Berlin',
      name: 'Someone',
      email: email.toUpperCase(),
      password: testPassword,
    });
    expect(response.status).toBe(409);
    expect(response.headers.get('content-type')).toBe('application/problem+json');
    expect(await response.json()).toMatchObject({ type: problemType('email-taken'), status: 409 });
  });

  it('answers sign-up field errors with the shared validation messages', async () => {
    const response = await api().post('/api/clinics', {
      clinicName: '',
      timezone: 'Mars/Olympus',
      name: 'X',
      email: 'nope',
      password: 'short',
    });
    expect(response.status).toBe(422);
    const problem = (await response.json()) as {
      type: string;
      issues: { field: string; message: string }[];
    };
    expect(problem.type).toBe(problemType('validation'));
    expect(problem.issues).toEqual(
      expect.arrayContaining([
        { field: 'clinicName', message: 'Clinic name is required.' },
        { field: 'timezone', message: 'Choose a valid time zone, such as Europe/Berlin.' },
        { field: 'email', message: 'Enter a valid email address.' },
        { field: 'password', message: 'Password must be at least 10 characters.' },
      ]),
    );
  });

  it('logs in, logs out, and the old cookie no longer works', async () => {
    const { email, me } = await signUp(bedside.app);
    const client = api();
    const login = await client.post('/api/auth/login', { email, password: testPassword });
    expect(login.status).toBe(200);
    expect(await login.json()).toEqual(me);
    const oldCookie = client.cookie;

    const logout = await client.post('/api/auth/logout');
    expect(logout.status).toBe(204);
    expect(logout.headers.getSetCookie()[0]).toMatch(/^bedside_session=;.*Max-Age=0/);

    const stale = new ApiClient(bedside.app, oldCookie);
    const after = await stale.get('/api/auth/me');
    expect(after.status).toBe(401);
    expect(await after.json()).toMatchObject({ type: problemType('unauthenticated'), status: 401 });
  });

  it('gives the same answer for a wrong password and an unknown email', async () => {
    const { email } = await signUp(bedside.app);
    const wrong = await api().post('/api/auth/login', { email, password: 'not the password' });
    const unknown = await api().post('/api/auth/login', {
      email: uniqueEmail('nobody'),
      password: testPassword,
    });
    expect(wrong.status).toBe(401);
    expect(unknown.status).toBe(401);
    const [a, b] = [await wrong.json(), await unknown.json()];
    expect(a).toEqual(b);
    expect(a).toMatchObject({ title: 'Email or password is incorrect.' });
    expect(wrong.headers.getSetCookie()).toEqual([]);
  });

  it('throttles an email after 5 failures for 15 minutes, even with the right password', async () => {
    const { email } = await signUp(bedside.app);
    for (let i = 0; i < 5; i++) {
      expect(
        (await api().post('/api/auth/login', { email, password: 'wrong password' })).status,
      ).toBe(401);
    }
    const throttled = await api().post('/api/auth/login', { email, password: testPassword });
    expect(throttled.status).toBe(429);
    expect(await throttled.json()).toMatchObject({ type: problemType('login-throttled') });
    expect(Number(throttled.headers.get('retry-after'))).toBeGreaterThan(0);

    clock.advance(15 * 60 * 1000);
    expect((await api().post('/api/auth/login', { email, password: testPassword })).status).toBe(
      200,
    );
  });

  it('throttles an IP after 30 failures across any emails', async () => {
    for (let i = 0; i < 30; i++) {
      await api().post('/api/auth/login', {
        email: uniqueEmail('guess'),
        password: 'wrong password',
      });
    }
    const { email } = await signUp(bedside.app);
    const throttled = await api().post('/api/auth/login', { email, password: testPassword });
    expect(throttled.status).toBe(429);
    expect(await throttled.json()).toMatchObject({ type: problemType('login-throttled') });
    clock.advance(15 * 60 * 1000);
  });

  it("lists the clinic's users, and only its own", async () => {
    const owner = await signUp(bedside.app);
    const other = await signUp(bedside.app, 'other-clinic');
    const { me } = await addColleague({ app: bedside.app, db }, owner.me.clinic.id);

    const list = await owner.api.get('/api/users');
    const { users } = (await list.json()) as {
      users: { id: string; name: string; email: string; role: string }[];
    };
    expect(users).toHaveLength(2);
    expect(users).toEqual(
      expect.arrayContaining([
        { id: me.user.id, name: 'Nurse Joy', email: me.user.email, role: 'clinician' },
      ]),
    );
    // Another clinic sees only its own people.
    const otherList = (await (await other.api.get('/api/users')).json()) as {
      users: { id: string }[];
    };
    expect(otherList.users.map((u) => u.id)).toEqual([other.me.user.id]);
  });

  it('needs a session for me, users and sync', async () => {
    for (const path of ['/api/auth/me', '/api/users', '/api/sync/pull', '/api/sync/events']) {
      const response = await api().get(path);
      expect(response.status, path).toBe(401);
      expect(response.headers.get('content-type')).toBe('application/problem+json');
    }
    expect((await api().post('/api/sync/push', {})).status).toBe(401);
  });

  it('forgets a session once it expires', async () => {
    const { api: client } = await signUp(bedside.app);
    clock.advance(30 * 24 * 3600 * 1000 + 1000);
    expect((await client.get('/api/auth/me')).status).toBe(401);
  });
});

describe('sign-up closed', () => {
  it('refuses new clinics with 403 signup-closed', async () => {
    const db = await migratedDb('pglite');
    const bedside = startBedside(db, { config: { signup: 'closed' } });
    const response = await new ApiClient(bedside.app).post('/api/clinics', {
      clinicName: 'Late',
      timezone: 'Europe/Berlin',
      name: 'Dr Late',
      email: uniqueEmail(),
      password: testPassword,
    });
    expect(response.status).toBe(403);
    expect(await response.json()).toMatchObject({ type: problemType('signup-closed') });
    await bedside.close();
    await db.close();
  });
});
