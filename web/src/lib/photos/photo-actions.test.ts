import { makeProblem } from '@bedside/shared';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { bufferOf, jpegBytes, pdfBytes } from '$lib/capture/image/testing/image-fixtures';
import type { BedsideDatabase } from '$lib/db/database';
import { saveRecordData, createRecord } from '$lib/records/record-actions';
import { pullChanges } from '$lib/sync/pull';
import { pushOutbox } from '$lib/sync/push';
import { discardRejectedMutation } from '$lib/sync/rejected';
import { serverPatient, serverTemplate } from '$lib/sync/testing/clinic-fixtures';
import {
  createFakeSyncServer,
  rejection,
  type FakeSyncServer,
} from '$lib/sync/testing/fake-sync-server';
import { freshDatabase } from '$lib/sync/testing/test-database';
import {
  addAttachment,
  addPhotos,
  commitPhoto,
  deletePhoto,
  restorePhoto,
  updatePhoto,
} from './photo-actions';

// Re-encoding needs a real browser (see e2e/photo-capture.spec.ts); here it answers a fixed JPEG.
vi.mock('$lib/capture/image/compress', () => ({
  THUMBNAIL_SIDE: 320,
  compressToJpeg: async (_file: File, side: number) =>
    new Blob([bufferOf(jpegBytes({ width: side, height: (side * 3) / 4 }))], {
      type: 'image/jpeg',
    }),
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

const cameraFile = () =>
  new File([bufferOf(jpegBytes({ width: 4000, height: 3000 }, true))], 'IMG_1.jpg');

async function addOne(commit = true): Promise<string> {
  const result = await addPhotos(patientId, [cameraFile()], { commit, bodySite: 'Left heel' });
  if (!result.ok || !result.ids[0]) throw new Error('not added');
  return result.ids[0];
}

async function queued() {
  return (await database.outbox.orderBy('seq').toArray()).map(({ name, args }) => ({ name, args }));
}

describe('addPhotos', () => {
  it('stores each photo with its bytes, its create and its upload job', async () => {
    const progress: [number, number][] = [];
    const result = await addPhotos(patientId, [cameraFile(), cameraFile()], {
      commit: false,
      bodySite: 'Left heel',
      laterality: 'left',
      onProgress: (done, total) => progress.push([done, total]),
    });

    expect(result).toMatchObject({ ok: true, errors: [] });
    if (!result.ok) return;
    expect(result.ids).toHaveLength(2);
    const [id = ''] = result.ids;
    expect(await database.photos.get(id)).toMatchObject({
      patientId,
      kind: 'photo',
      contentType: 'image/jpeg',
      width: 2560,
      height: 1920,
      bodySite: 'Left heel',
      laterality: 'left',
      status: 'pending',
      uploadedAt: null,
      version: 0,
    });
    const bytes = await database.photoBytes.get(id);
    expect(bytes).toMatchObject({ contentType: 'image/jpeg', source: 'device', width: 2560 });
    expect(bytes?.thumbnail.byteLength).toBeGreaterThan(0);
    expect(await database.uploads.get(id)).toMatchObject({
      state: 'queued',
      step: 'url',
      bytesSent: 0,
      bytesTotal: bytes?.bytes.byteLength,
    });
    expect((await queued()).map((entry) => entry.name)).toEqual(['photo.create', 'photo.create']);
    expect(progress).toEqual([
      [1, 2],
      [2, 2],
    ]);
  });

  it('keeps the good photos and names the file it could not use', async () => {
    const result = await addPhotos(patientId, [cameraFile(), new File(['text'], 'notes.txt')], {
      commit: true,
    });
    expect(result).toMatchObject({
      ok: true,
      errors: [{ name: 'notes.txt', message: expect.stringContaining('not a photo') }],
    });
    expect(await database.photos.count()).toBe(1);
  });

  it('refuses a patient that is not on this device', async () => {
    const result = await addPhotos('0190b6d8-0000-7000-8000-00000000dead', [cameraFile()], {
      commit: true,
    });
    expect(result).toMatchObject({ ok: false, message: 'This patient is not on this device.' });
  });

  it('reaches the server as a committed photo from the gallery', async () => {
    const id = await addOne(true);
    await pushOutbox(database);
    expect(server.tables.photos.get(id)).toMatchObject({
      status: 'committed',
      bodySite: 'Left heel',
    });
  });
});

describe('addAttachment', () => {
  it('stores a PDF as an attachment with an upload job', async () => {
    const file = new File([bufferOf(pdfBytes())], 'referral.pdf');
    const result = await addAttachment(patientId, file, { commit: true, description: 'Referral' });
    if (!result.ok) throw new Error(result.message);
    expect(await database.photos.get(result.id)).toMatchObject({
      kind: 'attachment',
      contentType: 'application/pdf',
      description: 'Referral',
      width: null,
    });
    expect(await database.uploads.get(result.id)).toMatchObject({ state: 'queued' });
  });

  it('refuses a file that is not a PDF', async () => {
    const result = await addAttachment(patientId, new File(['x'], 'a.pdf'), { commit: true });
    expect(result).toMatchObject({ ok: false, message: 'This file is not a PDF.' });
  });
});

describe('updatePhoto', () => {
  it('folds an edit into the create that has not gone out', async () => {
    const id = await addOne();
    expect(await updatePhoto(id, { description: 'Granulating', laterality: 'left' })).toEqual({
      ok: true,
    });

    expect(await queued()).toEqual([
      {
        name: 'photo.create',
        args: expect.objectContaining({ description: 'Granulating', laterality: 'left' }),
      },
    ]);
    expect(await database.photos.get(id)).toMatchObject({ description: 'Granulating' });
  });

  it('queues an update on the server version once the create was sent', async () => {
    const id = await addOne();
    await pushOutbox(database);
    await updatePhoto(id, { bodySite: 'Right heel' });

    expect(await queued()).toEqual([
      { name: 'photo.update', args: { id, baseVersion: 1, fields: { bodySite: 'Right heel' } } },
    ]);
    await pushOutbox(database);
    expect(server.tables.photos.get(id)).toMatchObject({ bodySite: 'Right heel', version: 2 });
  });

  it('refuses to edit a deleted photo', async () => {
    const id = await addOne();
    await deletePhoto(id);
    expect(await updatePhoto(id, { description: 'x' })).toMatchObject({ ok: false });
  });
});

describe('deletePhoto, restorePhoto and commitPhoto', () => {
  it('hides, brings back and commits a photo on the device and the server', async () => {
    const id = await addOne(false);
    await deletePhoto(id);
    expect(await database.photos.get(id)).toMatchObject({ deletedAt: expect.any(String) });
    await restorePhoto(id);
    await commitPhoto(id);
    expect(await database.photos.get(id)).toMatchObject({ deletedAt: null, status: 'committed' });

    await pushOutbox(database);
    expect(server.tables.photos.get(id)).toMatchObject({ deletedAt: null, status: 'committed' });
  });

  it('does nothing for a photo already committed', async () => {
    const id = await addOne(true);
    await commitPhoto(id);
    expect((await queued()).map((entry) => entry.name)).toEqual(['photo.create']);
  });
});

describe('a record that lists photos', () => {
  it('commits its staged photos on the device as soon as it is saved, and after sync', async () => {
    const { template } = serverTemplate(server, {
      fields: [{ id: 'wound', label: 'Wound photos', type: 'photos', required: false }],
    });
    await pullChanges(database);
    const photoId = await addOne(false);
    const record = await createRecord(patientId, template.id);
    if (!record.ok) throw new Error(record.message);

    await saveRecordData(record.id, { wound: [photoId] });
    expect(await database.photos.get(photoId)).toMatchObject({ status: 'committed' });

    await pushOutbox(database);
    expect(await database.photos.get(photoId)).toMatchObject({ status: 'committed' });
    expect(server.tables.photos.get(photoId)).toMatchObject({ status: 'committed' });
    await pullChanges(database);
    expect(await database.photos.get(photoId)).toMatchObject({ status: 'committed' });
  });

  it('leaves a photo pending again when the unsent record stops listing it', async () => {
    const { template } = serverTemplate(server, {
      fields: [{ id: 'wound', label: 'Wound photos', type: 'photos', required: false }],
    });
    await pullChanges(database);
    const photoId = await addOne(false);
    const record = await createRecord(patientId, template.id);
    if (!record.ok) throw new Error(record.message);

    await saveRecordData(record.id, { wound: [photoId] });
    await saveRecordData(record.id, { wound: [] });
    expect(await database.photos.get(photoId)).toMatchObject({ status: 'pending' });
  });
});

describe('discarding a refused photo', () => {
  it('removes its bytes and its upload job with it, so nothing waits for it forever', async () => {
    const id = await addOne();
    server.setVerdict((mutation) =>
      mutation.name === 'photo.create'
        ? rejection(mutation, makeProblem('validation', 422, 'Not accepted'))
        : undefined,
    );
    await pushOutbox(database);
    const [refused] = await database.rejected.toArray();
    if (!refused) throw new Error('nothing was refused');

    await discardRejectedMutation(database, refused.id);

    expect(await database.photos.get(id)).toBeUndefined();
    expect(await database.photoBytes.get(id)).toBeUndefined();
    expect(await database.uploads.get(id)).toBeUndefined();
  });
});
