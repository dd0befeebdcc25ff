import type { Patient } from '@bedside/shared';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { BedsideDatabase } from '$lib/db/database';
import { pullChanges } from '$lib/sync/pull';
import { pushOutbox } from '$lib/sync/push';
import { serverPatient, serverRecord, serverTemplate } from '$lib/sync/testing/clinic-fixtures';
import { createFakeSyncServer, type FakeSyncServer } from '$lib/sync/testing/fake-sync-server';
import { freshDatabase } from '$lib/sync/testing/test-database';
import { serverAppointment } from '$lib/today/test-appointments';
import { startNoteForAppointment } from '$lib/today/start-note';
import { appointmentNoteActions } from './appointment-note-actions';
import { copyRefusedNoteInto } from './appointment-note-conflict';
import { saveRecordData } from './record-actions';

let database: BedsideDatabase;
let server: FakeSyncServer;
let patient: Patient;

beforeEach(() => {
  database = freshDatabase();
  server = createFakeSyncServer();
  vi.stubGlobal('fetch', server.fetch);
  patient = serverPatient(server);
});

afterEach(() => {
  vi.unstubAllGlobals();
});

/**
 * This device writes a note of an appointment offline while another device's note of it reaches
 * the server first; then this device syncs. Answers my note's id, theirs and the refusal's id.
 */
async function losingNote(
  mine: Record<string, unknown>,
  theirs: Partial<{ status: 'draft' | 'finalized'; data: Record<string, unknown> }>,
) {
  const { template, version } = serverTemplate(server);
  server.writeTo('templates', { ...template, builtIn: 'soap' });
  const appointment = serverAppointment(server, patient);
  await pullChanges(database);
  const started = await startNoteForAppointment(appointment.id);
  if (!started.ok) throw new Error(started.message);
  await saveRecordData(started.recordId, mine);
  const winner = serverRecord(
    server,
    { patient, version },
    {
      appointmentId: appointment.id,
      status: theirs.status ?? 'draft',
      finalizedAt: theirs.status === 'finalized' ? '2026-03-02T10:00:00.000Z' : null,
      finalizedBy: theirs.status === 'finalized' ? 'other' : null,
      data: theirs.data ?? {},
    },
  );
  await pushOutbox(database);
  await pullChanges(database);
  const [refused] = await database.rejected.toArray();
  if (!refused) throw new Error('the server took both notes');
  return { mineId: started.recordId, theirsId: winner.id, refused };
}

describe('a second note of an appointment, refused by the server', () => {
  it('stays readable under needs attention with the two ways out', async () => {
    const { mineId, theirsId, refused } = await losingNote({ notes: 'My words' }, {});

    expect(refused).toMatchObject({ name: 'record.create', problem: { recordId: theirsId } });
    expect(await database.records.get(mineId)).toMatchObject({ data: { notes: 'My words' } });
    const actions = appointmentNoteActions(refused);
    expect(actions.map((action) => action.label)).toEqual([
      'Open the existing note',
      'Copy my text into it',
    ]);
    expect(await actions[0]!.run()).toEqual({
      path: `/patients/${patient.id}/records/${theirsId}`,
    });
  });

  it('copies my text into the existing draft, keeping both where both wrote, and then goes', async () => {
    const { mineId, theirsId, refused } = await losingNote(
      { pain: 6, notes: 'Worse on stairs.' },
      { data: { notes: 'Knee pain.' } },
    );

    expect(await copyRefusedNoteInto(refused.id)).toEqual({
      ok: true,
      path: `/patients/${patient.id}/records/${theirsId}`,
      asAddendum: false,
    });

    expect(await database.records.get(theirsId)).toMatchObject({
      data: { pain: 6, notes: 'Knee pain.\n\nWorse on stairs.' },
    });
    expect(await database.records.get(mineId)).toBeUndefined();
    expect(await database.rejected.count()).toBe(0);
    await pushOutbox(database);
    expect(server.tables.records.get(theirsId)).toMatchObject({
      data: { pain: 6, notes: 'Knee pain.\n\nWorse on stairs.' },
    });
  });

  it('adds my text under an existing note that is signed, as an addendum', async () => {
    const { theirsId, refused } = await losingNote(
      { notes: 'Worse on stairs.' },
      { status: 'finalized', data: { pain: 4 } },
    );

    expect(await copyRefusedNoteInto(refused.id)).toMatchObject({ ok: true, asAddendum: true });

    expect(await database.addenda.where('recordId').equals(theirsId).toArray()).toMatchObject([
      {
        text: 'From a note of this appointment started on another device:\nNotes: Worse on stairs.',
      },
    ]);
    expect(await database.rejected.count()).toBe(0);
  });

  it('waits, keeping everything, while the existing note has not arrived', async () => {
    const { mineId, theirsId, refused } = await losingNote({ notes: 'Mine' }, {});
    await database.records.delete(theirsId);

    expect(await copyRefusedNoteInto(refused.id)).toMatchObject({
      ok: false,
      message:
        'The existing note has not arrived on this device yet. Try again after the next sync.',
    });
    expect(await database.records.get(mineId)).toMatchObject({ data: { notes: 'Mine' } });
    expect(await database.rejected.count()).toBe(1);
  });
});
