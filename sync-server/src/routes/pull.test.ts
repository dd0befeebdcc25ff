import { gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { uuidv7 } from 'uuidv7';
import { problemType, SCHEMA_VERSION, syncTableNames, type PullResponse } from '@bedside/shared';
import { encodeCursor } from '../domain/sync/cursor.ts';
import { push } from '../domain/sync/push.ts';
import { sql } from '../storage/sql.ts';
import { createLogger } from '../log.ts';
import {
  byId,
  clinicWithRecord,
  Device,
  migratedDb,
  newPatient,
  seededChanges,
  signUp,
  startBedside,
  testPhiKeys,
} from '../../test/test-app.ts';
import { bedsideFor } from '../../test/push-helpers.ts';
import { dbKinds } from '../../test/test-db.ts';

function cursorOf(json: unknown): string {
  return Buffer.from(JSON.stringify(json)).toString('base64url');
}

describe.each(dbKinds)('pull on %s', (kind) => {
  const bedside = bedsideFor(kind);

  it('pages through changes in change order, tombstones included', async () => {
    const owner = await signUp(bedside.app);
    const device = new Device(owner.api);
    // Past the built-in templates every new clinic starts with.
    const { cursor: start } = await device.pullAll();
    const creates = Array.from({ length: 7 }, (_, i) => newPatient({ familyName: `Family ${i}` }));
    await device.push(creates);
    const deleted = creates[2]!.args.id;
    await device.push([{ name: 'patient.delete', args: { id: deleted } }]);

    const pages = [];
    let cursor: string | undefined = start;
    do {
      const { status, body } = await device.pull(cursor, 3);
      expect(status).toBe(200);
      pages.push(body);
      cursor = body.cursor;
    } while (pages.at(-1)?.more);
    expect(pages.map((p) => p.changes.patients?.length)).toEqual([3, 3, 1]);
    const rows = pages.flatMap((p) => p.changes.patients ?? []);
    expect(rows.map((r) => r.changeSeq)).toEqual(
      [...rows.map((r) => r.changeSeq)].sort((a, b) => a - b),
    );
    expect(new Set(rows.map((r) => r.id)).size).toBe(7);
    expect(rows.at(-1)).toMatchObject({ id: deleted, deletedAt: expect.any(String), version: 2 });
    expect(Object.keys(rows[0]!).sort()).toEqual(
      [
        'id',
        'clinicId',
        'givenName',
        'familyName',
        'birthDate',
        'sex',
        'identifier',
        'phone',
        'email',
        'notes',
        'address',
        'emergencyName',
        'emergencyRelationship',
        'emergencyPhone',
        'allergies',
        'reminderConsent',
        'createdAt',
        'createdBy',
        'updatedAt',
        'updatedBy',
        'version',
        'deletedAt',
        'deletedBy',
        'changeSeq',
      ].sort(),
    );

    const caughtUp = await device.pull(cursor, 3);
    expect(caughtUp.body).toEqual({
      changes: {
        patients: [],
        conflicts: [],
        purges: [],
        templates: [],
        templateVersions: [],
        appointmentTypes: [],
        appointments: [],
        records: [],
        addenda: [],
        photos: [],
      },
      cursor,
      more: false,
    });
    // An empty cursor means from the beginning.
    expect((await device.pull('')).body.changes.patients).toHaveLength(7);
  });

  it('merges patients and conflicts by change order under one limit', async () => {
    const owner = await signUp(bedside.app);
    const a = new Device(owner.api);
    const b = new Device(owner.api);
    const { cursor: start } = await a.pullAll();
    const create = newPatient();
    await a.push([create]);
    await a.push([
      {
        name: 'patient.update',
        args: { id: create.args.id, baseVersion: 1, fields: { phone: '1' } },
      },
    ]);
    await b.push([
      {
        name: 'patient.update',
        args: { id: create.args.id, baseVersion: 1, fields: { phone: '2' } },
      },
    ]);
    // The patient (now at its latest change) and the conflict recorded right after it.
    const first = await a.pull(start, 1);
    expect(first.body).toMatchObject({
      changes: { patients: [{ phone: '2' }], conflicts: [] },
      more: true,
    });
    const second = await a.pull(first.body.cursor, 1);
    expect(second.body).toMatchObject({
      changes: { patients: [], conflicts: [{ field: 'phone', keptValue: '1' }] },
      more: false,
    });
  });

  it('merges every table by change order under one limit, page after page', async () => {
    const { device, patient, record } = await clinicWithRecord(bedside.app, { complaint: 'Knee' });
    await device.push([
      byId('record.finalize', record.id),
      { name: 'addendum.create', args: { id: uuidv7(), recordId: record.id, text: 'Later.' } },
    ]);
    const everything = await device.pullAll();

    const seen: [string, number][] = [];
    let cursor: string | undefined;
    let more = true;
    while (more) {
      const { body } = await device.pull(cursor, 2);
      const rows = Object.entries(body.changes).flatMap(([table, list]) =>
        (list ?? []).map((row): [string, number] => [table, row.changeSeq]),
      );
      expect(rows.length).toBeLessThanOrEqual(2);
      seen.push(...rows.sort((a, b) => a[1] - b[1]));
      ({ cursor, more } = body);
    }
    const seqs = seen.map(([, seq]) => seq);
    expect(seqs).toEqual([...seqs].sort((a, b) => a - b));
    expect(new Set(seen.map(([table]) => table))).toEqual(
      new Set([
        'templates',
        'templateVersions',
        'appointmentTypes',
        'patients',
        'records',
        'addenda',
      ]),
    );
    const total = Object.values(everything)
      .filter(Array.isArray)
      .reduce((sum, rows) => sum + rows.length, 0);
    expect(seen).toHaveLength(total);
    expect(everything.records).toMatchObject([{ patientId: patient.id, status: 'finalized' }]);
  });

  it('audits a pull of records and addenda as reads of patient data, templates not', async () => {
    const { owner, device, record } = await clinicWithRecord(bedside.app, { complaint: 'Knee' });
    const note = { id: uuidv7(), recordId: record.id, text: 'Later.' };
    await device.push([
      byId('record.finalize', record.id),
      { name: 'addendum.create', args: note },
    ]);
    const { patients } = await device.pullAll();
    const events = await bedside.db.many<{ entity: string; entityIds: string[] }>(sql`
      SELECT entity, entity_ids AS "entityIds" FROM audit_events
      WHERE clinic_id = ${owner.me.clinic.id} AND action = 'sync.pull' ORDER BY entity`);
    expect(events).toEqual([
      { entity: 'addenda', entityIds: [note.id] },
      { entity: 'patients', entityIds: patients.map((p) => p.id) },
      { entity: 'records', entityIds: [record.id] },
    ]);
  });

  it('answers resync for a cursor from another epoch, garbage, a future position or another schema', async () => {
    const owner = await signUp(bedside.app);
    const device = new Device(owner.api);
    await device.push([newPatient()]);
    const { epoch } = (
      await bedside.db.many<{ epoch: string }>(
        sql`SELECT epoch FROM clinics WHERE id = ${owner.me.clinic.id}`,
      )
    )[0]!;
    const cursors = [
      encodeCursor({ epoch: uuidv7(), changeSeq: 0 }),
      'not-a-cursor!!',
      cursorOf('just a string'),
      cursorOf({ e: epoch, s: -1, v: SCHEMA_VERSION }),
      encodeCursor({ epoch, changeSeq: seededChanges + 2 }),
      cursorOf({ e: epoch, s: 0, v: SCHEMA_VERSION + 1 }),
    ];
    for (const cursor of cursors) {
      const { status, body } = await device.pull(cursor);
      expect(status, cursor).toBe(409);
      expect(body.type).toMatch(/resync$/);
      expect(body.type).toBe(problemType('resync'));
    }
    expect((await device.pull(encodeCursor({ epoch, changeSeq: 1 }))).status).toBe(200);
  });

  it('checks the limit', async () => {
    const device = new Device((await signUp(bedside.app)).api);
    for (const limit of ['0', 'ten', '-1']) {
      const response = await device.api.get(`/api/sync/pull?limit=${limit}`);
      expect(response.status, limit).toBe(422);
    }
    expect((await device.api.get('/api/sync/pull?limit=999999')).status).toBe(200);
  });

  it("never returns another clinic's rows, even with its cursor", async () => {
    const mine = new Device((await signUp(bedside.app)).api);
    const theirs = new Device((await signUp(bedside.app, 'other')).api);
    await theirs.push([newPatient({ familyName: 'Theirs' })]);
    await mine.push([newPatient({ familyName: 'Mine' })]);
    const all = await mine.pullAll();
    expect(all.patients.map((p) => p.familyName)).toEqual(['Mine']);
    const theirCursor = (await theirs.pullAll()).cursor;
    expect((await mine.pull(theirCursor)).status).toBe(409);
  });

  it('audits each pull with the ids it returned', async () => {
    const owner = await signUp(bedside.app);
    const device = new Device(owner.api);
    const create = newPatient();
    await device.push([create]);
    await device.pullAll();
    const events = await bedside.db.many<{ entityIds: string[] }>(sql`
      SELECT entity_ids AS "entityIds" FROM audit_events WHERE clinic_id = ${owner.me.clinic.id} AND action = 'sync.pull'`);
    expect(events).toEqual([{ entityIds: [create.args.id] }]);
  });

  it('answers an up-to-date device with every table empty, its own cursor, and no audit row', async () => {
    const owner = await signUp(bedside.app);
    const device = new Device(owner.api);
    await device.push([newPatient()]);
    const { cursor } = await device.pullAll();
    const audited = async () =>
      (
        await bedside.db.many(sql`
        SELECT 1 FROM audit_events WHERE clinic_id = ${owner.me.clinic.id} AND action = 'sync.pull'`)
      ).length;
    const before = await audited();

    const { status, body } = await device.pull(cursor);
    expect(status).toBe(200);
    expect(body).toEqual({
      changes: Object.fromEntries(syncTableNames.map((table) => [table, []])),
      cursor,
      more: false,
    });
    // Nothing read, nothing to audit; the pull that read the patient was audited.
    expect(before).toBe(1);
    expect(await audited()).toBe(1);
    // A change after the cursor is found again, and audited.
    const later = newPatient();
    await device.push([later]);
    const next = await device.pull(cursor);
    expect(next.body.changes.patients?.map((p) => p.id)).toEqual([later.args.id]);
    expect(await audited()).toBe(2);
  });

  it('sends an empty pull plain and a page of rows gzipped', async () => {
    const owner = await signUp(bedside.app);
    const device = new Device(owner.api);
    await device.push(Array.from({ length: 20 }, (_, i) => newPatient({ familyName: `F${i}` })));
    const gzip = { headers: { 'accept-encoding': 'gzip' } };

    const full = await owner.api.get('/api/sync/pull', gzip);
    expect(full.headers.get('content-encoding')).toBe('gzip');
    const page = gunzipSync(Buffer.from(await full.arrayBuffer())).toString();
    const { cursor } = JSON.parse(page) as PullResponse;

    const empty = await owner.api.get(`/api/sync/pull?cursor=${cursor}`, gzip);
    expect(empty.headers.get('content-encoding')).toBeNull();
    expect(empty.headers.get('content-type')).toBe('application/json');
    const text = await empty.text();
    expect(Number(empty.headers.get('content-length'))).toBe(Buffer.byteLength(text));
    expect(JSON.parse(text)).toMatchObject({ cursor, more: false });
  });
});

describe('pull while a push is still open (real PostgreSQL)', () => {
  it('never moves a cursor past a row that commits later', async () => {
    const db = await migratedDb('postgres');
    const bedside = startBedside(db);
    const owner = await signUp(bedside.app);
    const reader = new Device(owner.api);
    const writer = new Device(owner.api);
    await writer.push([newPatient({ familyName: 'Before' })]);
    const { cursor: start } = await reader.pullAll();

    let commit = () => {};
    const held = new Promise<void>((resolve) => (commit = resolve));
    const late = newPatient({ familyName: 'Late' });
    const deps = { db, clock: () => new Date(), log: createLogger('silent'), phi: testPhiKeys() };
    const actor = {
      clinicId: owner.me.clinic.id,
      userId: owner.me.user.id,
      requestId: 'held-push',
      role: 'owner' as const,
    };
    let pushed = () => {};
    const applied = new Promise<void>((resolve) => (pushed = resolve));
    const open = db.transaction(async (tx) => {
      const result = await push({ ...deps, db: tx }, actor, {
        clientId: uuidv7(),
        schemaVersion: SCHEMA_VERSION,
        mutations: [{ id: uuidv7(), seq: 1, name: late.name, args: late.args }],
      });
      pushed();
      await held;
      return result;
    });
    await applied;
    // Another device's push queues behind the open one for the clinic's counter.
    let queuedDone = false;
    const queued = writer
      .push([newPatient({ familyName: 'Queued' })])
      .finally(() => (queuedDone = true));
    const waitingForLocks = async () =>
      (
        await db.many(
          sql`SELECT 1 FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND datname = current_database()`,
        )
      ).length;
    await expect.poll(async () => queuedDone || (await waitingForLocks()) > 0).toBe(true);

    const during = await reader.pull(start);
    expect(during.body.changes.patients).toEqual([]);
    commit();
    expect((await open).ok).toBe(true);
    expect((await queued).status).toBe(200);

    const after = await reader.pullAll(undefined, during.body.cursor);
    expect(after.patients.map((p) => p.familyName)).toEqual(['Late', 'Queued']);
    await bedside.close();
    await db.close();
  });
});
