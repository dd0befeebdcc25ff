import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DeviceSession } from '@bedside/shared/devices';
import { lastSeenEveryMs } from '../domain/accounts/session-devices.ts';
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
} from '../../test/test-app.ts';
import { dbKinds } from '../../test/test-db.ts';

const androidChrome =
  'Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Mobile Safari/537.36';
const windowsFirefox =
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:128.0) Gecko/20100101 Firefox/128.0';

describe.each(dbKinds)('my devices on %s', (kind) => {
  let db: Db;
  const clock = testClock();
  let bedside: ReturnType<typeof startBedside>;

  beforeAll(async () => {
    db = await migratedDb(kind);
    bedside = startBedside(db, { clock });
  });
  afterAll(async () => {
    await bedside.close();
    await db.close();
  });

  /** Signs `email` in on a new client that names itself `userAgent`. */
  async function signIn(email: string, userAgent: string) {
    const client = new ApiClient(bedside.app);
    const response = await client.post(
      '/api/auth/login',
      { email, password: testPassword },
      { headers: { 'user-agent': userAgent } },
    );
    if (response.status !== 200) throw new Error(`sign-in failed: ${response.status}`);
    return client;
  }

  async function mySessions(client: ApiClient): Promise<DeviceSession[]> {
    const response = await client.get('/api/auth/sessions');
    expect(response.status).toBe(200);
    return ((await response.json()) as { sessions: DeviceSession[] }).sessions;
  }

  async function sessionEndAudits(userId: string) {
    return db.many<{ entity: string; entityIds: string[] }>(sql`
      SELECT entity, entity_ids AS "entityIds" FROM audit_events
      WHERE user_id = ${userId} AND action = 'account.session-end' ORDER BY at, id`);
  }

  it('lists my sessions with a device label, never a token, this one marked', async () => {
    const owner = await signUp(bedside.app);
    const phone = await signIn(owner.email, androidChrome);
    const desktop = await signIn(owner.email, windowsFirefox);
    const response = await desktop.get('/api/auth/sessions');
    const text = await response.text();
    const hashes = await db.many<{ tokenHash: string }>(
      sql`SELECT token_hash AS "tokenHash" FROM sessions WHERE user_id = ${owner.me.user.id}`,
    );
    for (const { tokenHash } of hashes) expect(text).not.toContain(tokenHash);
    for (const cookie of [owner.api.cookie, phone.cookie, desktop.cookie]) {
      expect(text).not.toContain(cookie?.split('=')[1]);
    }
    expect(text).not.toContain('Pixel 8');
    const sessions = (JSON.parse(text) as { sessions: DeviceSession[] }).sessions;
    expect(sessions.map((s) => [s.device, s.current]).sort()).toEqual([
      ['Chrome on Android', false],
      ['Firefox on Windows', true],
      ['Unknown device', false],
    ]);
    for (const session of sessions) {
      expect(session.id).toMatch(/^[0-9a-f-]{36}$/);
      expect(session.createdAt).toBe(session.lastSeenAt);
    }
    expect((await mySessions(phone)).find((s) => s.current)?.device).toBe('Chrome on Android');
    expect((await new ApiClient(bedside.app).get('/api/auth/sessions')).status).toBe(401);
  });

  it("keeps users and clinics apart: another's session is neither listed nor ended", async () => {
    const owner = await signUp(bedside.app);
    const { api: colleague } = await addColleague({ app: bedside.app, db }, owner.me.clinic.id, {
      name: 'Dr Colleague',
      headers: { 'user-agent': androidChrome },
    });
    const stranger = await signUp(bedside.app, 'stranger');
    const ownerIds = (await mySessions(owner.api)).map((s) => s.id);
    expect(ownerIds).toHaveLength(1);
    for (const other of [colleague, stranger.api]) {
      const [theirs] = await mySessions(other);
      if (!theirs) throw new Error('no session listed');
      expect(ownerIds).not.toContain(theirs.id);
      const refused = await owner.api.request('DELETE', `/api/auth/sessions/${theirs.id}`);
      expect(refused.status).toBe(404);
      expect(refused.headers.get('content-type')).toBe('application/problem+json');
      expect((await other.get('/api/auth/me')).status).toBe(200);
    }
    const ended = await owner.api.post('/api/auth/sessions/end-others');
    expect(await ended.json()).toEqual({ ended: 0 });
    expect((await colleague.get('/api/auth/me')).status).toBe(200);
    expect((await stranger.api.get('/api/auth/me')).status).toBe(200);
    expect((await owner.api.request('DELETE', '/api/auth/sessions/not-an-id')).status).toBe(404);
    expect(await sessionEndAudits(owner.me.user.id)).toEqual([]);
  });

  it('ends one other session: it gets 401 at once, the rest stay', async () => {
    const owner = await signUp(bedside.app);
    const phone = await signIn(owner.email, androidChrome);
    const desktop = await signIn(owner.email, windowsFirefox);
    // The phone's session is in this instance's cache now.
    expect((await phone.get('/api/auth/me')).status).toBe(200);
    const phoneSession = (await mySessions(phone)).find((s) => s.current);
    if (!phoneSession) throw new Error('no current session');

    const ended = await desktop.request('DELETE', `/api/auth/sessions/${phoneSession.id}`);
    expect(ended.status).toBe(204);
    expect((await phone.get('/api/auth/me')).status).toBe(401);
    expect((await desktop.get('/api/auth/me')).status).toBe(200);
    expect((await owner.api.get('/api/auth/me')).status).toBe(200);
    expect((await mySessions(desktop)).map((s) => s.id)).not.toContain(phoneSession.id);
    const again = await desktop.request('DELETE', `/api/auth/sessions/${phoneSession.id}`);
    expect(again.status).toBe(404);
    // This session is ended by signing out, not from the list.
    const self = (await mySessions(desktop)).find((s) => s.current);
    expect((await desktop.request('DELETE', `/api/auth/sessions/${self?.id}`)).status).toBe(404);
    expect(await sessionEndAudits(owner.me.user.id)).toEqual([
      { entity: 'sessions', entityIds: [phoneSession.id] },
    ]);
  });

  it('ends all other sessions at once, this one stays', async () => {
    const owner = await signUp(bedside.app);
    const phone = await signIn(owner.email, androidChrome);
    const desktop = await signIn(owner.email, windowsFirefox);
    expect((await phone.get('/api/auth/me')).status).toBe(200);
    expect((await owner.api.get('/api/auth/me')).status).toBe(200);
    const others = (await mySessions(desktop)).filter((s) => !s.current).map((s) => s.id);

    const response = await desktop.post('/api/auth/sessions/end-others');
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ ended: 2 });
    expect((await phone.get('/api/auth/me')).status).toBe(401);
    expect((await owner.api.get('/api/auth/me')).status).toBe(401);
    expect((await desktop.get('/api/auth/me')).status).toBe(200);
    expect((await mySessions(desktop)).map((s) => s.current)).toEqual([true]);
    const [audit] = await sessionEndAudits(owner.me.user.id);
    expect(audit?.entityIds.slice().sort()).toEqual(others.sort());
  });

  it('refreshes last seen at most once every few minutes, by the clock', async () => {
    const owner = await signUp(bedside.app);
    const [first] = await mySessions(owner.api);
    clock.advance(60_000);
    await owner.api.get('/api/auth/me');
    const [soon] = await mySessions(owner.api);
    expect(soon?.lastSeenAt).toBe(first?.lastSeenAt);

    clock.advance(lastSeenEveryMs);
    await owner.api.get('/api/auth/me');
    const [later] = await mySessions(owner.api);
    expect(later?.lastSeenAt).toBe(clock().toISOString());
    expect(later?.createdAt).toBe(first?.createdAt);
  });
});
