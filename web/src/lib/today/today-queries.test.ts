import type { Patient } from '@bedside/shared';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { BedsideDatabase } from '$lib/db/database';
import { createRecord } from '$lib/records/record-actions';
import { pullChanges } from '$lib/sync/pull';
import { serverPatient, serverRecord, serverTemplate } from '$lib/sync/testing/clinic-fixtures';
import { createFakeSyncServer, type FakeSyncServer } from '$lib/sync/testing/fake-sync-server';
import { firstValue } from '$lib/sync/testing/first-value';
import { TEST_USER, freshDatabase } from '$lib/sync/testing/test-database';
import { serverAppointment, serverType } from './test-appointments';
import { watchDay, watchMyDrafts } from './today-queries';

let database: BedsideDatabase;
let server: FakeSyncServer;
let patient: Patient;

/** 2 March 2026 in London (UTC then). */
const day = { from: '2026-03-02T00:00:00.000Z', to: '2026-03-03T00:00:00.000Z' };

beforeEach(() => {
  database = freshDatabase();
  server = createFakeSyncServer();
  vi.stubGlobal('fetch', server.fetch);
  patient = serverPatient(server, { givenName: 'Ann', familyName: 'Lee' });
});

afterEach(() => {
  vi.unstubAllGlobals();
});

function at(startsAt: string, endsAt: string, clinicianId = TEST_USER) {
  return serverAppointment(server, patient, { startsAt, endsAt, clinicianId });
}

describe('watchDay', () => {
  it("lists the day's appointments by start, with an overnight one, without other days or deleted ones", async () => {
    const type = serverType(server, null);
    const late = at('2026-03-02T15:00:00.000Z', '2026-03-02T15:30:00.000Z');
    const early = serverAppointment(server, patient, {
      startsAt: '2026-03-02T09:00:00.000Z',
      endsAt: '2026-03-02T09:30:00.000Z',
      clinicianId: TEST_USER,
      typeId: type.id,
    });
    const overnight = at('2026-03-01T23:30:00.000Z', '2026-03-02T00:30:00.000Z');
    at('2026-03-01T09:00:00.000Z', '2026-03-01T09:30:00.000Z');
    at('2026-03-03T00:00:00.000Z', '2026-03-03T00:30:00.000Z');
    server.writeTo('appointments', {
      ...at('2026-03-02T11:00:00.000Z', '2026-03-02T11:30:00.000Z'),
      deletedAt: '2026-03-01T00:00:00.000Z',
    });
    await pullChanges(database);

    const listed = await firstValue(watchDay(day));
    expect(listed.map((item) => item.appointment.id)).toEqual([overnight.id, early.id, late.id]);
    expect(listed[1]).toMatchObject({
      patientName: 'Lee, Ann',
      type: { id: type.id },
      note: null,
      syncState: 'synced',
    });
  });

  it("keeps to one clinician's appointments when asked, and shows each one's note", async () => {
    const { version } = serverTemplate(server);
    const mine = at('2026-03-02T09:00:00.000Z', '2026-03-02T09:30:00.000Z');
    at('2026-03-02T10:00:00.000Z', '2026-03-02T10:30:00.000Z', 'someone-else');
    const note = serverRecord(server, { patient, version }, { appointmentId: mine.id });
    await pullChanges(database);

    const listed = await firstValue(watchDay(day, TEST_USER));
    expect(listed).toMatchObject([
      { appointment: { id: mine.id }, note: { id: note.id, status: 'finalized' } },
    ]);
    expect(await firstValue(watchDay(day))).toHaveLength(2);
  });
});

describe('watchMyDrafts', () => {
  it('lists my live drafts, newest first, not signed ones or other people’s', async () => {
    const { template, version } = serverTemplate(server, { name: 'Pain check' });
    serverRecord(server, { patient, version });
    serverRecord(server, { patient, version }, { status: 'draft', finalizedAt: null });
    await pullChanges(database);
    const first = await createRecord(patient.id, template.id);
    const second = await createRecord(patient.id, template.id);
    if (!first.ok || !second.ok) throw new Error('not created');

    const drafts = await firstValue(watchMyDrafts(TEST_USER));
    expect(drafts.map((draft) => draft.record.id)).toEqual([second.id, first.id]);
    expect(drafts[0]).toMatchObject({ patientName: 'Lee, Ann', templateName: 'Pain check' });
  });
});
