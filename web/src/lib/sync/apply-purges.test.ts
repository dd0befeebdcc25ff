import type { Conflict, Photo, Purge } from '@bedside/shared';
import { uuidv7 } from 'uuidv7';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { bufferOf, pdfBytes } from '$lib/capture/image/testing/image-fixtures';
import type { BedsideDatabase, PhotoBytes, UploadJob } from '$lib/db/database';
import { getMeta } from '$lib/db/meta';
import { createPatient, updatePatient } from '$lib/patients/patient-actions';
import { addAttachment } from '$lib/photos/photo-actions';
import { serverAppointment } from '$lib/today/test-appointments';
import { applyPullPage } from './apply-pull';
import { pullChanges } from './pull';
import { pushOutbox } from './push';
import {
  serverAddendum,
  serverPatient,
  serverRecord,
  serverTemplate,
} from './testing/clinic-fixtures';
import { createFakeSyncServer, type FakeSyncServer } from './testing/fake-sync-server';
import { freshDatabase, TEST_CLINIC } from './testing/test-database';

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

/** A photo another device took and uploaded, on the server only. */
function serverPhoto(patientId: string): Photo {
  return server.writeTo('photos', {
    id: uuidv7(),
    clinicId: TEST_CLINIC,
    createdAt: '2025-01-01T00:00:00.000Z',
    createdBy: 'other',
    updatedAt: '2025-01-01T00:00:00.000Z',
    updatedBy: 'other',
    version: 2,
    deletedAt: null,
    deletedBy: null,
    changeSeq: 0,
    patientId,
    kind: 'photo',
    contentType: 'image/jpeg',
    byteSize: 3,
    width: 10,
    height: 10,
    sha256: 'a'.repeat(64),
    capturedAt: '2025-01-01T00:00:00.000Z',
    bodySite: null,
    laterality: null,
    description: null,
    status: 'committed',
    uploadedAt: '2025-01-01T00:01:00.000Z',
  });
}

/** The bytes of a photo as this device keeps them once it has shown it. */
function downloadedBytes(id: string): PhotoBytes {
  return {
    id,
    bytes: new ArrayBuffer(3),
    contentType: 'image/jpeg',
    sha256: 'a'.repeat(64),
    thumbnail: new ArrayBuffer(1),
    thumbnailType: 'image/jpeg',
    width: 10,
    height: 10,
    source: 'server',
    viewedAt: '2025-01-02T00:00:00.000Z',
  };
}

function doneUpload(photoId: string): UploadJob {
  return {
    photoId,
    state: 'done',
    step: 'complete',
    attempts: 0,
    nextAttemptAt: null,
    bytesSent: 3,
    bytesTotal: 3,
    error: null,
  };
}

function conflictOn(rowId: string): Omit<Conflict, 'changeSeq'> {
  return {
    id: uuidv7(),
    clinicId: TEST_CLINIC,
    entity: 'patients',
    rowId,
    field: 'phone',
    keptValue: '1',
    keptBy: 'u1',
    keptAt: '2025-01-01T00:00:00.000Z',
    winningValue: '2',
    winningBy: 'u2',
    createdAt: '2025-01-01T00:00:00.000Z',
    version: 1,
    deletedAt: null,
  };
}

/** A patient with everything that goes with one, on the server. */
function patientWithEverything(version: ReturnType<typeof serverTemplate>['version']) {
  const patient = serverPatient(server);
  const record = serverRecord(server, { patient, version });
  const addendum = serverAddendum(server, record);
  const photo = serverPhoto(patient.id);
  const appointment = serverAppointment(server, patient);
  const conflict = conflictOn(patient.id);
  server.addConflict(conflict);
  return { patient, record, addendum, photo, appointment, conflict };
}

/** What the server sends when a patient is deleted for good: one purge per row of it. */
function purgePatient(rows: ReturnType<typeof patientWithEverything>): void {
  server.purge('addenda', rows.addendum.id);
  server.purge('records', rows.record.id);
  server.purge('photos', rows.photo.id);
  server.purge('appointments', rows.appointment.id);
  server.purge('patients', rows.patient.id);
}

