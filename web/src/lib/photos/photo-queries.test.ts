import type { Photo } from '@bedside/shared';
import { uuidv7 } from 'uuidv7';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { sha256Hex } from '$lib/capture/image/sha256';
import { bufferOf, jpegBytes } from '$lib/capture/image/testing/image-fixtures';
import type { BedsideDatabase } from '$lib/db/database';
import { forgetServerData } from '$lib/sync/apply-pull';
import { pullChanges } from '$lib/sync/pull';
import { pushOutbox } from '$lib/sync/push';
import { serverPatient } from '$lib/sync/testing/clinic-fixtures';
import { createFakeSyncServer, type FakeSyncServer } from '$lib/sync/testing/fake-sync-server';
import { firstValue } from '$lib/sync/testing/first-value';
import { freshDatabase } from '$lib/sync/testing/test-database';
import { deletePatient, restorePatient } from '$lib/patients/patient-actions';
import { deleteRecord, restoreRecord } from '$lib/records/record-actions';
import { addPhotos, deletePhoto } from './photo-actions';
import {
  photoImageUrl,
  photoThumbnailUrl,
  watchPatientPhotos,
  watchPhotos,
  watchUploadSummary,
} from './photo-queries';
import { storageWarning } from './storage-use';

vi.mock('$lib/capture/image/compress', () => ({
  THUMBNAIL_SIDE: 320,
  compressToJpeg: async (_file: File, side: number) =>
    new Blob([bufferOf(jpegBytes({ width: side, height: side }))], { type: 'image/jpeg' }),
  makeThumbnail: async () => bufferOf(jpegBytes({ width: 320, height: 240 })),
}));

let database: BedsideDatabase;
let server: FakeSyncServer;
let patientId: string;

beforeEach(async () => {
  database = freshDatabase();
  server = createFakeSyncServer();
  vi.stubGlobal('fetch', server.fetch);
  patientId = serverPatient(server).id;
  await pullChanges(database);
});

afterEach(() => vi.unstubAllGlobals());

const file = (name: string, capturedAt: string) =>
  new File([bufferOf(jpegBytes({ width: 4, height: 3 }))], name, {
    lastModified: Date.parse(capturedAt),
  });

/** A photo another device took and uploaded, with its bytes in the fake storage. */
async function otherDevicesPhoto(): Promise<{ photo: Photo; bytes: ArrayBuffer }> {
  const bytes = bufferOf(jpegBytes({ width: 2560, height: 1920 }));
  const photo = server.writeTo('photos', {
    id: uuidv7(),
    clinicId: 'clinic',
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
    byteSize: bytes.byteLength,
    width: 2560,
    height: 1920,
    sha256: await sha256Hex(bytes),
    capturedAt: '2025-01-01T00:00:00.000Z',
    bodySite: 'Sacrum',
    laterality: null,
    description: null,
    status: 'committed',
    uploadedAt: '2025-01-01T00:01:00.000Z',
  });
  server.uploads.objects.set(photo.id, bytes);
  return { photo, bytes };
}

describe('watchPatientPhotos', () => {
  it('lists newest capture first, pending and deleted only when asked', async () => {
    const older = await addPhotos(patientId, [file('a.jpg', '2025-01-01T10:00:00Z')], {
      commit: true,
    });
    const newer = await addPhotos(patientId, [file('b.jpg', '2025-02-01T10:00:00Z')], {
      commit: true,
    });
    const staged = await addPhotos(patientId, [file('c.jpg', '2025-03-01T10:00:00Z')], {
      commit: false,
    });
    if (!older.ok || !newer.ok || !staged.ok) throw new Error('not added');
    await deletePhoto(older.ids[0] ?? '');

    const gallery = await firstValue(watchPatientPhotos(patientId, { includePending: false }));
    expect(gallery.map((item) => item.photo.id)).toEqual(newer.ids);
    expect(gallery[0]).toMatchObject({
      syncState: 'pending',
      hasBytes: true,
      upload: { state: 'queued' },
    });

    const everything = await firstValue(
      watchPatientPhotos(patientId, { includePending: true, includeDeleted: true }),
    );
    expect(everything.map((item) => item.photo.id)).toEqual([
      ...staged.ids,
      ...newer.ids,
      ...older.ids,
    ]);
  });

  it("follows a queued note deletion at once, offline too: the note's own photo goes, and comes back with it", async () => {
    const { photo: own } = await otherDevicesPhoto();
    const { photo: shared } = await otherDevicesPhoto();
    const note = (id: string, photos: string[]) =>
      server.writeTo('records', {
        id,
        clinicId: 'clinic',
        patientId,
        templateId: 'template',
        templateVersionId: 'version',
        appointmentId: null,
        status: 'draft',
        data: { wound_photos: photos },
        finalizedAt: null,
        finalizedBy: null,
        archivedAt: null,
        archivedBy: null,
        createdAt: '2025-01-02T00:00:00.000Z',
        createdBy: 'other',
        updatedAt: '2025-01-02T00:00:00.000Z',
        updatedBy: 'other',
        version: 1,
        deletedAt: null,
        deletedBy: null,
        changeSeq: 0,
      });
    const draft = note(uuidv7(), [own.id, shared.id]);
    note(uuidv7(), [shared.id]);
    await pullChanges(database);
    const shown = async () =>
      (await firstValue(watchPatientPhotos(patientId, { includePending: false })))
        .map((item) => item.photo.id)
        .sort();
    expect(await shown()).toEqual([own.id, shared.id].sort());

    // Queued, not sent: the photo only this note lists leaves the gallery already.
    await deleteRecord(draft.id);
    expect(await shown()).toEqual([shared.id]);
    // The server deletes it with the note; the pulled photo row says so too.
    await pushOutbox(database);
    await pullChanges(database);
    expect((await database.photos.get(own.id))?.deletedAt).toEqual(expect.any(String));
    expect(await shown()).toEqual([shared.id]);

    // Restoring the note, queued: the photo is back at once, and stays back once synced.
    await restoreRecord(draft.id);
    expect(await shown()).toEqual([own.id, shared.id].sort());
    await pushOutbox(database);
    await pullChanges(database);
    expect((await database.photos.get(own.id))?.deletedAt).toBeNull();
    expect(await shown()).toEqual([own.id, shared.id].sort());
  });

  it("brings a deleted patient's photos back at once when its restoration is queued", async () => {
    const { photo } = await otherDevicesPhoto();
    await pullChanges(database);
    await deletePatient(patientId);
    await pushOutbox(database);
    await pullChanges(database);
    expect((await database.photos.get(photo.id))?.deletedAt).toEqual(expect.any(String));

    await restorePatient(patientId);
    const gallery = await firstValue(watchPatientPhotos(patientId, { includePending: false }));
    expect(gallery.map((item) => item.photo.id)).toEqual([photo.id]);
  });

  it('shows photos from other devices once pulled, and keeps local ones through a resync', async () => {
    const { photo } = await otherDevicesPhoto();
    const mine = await addPhotos(patientId, [file('a.jpg', '2025-03-01T10:00:00Z')], {
      commit: true,
    });
    if (!mine.ok) throw new Error('not added');
    await pullChanges(database);

    const items = await firstValue(watchPatientPhotos(patientId, { includePending: true }));
    expect(items.map((item) => [item.photo.id, item.syncState, item.hasBytes])).toEqual([
      [mine.ids[0], 'pending', true],
      [photo.id, 'synced', false],
    ]);

    await forgetServerData(database);
    expect(await database.photos.get(mine.ids[0] ?? '')).toMatchObject({ version: 0 });
    expect(await database.photos.get(photo.id)).toBeUndefined();
  });
});

