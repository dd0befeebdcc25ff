import { makeProblem, type PushRequest } from '@bedside/shared';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ApiError, NetworkError } from '$lib/api/client';
import type { BedsideDatabase } from '$lib/db/database';
import { getMeta } from '$lib/db/meta';
import { createPatient, updatePatient } from '$lib/patients/patient-actions';
import { pullChanges } from './pull';
import { pushOutbox } from './push';
import { createFakeSyncServer, rejection, type FakeSyncServer } from './testing/fake-sync-server';
import { freshDatabase } from './testing/test-database';

let database: BedsideDatabase;
let server: FakeSyncServer;

beforeEach(() => {
  database = freshDatabase();
  server = createFakeSyncServer();
  vi.stubGlobal('fetch', server.fetch);
});

afterEach(() => {
  vi.unstubAllGlobals();
});

async function newPatient(
  givenName: string,
  fields: Record<string, unknown> = {},
): Promise<string> {
  const result = await createPatient({ givenName, familyName: 'Lee', ...fields });
  if (!result.ok) throw new Error(result.message);
  return result.id;
}

async function queued() {
  return database.outbox.orderBy('seq').toArray();
}

describe('pushOutbox', () => {
  it('sends the outbox in seq order and empties it as the server applies it', async () => {
    const ann = await newPatient('Ann');
    const bo = await newPatient('Bo');

    const summary = await pushOutbox(database);

    expect(summary).toMatchObject({ sent: 2, rejected: 0 });
    expect(server.pushedSeqs()).toEqual([[1, 2]]);
    expect(await database.outbox.count()).toBe(0);
    expect((await database.serverRows.get(['patients', ann]))?.version).toBe(1);
    expect(await database.patients.get(bo)).toMatchObject({ givenName: 'Bo', version: 1 });
  });

  it('tells the server how many changes the device holds, with the push and the pull', async () => {
    await newPatient('Ann');
    await newPatient('Bo');
    await pushOutbox(database);
    await pullChanges(database);
    const sent = server.fetch.mock.calls.map(([input, init]) => [
      new URL(String(input), 'http://bedside.test').pathname,
      new Headers(init?.headers).get('Bedside-Unsent-Changes'),
    ]);
    expect(sent).toEqual([
      ['/api/sync/push', '2'],
      ['/api/sync/pull', '0'],
    ]);
  });

  it('sends batches of at most 500', async () => {
    for (let index = 0; index < 501; index++) await newPatient(`P${index}`);
    await pushOutbox(database);
    expect(server.pushedSeqs().map((seqs) => seqs.length)).toEqual([500, 1]);
    expect(await database.outbox.count()).toBe(0);
  });

  it('drops mutations the server already had (duplicate) without changing anything', async () => {
    await newPatient('Ann');
    server.state.lastSeq = 1; // the answer to an earlier push of seq 1 was lost on the way back
    await pushOutbox(database);
    expect(await database.outbox.count()).toBe(0);
    expect(await database.rejected.count()).toBe(0);
  });

  it('keeps a rejected mutation with the reason, and sends the ones behind it', async () => {
    await newPatient('Ann', { identifier: 'A-1' });
    const bo = await newPatient('Bo', { identifier: 'A-1' });
    const cy = await newPatient('Cy');
    const problem = makeProblem('duplicate-identifier', 409, 'Identifier already used', {
      detail: 'Identifier A-1 is already used by another patient.',
    });
    server.setVerdict((mutation) =>
      mutation.seq === 2 ? rejection(mutation, problem) : undefined,
    );

    const summary = await pushOutbox(database);

    expect(summary).toMatchObject({ sent: 3, rejected: 1 });
    expect(await database.outbox.count()).toBe(0);
    const rejected = await database.rejected.toArray();
    expect(rejected).toEqual([
      expect.objectContaining({ seq: 2, name: 'patient.create', entityId: bo, problem }),
    ]);
    // The refused patient stays visible on the device, waiting for a fix.
    expect(await database.patients.get(bo)).toMatchObject({ givenName: 'Bo', version: 0 });
    expect(server.rows.has(cy)).toBe(true);
  });

  it('on conflict drops the mutation, keeps the server row and reports what was overwritten', async () => {
    const ann = await newPatient('Ann', { phone: '1' });
    await pushOutbox(database);
    await updatePatient(ann, { phone: '3' });
    const overwrite = {
      field: 'phone',
      keptValue: '2',
      keptBy: 'other-user',
      keptAt: '2025-01-01T00:00:00.000Z',
    };
    server.setVerdict((mutation) => {
      if (mutation.name !== 'patient.update') return undefined;
      const row = server.writeRow({ ...server.rows.get(ann)!, phone: '3', version: 3 });
      return {
        id: mutation.id,
        seq: mutation.seq,
        status: 'conflict',
        table: 'patients',
        row,
        overwrites: [overwrite],
      };
    });

    const summary = await pushOutbox(database);

    expect(summary.overwrites).toEqual([overwrite]);
    expect(await database.outbox.count()).toBe(0);
    expect(await database.patients.get(ann)).toMatchObject({ phone: '3', version: 3 });
  });

  it('renumbers the queue after a seq gap and sends it again', async () => {
    await newPatient('Ann');
    await newPatient('Bo');
    // The device's numbering ran ahead of the server (say, entries lost with a restored device).
    const entries = await queued();
    await database.outbox.clear();
    await database.outbox.bulkAdd(entries.map((entry) => ({ ...entry, seq: entry.seq + 4 })));

    await pushOutbox(database);

    expect(server.pushedSeqs()).toEqual([
      [5, 6],
      [1, 2],
    ]);
    expect(await database.outbox.count()).toBe(0);
    expect(await getMeta(database, 'nextSeq')).toBe(3);
    expect(server.rows.size).toBe(2);
  });

  it.each([
    [
      'a server error',
      { status: 503, body: makeProblem('internal', 503, 'Unavailable') },
      ApiError,
    ],
    [
      'a rate limit',
      { status: 429, body: makeProblem('rate-limited', 429, 'Slow down') },
      ApiError,
    ],
    ['a network error', 'network-error' as const, NetworkError],
    [
      'an ended session',
      { status: 401, body: makeProblem('unauthenticated', 401, 'Sign in') },
      ApiError,
    ],
  ])('keeps everything queued after %s', async (_case, reply, errorClass) => {
    await newPatient('Ann');
    await newPatient('Bo');
    const before = await queued();
    server.replyOnce(reply);

    await expect(pushOutbox(database)).rejects.toBeInstanceOf(errorClass);

    // Marked as sent (the server may have them), but all still queued.
    expect(await queued()).toEqual(
      before.map((entry) => ({ ...entry, sentAt: expect.any(String) as unknown })),
    );
    expect(await database.rejected.count()).toBe(0);
    expect(await database.patients.count()).toBe(2);
  });

  it('turns an edit made while its create was on the way into an update that follows it', async () => {
    const ann = await newPatient('Ann');
    const later = await newPatient('Bo');
    let edited = false;
    server.fetch.mockImplementationOnce(async (input, init) => {
      // The user saves a change while the create is in flight.
      if (!edited) {
        edited = true;
        await updatePatient(ann, { phone: '555' });
      }
      return server.fetch.getMockImplementation()!(input, init);
    });

    await pushOutbox(database);

    const serverRow = server.rows.get(ann);
    expect(serverRow).toMatchObject({ givenName: 'Ann', phone: '555', version: 2 });
    expect(server.pushedSeqs()).toEqual([[1, 2], [3]]);
    expect(server.rows.has(later)).toBe(true);
    expect(await database.outbox.count()).toBe(0);
    expect(await database.patients.get(ann)).toMatchObject({ phone: '555', version: 2 });
  });

  it('keeps an edit made after a create was sent whose answer got lost', async () => {
    const ann = await newPatient('Ann');
    server.fetch.mockImplementationOnce(async (input, init) => {
      // The server commits the create, but the answer never reaches the device.
      await server.fetch.getMockImplementation()!(input, init);
      throw new TypeError('fetch failed');
    });
    await expect(pushOutbox(database)).rejects.toBeInstanceOf(NetworkError);

    await updatePatient(ann, { phone: '555' });
    await pushOutbox(database);
    await pullChanges(database);

    expect(server.rows.get(ann)).toMatchObject({ phone: '555', version: 2 });
    expect(await database.patients.get(ann)).toMatchObject({ phone: '555', version: 2 });
  });

  it('moves an update queued during the push of the previous one onto its new version', async () => {
    const ann = await newPatient('Ann');
    await pushOutbox(database);
    await updatePatient(ann, { phone: '1' });
    server.fetch.mockImplementationOnce(async (input, init) => {
      await updatePatient(ann, { phone: '2' }); // saved again while the first update is in flight
      return server.fetch.getMockImplementation()!(input, init);
    });

    await pushOutbox(database);

    expect(pushedUpdates()).toEqual([
      expect.objectContaining({ baseVersion: 1, fields: { phone: '1' } }),
      // Version 2 is this device's own write: no conflict with itself.
      expect.objectContaining({ baseVersion: 2, fields: { phone: '2' } }),
    ]);
    expect(server.rows.get(ann)).toMatchObject({ phone: '2', version: 3 });
  });

  it('keeps the old base of a queued update when someone else wrote in between', async () => {
    const ann = await newPatient('Ann');
    await pushOutbox(database);
    await updatePatient(ann, { phone: '1' });
    server.fetch.mockImplementationOnce(async (input, init) => {
      await updatePatient(ann, { phone: '2' });
      // Another device's write lands first: the device's update makes version 3, not 2.
      server.writeRow({ ...server.rows.get(ann)!, notes: 'other', version: 2 });
      return server.fetch.getMockImplementation()!(input, init);
    });

    await pushOutbox(database);

    expect(pushedUpdates()).toEqual([
      expect.objectContaining({ baseVersion: 1, fields: { phone: '1' } }),
      expect.objectContaining({ baseVersion: 1, fields: { phone: '2' } }),
    ]);
  });
});

function pushedUpdates() {
  return server.requests
    .filter((request) => request.path === '/api/sync/push')
    .flatMap((request) => (request.body as PushRequest).mutations)
    .filter((mutation) => mutation.name === 'patient.update')
    .map((mutation) => mutation.args);
}