async function newPatient(fields: Record<string, unknown>): Promise<string> {
  const result = await createPatient({ givenName: 'Ann', familyName: 'Lee', ...fields });
  if (!result.ok) throw new Error(result.message);
  return result.id;
}

describe('a device offline across a purge', () => {
  it('drops the purged rows of every kind, with their copies, conflicts and bytes, and keeps the rest', async () => {
    const kept = serverTemplate(server, { name: 'Kept' });
    const gone = serverTemplate(server, { name: 'Gone' });
    const purged = patientWithEverything(kept.version);
    const other = patientWithEverything(kept.version);
    await pullChanges(database);
    for (const rows of [purged, other]) {
      await database.photoBytes.put(downloadedBytes(rows.photo.id));
      await database.uploads.put(doneUpload(rows.photo.id));
    }
    expect(await database.patients.get(purged.patient.id)).toBeDefined();
    expect(await database.serverRows.get(['templates', gone.template.id])).toBeDefined();

    // Offline meanwhile: the clinic deletes the patient and a template for good.
    purgePatient(purged);
    server.purge('templates', gone.template.id);
    server.purge('templateVersions', gone.version.id);
    await pullChanges(database);

    expect(await database.patients.get(purged.patient.id)).toBeUndefined();
    expect(await database.records.get(purged.record.id)).toBeUndefined();
    expect(await database.addenda.get(purged.addendum.id)).toBeUndefined();
    expect(await database.photos.get(purged.photo.id)).toBeUndefined();
    expect(await database.appointments.get(purged.appointment.id)).toBeUndefined();
    expect(await database.templates.get(gone.template.id)).toBeUndefined();
    expect(await database.templateVersions.get(gone.version.id)).toBeUndefined();
    expect(await database.photoBytes.get(purged.photo.id)).toBeUndefined();
    expect(await database.uploads.get(purged.photo.id)).toBeUndefined();
    expect(await database.conflicts.get(purged.conflict.id)).toBeUndefined();
    // Templates, photos and appointments keep a server copy of every row: the purged ones' go.
    const copies = await database.serverRows.toArray();
    expect(copies.map((copy) => copy.id).sort()).toEqual(
      [kept.template.id, kept.version.id, other.photo.id, other.appointment.id].sort(),
    );

    expect(await database.patients.get(other.patient.id)).toMatchObject(other.patient);
    expect(await database.records.get(other.record.id)).toEqual(other.record);
    expect(await database.addenda.get(other.addendum.id)).toEqual(other.addendum);
    expect(await database.photos.get(other.photo.id)).toEqual(other.photo);
    expect(await database.appointments.get(other.appointment.id)).toEqual(other.appointment);
    expect(await database.templates.get(kept.template.id)).toEqual(kept.template);
    expect(await database.photoBytes.get(other.photo.id)).toBeDefined();
    expect(await database.uploads.get(other.photo.id)).toBeDefined();
    expect(await database.conflicts.get(other.conflict.id)).toBeDefined();
  });

  it('keeps its outbox: an unsent edit of a purged patient goes out and comes back refused', async () => {
    const ann = serverPatient(server, { phone: '1' });
    await pullChanges(database);
    await updatePatient(ann.id, { phone: '2' }); // typed offline, not sent
    const local = await newPatient({ givenName: 'Local' }); // another unsent change
    const outboxBefore = await database.outbox.toArray();

    server.purge('patients', ann.id);
    await pullChanges(database);

    expect(await database.outbox.toArray()).toEqual(outboxBefore);
    // Nothing of the server's patient is left: an edit alone makes no patient to show.
    expect(await database.serverRows.get(['patients', ann.id])).toBeUndefined();
    expect(await database.patients.get(ann.id)).toBeUndefined();
    expect(await database.patients.get(local)).toMatchObject({ givenName: 'Local', version: 0 });

    const summary = await pushOutbox(database);

    expect(summary).toMatchObject({ sent: 2, rejected: 1 });
    expect(server.rows.get(local)).toMatchObject({ givenName: 'Local' });
    // Under "needs attention", with what was typed.
    expect(await database.rejected.toArray()).toEqual([
      expect.objectContaining({
        name: 'patient.update',
        entityId: ann.id,
        args: expect.objectContaining({ fields: { phone: '2' } }),
        problem: expect.objectContaining({ status: 404 }),
      }),
    ]);
    expect(await database.patients.get(local)).toMatchObject({ givenName: 'Local', version: 1 });
  });

  it("keeps an unsent photo's bytes and upload, and shows it, while a sent one's go", async () => {
    const patient = serverPatient(server);
    const sent = serverPhoto(patient.id);
    await pullChanges(database);
    await database.photoBytes.put(downloadedBytes(sent.id));
    const file = new File([bufferOf(pdfBytes())], 'referral.pdf');
    const added = await addAttachment(patient.id, file, { commit: true });
    if (!added.ok) throw new Error(added.message);
    const outboxBefore = await database.outbox.toArray();
    const bytesBefore = await database.photoBytes.get(added.id);
    const uploadBefore = await database.uploads.get(added.id);

    server.purge('photos', sent.id);
    server.purge('photos', added.id);
    await pullChanges(database);

    expect(await database.photos.get(sent.id)).toBeUndefined();
    expect(await database.photoBytes.get(sent.id)).toBeUndefined();
    expect(await database.outbox.toArray()).toEqual(outboxBefore);
    expect(await database.photoBytes.get(added.id)).toEqual(bytesBefore);
    expect(await database.uploads.get(added.id)).toEqual(uploadBefore);
    expect(await database.photos.get(added.id)).toMatchObject({
      kind: 'attachment',
      version: 0,
    });
  });
});

