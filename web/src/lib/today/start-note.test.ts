import type { Patient } from '@bedside/shared';
import { uuidv7 } from 'uuidv7';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { BedsideDatabase } from '$lib/db/database';
import { saveRecordData } from '$lib/records/record-actions';
import { pullChanges } from '$lib/sync/pull';
import { pushOutbox } from '$lib/sync/push';
import { serverPatient, serverRecord, serverTemplate } from '$lib/sync/testing/clinic-fixtures';
import { createFakeSyncServer, type FakeSyncServer } from '$lib/sync/testing/fake-sync-server';
import { freshDatabase } from '$lib/sync/testing/test-database';
import { startNoteForAppointment } from './start-note';
import { serverAppointment, serverType } from './test-appointments';

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

describe('startNoteForAppointment', () => {
  it("creates a draft of the appointment with its type's template, then opens that same draft", async () => {
    const { template } = serverTemplate(server, { name: 'Knee review' });
    const appointment = serverAppointment(server, patient, {
      typeId: serverType(server, template.id).id,
    });
    await pullChanges(database);

    const started = await startNoteForAppointment(appointment.id);
    expect(started).toMatchObject({ ok: true, patientId: patient.id, created: true });
    if (!started.ok) return;
    expect(await database.records.get(started.recordId)).toMatchObject({
      appointmentId: appointment.id,
      templateId: template.id,
      status: 'draft',
    });

    expect(await startNoteForAppointment(appointment.id)).toEqual({
      ok: true,
      recordId: started.recordId,
      patientId: patient.id,
      created: false,
    });
    await pushOutbox(database);
    expect(server.tables.records.get(started.recordId)).toMatchObject({
      appointmentId: appointment.id,
    });
  });

  it('falls back to the built-in SOAP note when the type has no template', async () => {
    const { template: soap } = serverTemplate(server, { name: 'SOAP note' });
    server.writeTo('templates', { ...soap, builtIn: 'soap' });
    serverTemplate(server, { name: 'Other' });
    const appointment = serverAppointment(server, patient, { typeId: serverType(server, null).id });
    await pullChanges(database);

    const started = await startNoteForAppointment(appointment.id);
    if (!started.ok) throw new Error(started.message);
    expect(await database.records.get(started.recordId)).toMatchObject({ templateId: soap.id });
  });

  it('opens the note another device wrote for the appointment', async () => {
    const { version } = serverTemplate(server);
    const appointment = serverAppointment(server, patient);
    const theirs = serverRecord(
      server,
      { patient, version },
      {
        status: 'draft',
        finalizedAt: null,
        finalizedBy: null,
        appointmentId: appointment.id,
      },
    );
    await pullChanges(database);

    expect(await startNoteForAppointment(appointment.id)).toMatchObject({
      ok: true,
      recordId: theirs.id,
      created: false,
    });
  });

  it('says so when the appointment is not on this device', async () => {
    expect(await startNoteForAppointment(uuidv7())).toMatchObject({
      ok: false,
      message: 'This appointment is not on this device.',
    });
  });

  it('keeps a refused second note apart: the note that won opens', async () => {
    const { template, version } = serverTemplate(server);
    server.writeTo('templates', { ...template, builtIn: 'soap' });
    const appointment = serverAppointment(server, patient);
    await pullChanges(database);
    const mine = await startNoteForAppointment(appointment.id);
    if (!mine.ok) throw new Error(mine.message);
    await saveRecordData(mine.recordId, { notes: 'Mine' });
    const theirs = serverRecord(
      server,
      { patient, version },
      {
        status: 'draft',
        finalizedAt: null,
        finalizedBy: null,
        appointmentId: appointment.id,
      },
    );

    await pushOutbox(database);
    await pullChanges(database);

    expect(await database.rejected.toArray()).toMatchObject([
      { name: 'record.create', problem: { recordId: theirs.id } },
    ]);
    expect(await database.records.get(mine.recordId)).toMatchObject({ data: { notes: 'Mine' } });
    expect(await startNoteForAppointment(appointment.id)).toMatchObject({
      ok: true,
      recordId: theirs.id,
    });
  });
});
