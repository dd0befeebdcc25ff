import { uuidv7 } from 'uuidv7';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { problemType, SCHEMA_VERSION, type Me, type Role } from '@bedside/shared';
import { UNSENT_CHANGES_HEADER, type DeactivatedUser } from '@bedside/shared/team';
import type { Db } from '../storage/db.ts';
import { sql } from '../storage/sql.ts';
import { addColleague } from '../../test/colleagues.ts';
import {
  ApiClient,
  Device,
  migratedDb,
  newPatient,
  signUp,
  startBedside,
  testClock,
  testPassword,
} from '../../test/test-app.ts';
import { dbKinds } from '../../test/test-db.ts';

const android =
  'Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0 Mobile Safari/537.36';

describe.each(dbKinds)('the team on %s', (kind) => {
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

  /** A user of the owner's clinic, signed in on a phone of theirs. */
  async function member(owner: { me: Me }, role: Role, name = 'Nurse Joy') {
    const { me, api } = await addColleague({ app: bedside.app, db }, owner.me.clinic.id, {
      name,
      role,
      headers: { 'user-agent': android },
    });
    return { id: me.user.id, email: me.user.email, api };
  }

  const patch = (api: ApiClient, id: string, json: unknown) =>
    api.request('PATCH', `/api/users/${id}`, { json });
  const loginStatus = async (email: string) =>
    (await new ApiClient(bedside.app).post('/api/auth/login', { email, password: testPassword }))
      .status;

  async function deactivated(owner: { api: ApiClient }): Promise<DeactivatedUser[]> {
    const response = await owner.api.get('/api/users/deactivated');
    expect(response.status).toBe(200);
    return ((await response.json()) as { users: DeactivatedUser[] }).users;
  }

  it('renames a user without signing them out, and a new role ends their sessions', async () => {
    const owner = await signUp(bedside.app);
    const joy = await member(owner, 'clinician');

    const renamed = await patch(owner.api, joy.id, { name: 'Joy Park' });
    expect(renamed.status).toBe(200);
    expect(await renamed.json()).toEqual({
      user: { id: joy.id, name: 'Joy Park', email: joy.email, role: 'clinician' },
    });
    expect(await (await joy.api.get('/api/auth/me')).json()).toMatchObject({
      user: { name: 'Joy Park', role: 'clinician' },
    });

    const demoted = await patch(owner.api, joy.id, { role: 'assistant' });
    expect(demoted.status).toBe(200);
    const gone = await joy.api.get('/api/auth/me');
    expect(gone.status).toBe(401);
    expect(await gone.json()).toMatchObject({ type: problemType('unauthenticated') });
    const again = new ApiClient(bedside.app);
    await again.post('/api/auth/login', { email: joy.email, password: testPassword });
    expect(await (await again.get('/api/auth/me')).json()).toMatchObject({
      user: { name: 'Joy Park', role: 'assistant' },
    });

    const refused = await patch(owner.api, joy.id, {});
    expect(refused.status).toBe(422);
    const events = await db.many<{ action: string; entityIds: string[] }>(sql`
      SELECT action, entity_ids AS "entityIds" FROM audit_events
      WHERE user_id = ${owner.me.user.id} AND entity = 'users' ORDER BY at, id`);
    expect(events.filter((event) => event.action === 'user.update')).toHaveLength(2);
  });

  it('keeps the last active owner: neither demoted nor deactivated', async () => {
    const owner = await signUp(bedside.app);
    for (const response of [
      await patch(owner.api, owner.me.user.id, { role: 'clinician' }),
      await owner.api.post(`/api/users/${owner.me.user.id}/deactivate`),
    ]) {
      expect(response.status).toBe(409);
      expect(await response.json()).toMatchObject({
        type: problemType('last-owner'),
        detail: expect.stringContaining("This is the clinic's last owner"),
      });
    }
    expect((await owner.api.get('/api/auth/me')).status).toBe(200);

    // With a second owner, one may step down; the other is then the last one.
    const second = await member(owner, 'owner', 'Dr Second');
    expect((await patch(second.api, owner.me.user.id, { role: 'clinician' })).status).toBe(200);
    expect((await second.api.post(`/api/users/${second.id}/deactivate`)).status).toBe(409);
    // A deactivated owner does not count as one.
    const third = await member(owner, 'owner', 'Dr Third');
    expect((await second.api.post(`/api/users/${third.id}/deactivate`)).status).toBe(200);
    expect((await patch(second.api, second.id, { role: 'assistant' })).status).toBe(409);
  });

  it('deactivation ends sessions at once; the device mid-sync is told so and its unsent count is kept', async () => {
    const owner = await signUp(bedside.app);
    const joy = await member(owner, 'clinician');
    const phone = new Device(joy.api);
    const header = (count: number) => ({ headers: { [UNSENT_CHANGES_HEADER]: String(count) } });

    // Syncing: a patient goes up, and the phone says how many changes it still holds.
    expect((await phone.push([{ name: 'patient.create', args: newPatient() }])).status).toBe(200);
    expect((await joy.api.get('/api/sync/pull', header(2))).status).toBe(200);
    const [live] = await db.many<{ unsent: number }>(sql`
      SELECT unsent_changes AS unsent FROM sessions WHERE user_id = ${joy.id}`);
    expect(live?.unsent).toBe(2);
    const bad = await joy.api.get('/api/sync/pull', { headers: { [UNSENT_CHANGES_HEADER]: 'x' } });
    expect(bad.status).toBe(422);

    const done = await owner.api.post(`/api/users/${joy.id}/deactivate`);
    expect(done.status).toBe(200);
    clock.advance(60_000);

    // The phone's next push and pull, with its old cookie.
    const push = await joy.api.post(
      '/api/sync/push',
      { clientId: phone.clientId, schemaVersion: SCHEMA_VERSION, mutations: [] },
      header(3),
    );
    const pull = await joy.api.get('/api/sync/pull', header(3));
    for (const response of [push, pull, await joy.api.get('/api/auth/me')]) {
      expect(response.status).toBe(401);
      expect(response.headers.get('content-type')).toBe('application/problem+json');
      expect(await response.json()).toMatchObject({
        type: problemType('account-deactivated'),
        detail: 'Your account was deactivated by the clinic. Changes on this device stay on it.',
      });
    }
    expect(await loginStatus(joy.email)).toBe(401);
    expect(await db.many(sql`SELECT 1 FROM sessions WHERE user_id = ${joy.id}`)).toEqual([]);

    expect(await deactivated(owner)).toEqual([
      {
        id: joy.id,
        name: 'Nurse Joy',
        email: joy.email,
        role: 'clinician',
        deactivatedAt: expect.any(String),
        unsentReports: [
          { device: 'Chrome on Android', unsentChanges: 3, reportedAt: clock().toISOString() },
        ],
      },
    ]);
    // The active list no longer has them.
    const { users } = (await (await owner.api.get('/api/users')).json()) as {
      users: { id: string }[];
    };
    expect(users.map((user) => user.id)).toEqual([owner.me.user.id]);

    // Reactivated: the old cookie is simply signed out, and the password works again.
    expect((await owner.api.post(`/api/users/${joy.id}/reactivate`)).status).toBe(200);
    const old = await joy.api.get('/api/sync/pull');
    expect(await old.json()).toMatchObject({ type: problemType('unauthenticated') });
    expect(await loginStatus(joy.email)).toBe(200);
    expect(await deactivated(owner)).toEqual([]);

    const actions = await db.many<{ action: string }>(sql`
      SELECT action FROM audit_events
      WHERE user_id = ${owner.me.user.id} AND entity = 'users' ORDER BY at, id`);
    expect(actions.map((row) => row.action)).toEqual(['user.deactivate', 'user.reactivate']);
  });

  it('lets only owners manage users, and only their own clinic', async () => {
    const owner = await signUp(bedside.app);
    const other = await signUp(bedside.app, 'other-clinic');
    const theirs = await member(other, 'clinician');
    for (const id of [theirs.id, other.me.user.id, uuidv7(), 'not-an-id']) {
      for (const response of [
        await patch(owner.api, id, { name: 'Taken over' }),
        await owner.api.post(`/api/users/${id}/deactivate`),
        await owner.api.post(`/api/users/${id}/reactivate`),
      ]) {
        expect(response.status).toBe(404);
      }
    }
    expect((await theirs.api.get('/api/auth/me')).status).toBe(200);

    const clinician = await member(owner, 'clinician');
    for (const response of [
      await patch(clinician.api, owner.me.user.id, { role: 'assistant' }),
      await clinician.api.post(`/api/users/${owner.me.user.id}/deactivate`),
      await clinician.api.get('/api/users/deactivated'),
    ]) {
      expect(response.status).toBe(403);
    }
  });
});
