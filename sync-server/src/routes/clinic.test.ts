import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultWorkingHours, problemType, type ClinicSettings, type Me } from '@bedside/shared';
import type { Db } from '../storage/db.ts';
import { sql } from '../storage/sql.ts';
import { addColleague } from '../../test/colleagues.ts';
import { ApiClient, migratedDb, signUp, startBedside } from '../../test/test-app.ts';
import { dbKinds } from '../../test/test-db.ts';

describe.each(dbKinds)('clinic settings on %s', (kind) => {
  let db: Db;
  let bedside: ReturnType<typeof startBedside>;

  beforeAll(async () => {
    db = await migratedDb(kind);
    bedside = startBedside(db);
  });
  afterAll(async () => {
    await bedside.close();
    await db.close();
  });

  const patch = (client: ApiClient, json: unknown, headers?: Record<string, string>) =>
    client.request('PATCH', '/api/clinic', { json, headers });

  async function clinician(owner: { me: Me }) {
    return (await addColleague({ app: bedside.app, db }, owner.me.clinic.id)).api;
  }

  it('gives a new clinic Monday to Friday, 08:00–18:00, and 30 days to restore what is deleted', async () => {
    const owner = await signUp(bedside.app);
    const response = await owner.api.get('/api/clinic');
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({
      id: owner.me.clinic.id,
      name: 'Clinic owner',
      timezone: 'Europe/Berlin',
      workingHours: defaultWorkingHours,
      retentionDays: 30,
      requireTwoFactor: false,
    } satisfies ClinicSettings);
  });

  it('lets the owner change the name, zone and hours; every member reads them; the change is audited', async () => {
    const owner = await signUp(bedside.app);
    const workingHours = {
      ...defaultWorkingHours,
      wed: { from: '12:00', to: '20:00' },
      sat: { from: '09:00', to: '13:00' },
    };
    const response = await patch(owner.api, {
      name: ' Riverside Physio ',
      timezone: 'America/New_York',
      workingHours,
    });
    expect(response.status).toBe(200);
    const expected: ClinicSettings = {
      id: owner.me.clinic.id,
      name: 'Riverside Physio',
      timezone: 'America/New_York',
      workingHours,
      retentionDays: 30,
      requireTwoFactor: false,
    };
    expect(await response.json()).toEqual(expected);

    const member = await clinician(owner);
    expect(await (await member.get('/api/clinic')).json()).toEqual(expected);
    // Signing in again, or asking who is signed in, tells the new name at once.
    const me = (await (await owner.api.get('/api/auth/me')).json()) as Me;
    expect(me.clinic).toMatchObject({ name: 'Riverside Physio', timezone: 'America/New_York' });

    // Only the named fields change.
    const renamed = await patch(owner.api, { name: 'Riverside' });
    expect(await renamed.json()).toEqual({ ...expected, name: 'Riverside' });

    const audit = await db.many<{ action: string; entity: string; entityIds: string[] }>(sql`
      SELECT action, entity, entity_ids AS "entityIds" FROM audit_events
      WHERE clinic_id = ${owner.me.clinic.id} AND action = 'clinic.update' AND user_id = ${owner.me.user.id}`);
    expect(audit).toEqual([
      { action: 'clinic.update', entity: 'clinics', entityIds: [owner.me.clinic.id] },
      { action: 'clinic.update', entity: 'clinics', entityIds: [owner.me.clinic.id] },
    ]);
  });

  it('refuses a change from a member who is not the owner', async () => {
    const owner = await signUp(bedside.app);
    const member = await clinician(owner);
    const response = await patch(member, { name: 'Taken over' });
    expect(response.status).toBe(403);
    expect(response.headers.get('content-type')).toBe('application/problem+json');
    expect(await response.json()).toMatchObject({
      type: problemType('forbidden'),
      title: 'Only the clinic owner can change the clinic settings.',
    });
    expect(await (await owner.api.get('/api/clinic')).json()).toMatchObject({
      name: 'Clinic owner',
    });
  });

  it('refuses a bad time zone or bad hours with the shared messages, changing nothing', async () => {
    const owner = await signUp(bedside.app);
    const response = await patch(owner.api, {
      timezone: 'Mars/Olympus',
      workingHours: { ...defaultWorkingHours, tue: { from: '18:00', to: '08:00' } },
    });
    expect(response.status).toBe(422);
    expect(response.headers.get('content-type')).toBe('application/problem+json');
    const problem = (await response.json()) as { type: string; issues: unknown[] };
    expect(problem.type).toBe(problemType('validation'));
    expect(problem.issues).toEqual([
      { field: 'timezone', message: 'Choose a valid time zone, such as Europe/Berlin.' },
      { field: 'workingHours.tue', message: 'The opening time must be before the closing time.' },
    ]);

    const badTime = await patch(owner.api, {
      workingHours: { ...defaultWorkingHours, mon: { from: '8am', to: '18:00' } },
    });
    expect(badTime.status).toBe(422);
    expect(await badTime.json()).toMatchObject({
      issues: [{ field: 'workingHours.mon.from', message: 'Enter a time such as 08:00.' }],
    });
    expect(await (await owner.api.get('/api/clinic')).json()).toMatchObject({
      timezone: 'Europe/Berlin',
      workingHours: defaultWorkingHours,
    });
  });

  it('changes only the signed-in clinic', async () => {
    const owner = await signUp(bedside.app);
    const other = await signUp(bedside.app, 'other');
    await patch(owner.api, { name: 'Mine', workingHours: { ...defaultWorkingHours, mon: null } });
    await patch(owner.api, { retentionDays: 90 });
    expect(await (await other.api.get('/api/clinic')).json()).toEqual({
      id: other.me.clinic.id,
      name: 'Clinic other',
      timezone: 'Europe/Berlin',
      workingHours: defaultWorkingHours,
      retentionDays: 30,
      requireTwoFactor: false,
    });
  });

  it('lets the owner keep deleted items from 7 to 3650 days; the signed-in user sees it at once', async () => {
    const owner = await signUp(bedside.app);
    for (const retentionDays of [7, 3650, 90]) {
      const response = await patch(owner.api, { retentionDays });
      expect(response.status).toBe(200);
      expect(await response.json()).toMatchObject({ retentionDays, name: 'Clinic owner' });
    }
    expect(await (await owner.api.get('/api/clinic')).json()).toMatchObject({ retentionDays: 90 });
    const me = (await (await owner.api.get('/api/auth/me')).json()) as Me;
    expect(me.clinic.retentionDays).toBe(90);
    const stored = await db.many<{ retentionDays: number }>(sql`
      SELECT retention_days AS "retentionDays" FROM clinics WHERE id = ${owner.me.clinic.id}`);
    expect(stored).toEqual([{ retentionDays: 90 }]);
  });

  it('refuses a retention outside 7–3650 days with the shared sentence, changing nothing', async () => {
    const owner = await signUp(bedside.app);
    for (const retentionDays of [6, 3651, 14.5, '30']) {
      const response = await patch(owner.api, { name: 'Renamed', retentionDays });
      expect(response.status, String(retentionDays)).toBe(422);
      expect(response.headers.get('content-type')).toBe('application/problem+json');
      expect(await response.json()).toMatchObject({
        type: problemType('validation'),
        issues: [
          { field: 'retentionDays', message: 'Keep deleted items between 7 and 3650 days.' },
        ],
      });
    }
    expect(await (await owner.api.get('/api/clinic')).json()).toMatchObject({
      name: 'Clinic owner',
      retentionDays: 30,
    });
  });

  it('refuses a retention change from a member who is not the owner', async () => {
    const owner = await signUp(bedside.app);
    const member = await clinician(owner);
    const response = await patch(member, { retentionDays: 7 });
    expect(response.status).toBe(403);
    expect(response.headers.get('content-type')).toBe('application/problem+json');
    expect(await response.json()).toMatchObject({ type: problemType('forbidden') });
    expect(await (await member.get('/api/clinic')).json()).toMatchObject({ retentionDays: 30 });
  });

  it('needs a session and a request from the app itself', async () => {
    const anonymous = new ApiClient(bedside.app);
    expect((await anonymous.get('/api/clinic')).status).toBe(401);
    expect((await patch(anonymous, { name: 'X' })).status).toBe(401);

    const owner = await signUp(bedside.app);
    const forged = await patch(owner.api, { name: 'Forged' }, { origin: 'https://evil.example' });
    expect(forged.status).toBe(403);
    expect(await forged.json()).toMatchObject({ type: problemType('csrf') });
    expect(await (await owner.api.get('/api/clinic')).json()).toMatchObject({
      name: 'Clinic owner',
    });
  });
});
