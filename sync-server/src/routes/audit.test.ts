import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { uuidv7 } from 'uuidv7';
import { problemType, type Me, type Role } from '@bedside/shared';
import {
  type AuditEntry,
  type AuditPage,
  type ChartRead,
  type ChartReadResult,
} from '@bedside/shared/audit';
import {
  ApiClient,
  Device,
  clinicWithRecord,
  migratedDb,
  newPatient,
  signUp,
  startBedside,
  testClock,
} from '../../test/test-app.ts';
import { addColleague } from '../../test/colleagues.ts';
import { dbKinds } from '../../test/test-db.ts';
import type { Db } from '../storage/db.ts';

describe.each(dbKinds)('the audit log on %s', (kind) => {
  let db: Db;
  let bedside: ReturnType<typeof startBedside>;
  // 10:00 in Berlin, where signUp puts every clinic.
  const clock = testClock(Date.parse('2026-06-10T08:00:00Z'));

  beforeAll(async () => {
    db = await migratedDb(kind);
    bedside = startBedside(db, { clock });
  });
  afterAll(async () => {
    await bedside.close();
    await db.close();
  });

  const page = async (api: ApiClient, query: Record<string, string> = {}) => {
    const response = await api.get(`/api/audit?${new URLSearchParams(query)}`);
    expect(response.status).toBe(200);
    return (await response.json()) as AuditPage;
  };
  /** Every event that matches, following the cursors. */
  const all = async (api: ApiClient, query: Record<string, string> = {}) => {
    const events: AuditEntry[] = [];
    let before: string | null = null;
    do {
      const next: AuditPage = await page(api, before ? { ...query, before } : query);
      events.push(...next.events);
      before = next.nextCursor;
    } while (before);
    return events;
  };
  const sendReads = async (api: ApiClient, reads: ChartRead[]) => {
    const response = await api.post('/api/audit/reads', { reads });
    expect(response.status).toBe(200);
    return (await response.json()) as ChartReadResult;
  };
  const read = (patientId: string, extra: Partial<ChartRead> = {}): ChartRead => ({
    id: uuidv7(),
    patientId,
    at: clock().toISOString(),
    ...extra,
  });
  const colleague = async (owner: { me: Me }, role: Role = 'clinician') => {
    const { api, me } = await addColleague({ app: bedside.app, db }, owner.me.clinic.id, { role });
    return { api, id: me.user.id };
  };

  it('answers only the owner: 403 for other members, 401 when signed out', async () => {
    const owner = await signUp(bedside.app);
    const nurse = await colleague(owner);
    for (const path of ['/api/audit', '/api/audit.csv']) {
      const refused = await nurse.api.get(path);
      expect(refused.status).toBe(403);
      expect(await refused.json()).toMatchObject({
        type: problemType('forbidden'),
        title: 'Only the clinic owner can read the audit log.',
      });
      const anonymous = await new ApiClient(bedside.app).get(path);
      expect(anonymous.status).toBe(401);
    }
    const anonymous = await new ApiClient(bedside.app).post('/api/audit/reads', {
      reads: [read(uuidv7())],
    });
    expect(anonymous.status).toBe(401);
  });

  it("shows a patient's create, record and chart reads by ids, newest first, to its own clinic only", async () => {
    const { owner, device, patient, record } = await clinicWithRecord(bedside.app);
    const nurse = await colleague(owner);
    clock.advance(60_000);
    expect(
      await sendReads(nurse.api, [read(patient.id), read(patient.id, { recordId: record.id })]),
    ).toEqual({ written: 2, ignored: 0 });
    // Another patient of the same clinic, and another clinic's patient, are not this patient's.
    await device.push([newPatient({ givenName: 'Bob' })]);
    const other = await clinicWithRecord(bedside.app);

    const events = (await all(owner.api, { patientId: patient.id })).map((event) => [
      event.userId === owner.me.user.id ? 'owner' : event.userId === nurse.id ? 'nurse' : null,
      event.action,
      event.entity,
      event.entityIds,
    ]);
    expect(events).toEqual([
      ['nurse', 'chart.read', 'records', [record.id]],
      ['nurse', 'chart.read', 'patients', [patient.id]],
      ['owner', 'record.create', 'records', [record.id]],
      ['owner', 'patient.create', 'patients', [patient.id]],
    ]);
    const first = (await page(owner.api, { patientId: patient.id })).events[0];
    expect(first).toEqual({
      id: expect.any(String),
      userId: nurse.id,
      action: 'chart.read',
      entity: 'records',
      entityIds: [record.id],
      requestId: expect.any(String),
      at: clock().toISOString(),
    });

    // The other clinic's owner sees none of it, even naming the patient.
    expect(await all(other.owner.api, { patientId: patient.id })).toEqual([]);
    const theirs = await all(other.owner.api);
    expect(theirs.length).toBeGreaterThan(0);
    expect(theirs.flatMap((event) => event.entityIds)).not.toContain(patient.id);
    expect(theirs.map((event) => event.id)).not.toContain(first?.id);
  });

  it('filters by user, by exact action or prefix, and by days in the clinic’s zone', async () => {
    const owner = await signUp(bedside.app);
    const device = new Device(owner.api);
    const nurse = await colleague(owner);
    const [first, second] = [newPatient(), newPatient()];
    await device.push([first, second]);
    const [a, b] = [first.args.id, second.args.id];
    await sendReads(nurse.api, [read(a), read(b)]);

    const byNurse = await all(owner.api, { userId: nurse.id });
    expect(byNurse.map((event) => event.action)).toEqual(['chart.read', 'chart.read']);
    const creates = await all(owner.api, { action: 'patient.create' });
    expect(creates.map((event) => event.entityIds)).toEqual([[a, b]]);
    const patientActions = await all(owner.api, { action: 'patient.' });
    expect(new Set(patientActions.map((event) => event.action))).toContain('patient.create');
    expect(patientActions.every((event) => event.action.startsWith('patient.'))).toBe(true);
    expect(await all(owner.api, { action: 'patient' })).toEqual([]);

    // 10:00 on 10 June in Berlin. The day before and after hold nothing; the day itself all.
    const today = await all(owner.api, { from: '2026-06-10', to: '2026-06-10' });
    expect(today.length).toBe((await all(owner.api)).length);
    expect(await all(owner.api, { to: '2026-06-09' })).toEqual([]);
    expect(await all(owner.api, { from: '2026-06-11' })).toEqual([]);

    const bad = await owner.api.get('/api/audit?action=DROP%20TABLE');
    expect(bad.status).toBe(422);
    const badCursor = await owner.api.get('/api/audit?before=nonsense');
    expect(badCursor.status).toBe(400);
  });

  it('pages 50 at a time with a cursor, none repeated or lost', async () => {
    const { owner, patient } = await clinicWithRecord(bedside.app);
    const reads = Array.from({ length: 120 }, () => read(patient.id));
    await sendReads(owner.api, reads);
    const first = await page(owner.api, { action: 'chart.read' });
    expect(first.events).toHaveLength(50);
    expect(first.nextCursor).not.toBeNull();
    const events = await all(owner.api, { action: 'chart.read' });
    expect(events).toHaveLength(120);
    expect(new Set(events.map((event) => event.id))).toEqual(new Set(reads.map((r) => r.id)));
  });

  it('exports the whole match as CSV with user names and ids, never patient names', async () => {
    const { owner, patient, record } = await clinicWithRecord(bedside.app);
    // More than one of the export's 500-event reads.
    for (let i = 0; i < 3; i++) {
      await sendReads(
        owner.api,
        Array.from({ length: 200 }, () => read(patient.id)),
      );
    }
    const response = await owner.api.get(`/api/audit.csv?patientId=${patient.id}`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(response.headers.get('content-disposition')).toContain('attachment');
    const text = await response.text();
    const lines = text.trimEnd().split('\r\n');
    expect(lines[0]).toBe('at,user,action,entity,ids');
    expect(lines).toHaveLength(1 + 600 + 2);
    expect(lines[1]).toBe(`${clock().toISOString()},Dr owner,chart.read,patients,${patient.id}`);
    expect(lines.at(-2)).toMatch(new RegExp(`,Dr owner,record.create,records,${record.id}$`));
    expect(lines.at(-1)).toMatch(new RegExp(`,Dr owner,patient.create,patients,${patient.id}$`));
    expect(text).not.toContain(patient.givenName);
    expect(text).not.toContain(patient.familyName);
  });

  it('writes each read once, at the device’s time bounded by now and the retention', async () => {
    const { owner, patient } = await clinicWithRecord(bedside.app);
    const other = await clinicWithRecord(bedside.app);
    const now = clock();
    const early = read(patient.id, { at: new Date(now.getTime() - 3_600_000).toISOString() });
    const future = read(patient.id, { at: new Date(now.getTime() + 86_400_000).toISOString() });
    const ancient = read(patient.id, { at: '2020-01-01T00:00:00Z' });
    const foreign = read(other.patient.id);
    const unknown = read(uuidv7());
    const batch = [early, future, ancient, foreign, unknown];
    expect(await sendReads(owner.api, batch)).toEqual({ written: 3, ignored: 2 });
    // A replay (the answer was lost on the way back) writes nothing new.
    expect(await sendReads(owner.api, batch)).toEqual({ written: 0, ignored: 5 });

    const events = await all(owner.api, { action: 'chart.read' });
    const at = new Map(events.map((event) => [event.id, event.at]));
    expect(events).toHaveLength(3);
    expect(at.get(early.id)).toBe(early.at);
    expect(at.get(future.id)).toBe(now.toISOString());
    // The clinic keeps 30 days: no read is dated before then.
    expect(at.get(ancient.id)).toBe(new Date(now.getTime() - 30 * 86_400_000).toISOString());
    expect(await all(other.owner.api, { action: 'chart.read' })).toEqual([]);
  });

  it('refuses a batch that is not a list of reads', async () => {
    const owner = await signUp(bedside.app);
    const response = await owner.api.post('/api/audit/reads', {
      reads: [{ id: 'x', patientId: uuidv7(), at: 'yesterday' }],
    });
    expect(response.status).toBe(422);
  });
});
