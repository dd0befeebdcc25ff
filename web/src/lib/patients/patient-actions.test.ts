import { beforeEach, describe, expect, it } from 'vitest';
import type { BedsideDatabase } from '$lib/db/database';
import { freshDatabase } from '$lib/sync/testing/test-database';
import { createPatient, deletePatient, restorePatient, updatePatient } from './patient-actions';

let database: BedsideDatabase;

beforeEach(() => {
  database = freshDatabase();
});

async function created(fields: Record<string, unknown> = {}): Promise<string> {
  const result = await createPatient({ givenName: 'Ann', familyName: 'Lee', ...fields });
  if (!result.ok) throw new Error(result.message);
  return result.id;
}

/** Makes the device believe the server has this patient at `version` (as after a pull). */
async function markSynced(id: string, version: number): Promise<void> {
  const row = await database.patients.get(id);
  if (!row) throw new Error('no row');
  const { searchWords: _words, sortKey: _key, ...patient } = row;
  await database.outbox.clear();
  await database.serverRows.put({ table: 'patients', id, version, row: { ...patient, version } });
  await database.patients.put({ ...row, version });
}

describe('createPatient', () => {
  it('writes the patient and a create mutation, each with the next seq', async () => {
    const first = await created({ phone: '+49 30 123', sex: '' });
    const second = await created({ givenName: 'Bo' });

    const row = await database.patients.get(first);
    expect(row).toMatchObject({
      givenName: 'Ann',
      familyName: 'Lee',
      phone: '+49 30 123',
      sex: null,
      version: 0,
    });
    const outbox = await database.outbox.orderBy('seq').toArray();
    expect(outbox.map((entry) => [entry.seq, entry.name, entry.entityId])).toEqual([
      [1, 'patient.create', first],
      [2, 'patient.create', second],
    ]);
    expect(outbox[0]?.args).toEqual({
      id: first,
      givenName: 'Ann',
      familyName: 'Lee',
      birthDate: null,
      sex: null,
      identifier: null,
      phone: '+49 30 123',
      email: null,
      notes: null,
      address: null,
      emergencyName: null,
      emergencyRelationship: null,
      emergencyPhone: null,
      allergies: null,
      reminderConsent: false,
    });
    expect(new Set(outbox.map((entry) => entry.clientId)).size).toBe(1);
  });

  it('queues nothing when writing the row fails: row and mutation share one transaction', async () => {
    const failRowWrite = () => {
      throw new Error('disk full');
    };
    database.patients.hook('creating', failRowWrite);
    await expect(createPatient({ givenName: 'Ann', familyName: 'Lee' })).rejects.toThrow(
      'disk full',
    );
    database.patients.hook('creating').unsubscribe(failRowWrite);

    expect(await database.outbox.count()).toBe(0);
    // The seq was not used up either: the next create still takes 1.
    await created();
    expect((await database.outbox.toArray()).map((entry) => entry.seq)).toEqual([1]);
  });

  it('answers with the shared schema messages and writes nothing when invalid', async () => {
    const result = await createPatient({
      givenName: ' ',
      familyName: 'Lee',
      birthDate: '2023-02-30',
      phone: 'call me',
    });
    expect(result).toEqual({
      ok: false,
      message: 'Some fields need correcting.',
      issues: [
        { field: 'givenName', message: 'Given name is required.' },
        { field: 'birthDate', message: 'This date does not exist.' },
        { field: 'phone', message: 'Phone may contain only digits, spaces and + ( ) . / -' },
      ],
    });
    expect(await database.patients.count()).toBe(0);
    expect(await database.outbox.count()).toBe(0);
  });
});