describe('when a purge arrives', () => {
  it('forgets a row whose purge comes in a later page', async () => {
    const patients = Array.from({ length: 1001 }, (_, index) =>
      serverPatient(server, { givenName: `P${index}` }),
    );
    const gone = patients[0]!;
    const serve = server.fetch.getMockImplementation()!;
    server.fetch.mockImplementationOnce(async (input, init) => {
      const firstPage = await serve(input, init);
      server.purge('patients', gone.id); // while the device stores the first page
      return firstPage;
    });

    const summary = await pullChanges(database);

    expect(summary.pages).toBe(2);
    expect(await database.patients.get(gone.id)).toBeUndefined();
    expect(await database.patients.count()).toBe(1000);
  });

  it('forgets a row whose purge comes later in the same page, in another chunk', async () => {
    const rows = Array.from({ length: 1200 }, (_, index) =>
      serverPatient(server, { givenName: `P${index}` }),
    );
    const gone = rows[0]!;
    const purge: Purge = {
      id: gone.id,
      entity: 'patients',
      purgedAt: '2025-02-01T00:00:00.000Z',
      changeSeq: 1201,
    };

    await applyPullPage(database, {
      changes: { patients: rows, purges: [purge] },
      cursor: '1:1201',
      more: false,
    });

    expect(await database.patients.get(gone.id)).toBeUndefined();
    expect(await database.patients.count()).toBe(1199);
    expect(await getMeta(database, 'cursor')).toBe('1:1201');
  });

  it('takes a purge of a row it never had in its stride', async () => {
    const ann = serverPatient(server);
    const gone = serverPatient(server);
    await pullChanges(database);
    server.purge('records', uuidv7());
    server.purge('patients', gone.id);

    const summary = await pullChanges(database);

    expect(summary).toMatchObject({ pages: 1, resynced: false });
    expect(await database.patients.get(gone.id)).toBeUndefined();
    expect(await database.patients.get(ann.id)).toMatchObject(ann);
  });

  it('moves the cursor past the purges, so the next pull asks from after them', async () => {
    const ann = serverPatient(server);
    await pullChanges(database);
    const purge = server.purge('patients', ann.id);

    await pullChanges(database);

    expect(await database.patients.get(ann.id)).toBeUndefined();
    expect(await getMeta(database, 'cursor')).toBe(`1:${purge.changeSeq}`);
    expect(await pullChanges(database)).toMatchObject({ rows: 0 });
    const [asked] = server.fetch.mock.calls.at(-1)!;
    const query = new URL(String(asked), 'http://bedside.test').searchParams;
    expect(query.get('cursor')).toBe(`1:${purge.changeSeq}`);
  });
});