describe('watchPhotos', () => {
  it('answers a record’s photos in the record’s order', async () => {
    const added = await addPhotos(
      patientId,
      [file('a.jpg', '2025-01-01T10:00:00Z'), file('b.jpg', '2025-02-01T10:00:00Z')],
      { commit: false },
    );
    if (!added.ok) throw new Error('not added');
    const [a = '', b = ''] = added.ids;
    const items = await firstValue(watchPhotos([b, 'not-here', a]));
    expect(items.map((item) => item.photo.id)).toEqual([b, a]);
  });
});

describe('watchUploadSummary', () => {
  it('adds up the batch', async () => {
    const added = await addPhotos(
      patientId,
      [file('a.jpg', '2025-01-01T10:00:00Z'), file('b.jpg', '2025-01-01T11:00:00Z')],
      { commit: true },
    );
    if (!added.ok) throw new Error('not added');
    const [a = '', b = ''] = added.ids;
    await database.uploads.update(a, { state: 'uploading', bytesSent: 10 });
    await database.uploads.update(b, { state: 'failed', error: 'Refused.' });
    const jobs = await database.uploads.toArray();
    const total = jobs.reduce((sum, job) => sum + job.bytesTotal, 0);

    expect(await firstValue(watchUploadSummary())).toEqual({
      total: 2,
      done: 0,
      bytesSent: 10,
      bytesTotal: total,
      failed: 1,
      active: 1,
    });
  });
});

describe('photoImageUrl and photoThumbnailUrl', () => {
  it('downloads a photo from another device once, checks it and keeps it', async () => {
    const { photo, bytes } = await otherDevicesPhoto();
    await pullChanges(database);

    const url = await photoImageUrl(photo.id);
    expect(url).toMatch(/^blob:/);
    expect(await (await fetchBlob(url)).arrayBuffer()).toEqual(bytes);
    expect(await database.photoBytes.get(photo.id)).toMatchObject({
      source: 'server',
      sha256: photo.sha256,
    });

    expect(await photoThumbnailUrl(photo.id)).toMatch(/^blob:/);
    const downloads = server.requests.filter((request) => request.path.endsWith('/content'));
    expect(downloads).toHaveLength(1);
  });

  it('answers undefined offline for a photo that is not on the device', async () => {
    const { photo } = await otherDevicesPhoto();
    await pullChanges(database);
    server.replyOnce('network-error');
    expect(await photoImageUrl(photo.id)).toBeUndefined();
    expect(await database.photoBytes.get(photo.id)).toBeUndefined();
  });

  it('answers from the device for a photo taken here', async () => {
    const added = await addPhotos(patientId, [file('a.jpg', '2025-01-01T10:00:00Z')], {
      commit: true,
    });
    if (!added.ok) throw new Error('not added');
    await pushOutbox(database);
    expect(await photoThumbnailUrl(added.ids[0] ?? '')).toMatch(/^blob:/);
    expect(server.requests.filter((request) => request.path.endsWith('/content'))).toEqual([]);
  });
});

describe('storageWarning', () => {
  const MB = 1024 * 1024;
  it('warns when less than 15 % or less than 200 MB is left', () => {
    expect(storageWarning(500 * MB, 10_000 * MB)).toBeNull();
    expect(storageWarning(8_600 * MB, 10_000 * MB)).toMatch(/running out of space/);
    expect(storageWarning(100 * MB, 250 * MB)).toMatch(/running out of space/);
    expect(storageWarning(0, 0)).toBeNull();
  });
});

async function fetchBlob(url: string | undefined): Promise<Blob> {
  const { resolveObjectURL } = await import('node:buffer');
  const blob = url ? resolveObjectURL(url) : undefined;
  if (!blob) throw new Error('no such object URL');
  return blob as Blob;
}