describe('updatePatient', () => {
  it('merges into the create still waiting in the outbox instead of queuing an update', async () => {
    const id = await created();
    const result = await updatePatient(id, { phone: '555 1234' });

    expect(result).toEqual({ ok: true });
    const outbox = await database.outbox.toArray();
    expect(outbox).toHaveLength(1);
    expect(outbox[0]).toMatchObject({
      seq: 1,
      name: 'patient.create',
      args: { id, givenName: 'Ann', phone: '555 1234' },
    });
    expect(await database.patients.get(id)).toMatchObject({ phone: '555 1234' });
  });

  it('queues an update behind a create already sent, since the server may have it', async () => {
    const id = await created();
    await database.outbox.update(1, { sentAt: new Date().toISOString() });

    await updatePatient(id, { phone: '555 1234' });

    const outbox = await database.outbox.orderBy('seq').toArray();
    expect(outbox.map(({ seq, name, args }) => ({ seq, name, args }))).toEqual([
      { seq: 1, name: 'patient.create', args: expect.objectContaining({ id, phone: null }) },
      // The create will be version 1 on the server.
      {
        seq: 2,
        name: 'patient.update',
        args: { id, baseVersion: 1, fields: { phone: '555 1234' } },
      },
    ]);
    expect(await database.patients.get(id)).toMatchObject({ phone: '555 1234' });
  });

  it('queues only the changed fields against the server version the user saw', async () => {
    const id = await created({ phone: '1' });
    await markSynced(id, 3);

    await updatePatient(id, { givenName: 'Ann', phone: '2', notes: 'Allergic to latex' });

    const [update] = await database.outbox.toArray();
    expect(update).toMatchObject({
      name: 'patient.update',
      seq: 2,
      args: { id, baseVersion: 3, fields: { phone: '2', notes: 'Allergic to latex' } },
    });
    expect(await database.patients.get(id)).toMatchObject({
      phone: '2',
      notes: 'Allergic to latex',
      version: 3,
    });
  });

  it('queues nothing when nothing changed', async () => {
    const id = await created();
    await markSynced(id, 1);
    expect(await updatePatient(id, { givenName: 'Ann' })).toEqual({ ok: true });
    expect(await database.outbox.count()).toBe(0);
  });

  it('folds a rejected update of the patient into the new one (how "Fix" works)', async () => {
    const id = await created();
    await markSynced(id, 1);
    await database.rejected.add({
      id: 'rejected-1',
      seq: 7,
      name: 'patient.update',
      entityId: id,
      args: { id, baseVersion: 1, fields: { email: 'ann@example.org', identifier: 'A-1' } },
      problem: {
        type: 'https://bedside.dev/problems/duplicate-identifier',
        title: 'Identifier used',
        status: 409,
      },
      rejectedAt: '2025-01-01T00:00:00.000Z',
      createdAt: '2025-01-01T00:00:00.000Z',
    });

    await updatePatient(id, { identifier: 'A-2' });

    expect(await database.rejected.count()).toBe(0);
    const [update] = await database.outbox.toArray();
    expect(update?.args).toEqual({
      id,
      baseVersion: 1,
      fields: { email: 'ann@example.org', identifier: 'A-2' },
    });
    expect(await database.patients.get(id)).toMatchObject({
      email: 'ann@example.org',
      identifier: 'A-2',
    });
  });

  it('validates the changed fields with the shared schema', async () => {
    const id = await created();
    const result = await updatePatient(id, { familyName: '' });
    expect(result).toMatchObject({
      ok: false,
      issues: [{ field: 'familyName', message: 'Family name is required.' }],
    });
  });
});

describe('deletePatient and restorePatient', () => {
  it('soft-delete and restore on the device and queue each', async () => {
    const id = await created();
    await markSynced(id, 1);

    await deletePatient(id);
    expect((await database.patients.get(id))?.deletedAt).toEqual(expect.any(String));
    await deletePatient(id); // already deleted: nothing more to queue
    await restorePatient(id);
    expect((await database.patients.get(id))?.deletedAt).toBeNull();

    const outbox = await database.outbox.orderBy('seq').toArray();
    expect(outbox.map((entry) => [entry.name, entry.args])).toEqual([
      ['patient.delete', { id }],
      ['patient.restore', { id }],
    ]);
  });

  it('says so when the patient is not on this device', async () => {
    expect(await deletePatient('01900000-0000-7000-8000-00000000dead')).toMatchObject({
      ok: false,
    });
  });
});
