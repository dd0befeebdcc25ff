import { makeProblem } from '@bedside/shared';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { bufferOf, jpegBytes } from '$lib/capture/image/testing/image-fixtures';
import type { BedsideDatabase } from '$lib/db/database';
import { addPhotos, retryUpload } from '$lib/photos/photo-actions';
import { pullChanges } from '$lib/sync/pull';
import { pushOutbox } from '$lib/sync/push';
import { serverPatient } from '$lib/sync/testing/clinic-fixtures';
import { createFakeSyncServer, type FakeSyncServer } from '$lib/sync/testing/fake-sync-server';
import { freshDatabase } from '$lib/sync/testing/test-database';
import { retryWaitingUploads } from './upload-jobs';
import { createUploadRunner } from './upload-queue';

vi.mock('$lib/capture/image/compress', () => ({
  THUMBNAIL_SIDE: 320,
  compressToJpeg: async (_file: File, side: number) =>
    new Blob([bufferOf(jpegBytes({ width: side, height: side }))], { type: 'image/jpeg' }),
}));

let database: BedsideDatabase;
let server: FakeSyncServer;
let patientId: string;

beforeEach(async () => {
  database = freshDatabase();
  server = createFakeSyncServer();
  vi.stubGlobal('fetch', server.fetch);
  vi.stubGlobal('XMLHttpRequest', server.uploads.XMLHttpRequest);
  patientId = serverPatient(server).id;
  await pullChanges(database);
});

afterEach(() => vi.unstubAllGlobals());

async function addSynced(count = 1): Promise<string[]> {
  const files = Array.from(
    { length: count },
    (_, index) => new File([bufferOf(jpegBytes({ width: 40, height: 30 }))], `${index}.jpg`),
  );
  const result = await addPhotos(patientId, files, { commit: true });
  if (!result.ok) throw new Error(result.message);
  await pushOutbox(database);
  return result.ids;
}

/** Runs the queue (as the leading tab does) until nothing more can run now. */
async function runQueue(): Promise<void> {
  await createUploadRunner().settled();
}

function uploadRequests() {
  return server.requests
    .filter((request) => request.path.startsWith('/api/photos/'))
    .map((request) => request.path.split('/').at(-1));
}

describe('the upload queue', () => {
  it('waits until the photo has reached the server', async () => {
    const result = await addPhotos(
      patientId,
      [new File([bufferOf(jpegBytes({ width: 4, height: 3 }))], 'a.jpg')],
      { commit: true },
    );
    if (!result.ok) throw new Error(result.message);
    const [id = ''] = result.ids;

    await runQueue();
    expect(uploadRequests()).toEqual([]);
    expect(await database.uploads.get(id)).toMatchObject({ state: 'queued', step: 'url' });

    await pushOutbox(database);
    await runQueue();
    expect(await database.uploads.get(id)).toBeUndefined(); // the finished batch is forgotten
    expect(server.uploads.objects.has(id)).toBe(true);
  });

  it('asks for a URL, sends the bytes, completes, and shows the photo uploaded', async () => {
    const [id = ''] = await addSynced();
    const stored = await database.photoBytes.get(id);

    await runQueue();

    expect(uploadRequests()).toEqual(['upload-url', 'complete']);
    expect(server.uploads.puts).toEqual([{ photoId: id, bytes: stored?.bytes.byteLength }]);
    expect(await database.photos.get(id)).toMatchObject({
      uploadedAt: expect.any(String),
      version: 2,
    });
  });

  it('keeps a finished job while others of the batch still run, for the overall progress', async () => {
    const [first = '', second = ''] = await addSynced(2);
    server.uploads.replyToPutOnce('network-error');
    await runQueue();
    const jobs = await database.uploads.bulkGet([first, second]);
    expect(jobs.map((job) => job?.state).sort()).toEqual(['done', 'queued']);
  });

  it('resumes after a reload from the step that failed, with the URL it already has', async () => {
    const [id = ''] = await addSynced();
    server.uploads.replyToPutOnce('network-error');
    await runQueue();
    expect(await database.uploads.get(id)).toMatchObject({
      state: 'queued',
      step: 'put',
      attempts: 1,
      nextAttemptAt: expect.any(String),
    });

    // Back online after a reload: a new runner, the backoff cut short.
    await retryWaitingUploads(database);
    await runQueue();
    expect(uploadRequests()).toEqual(['upload-url', 'complete']);
    expect(server.uploads.puts).toHaveLength(1);
    expect(await database.photos.get(id)).toMatchObject({ uploadedAt: expect.any(String) });
  });

  it('resumes a job a closed tab left uploading', async () => {
    const [id = ''] = await addSynced();
    await database.uploads.update(id, { state: 'uploading', step: 'complete' });
    server.uploads.replyToCompleteOnce({
      status: 409,
      body: {
        type: 'https://bedside.dev/problems/upload-missing',
        title: 'The upload did not arrive; sending it again.',
        status: 409,
      },
    });
    await runQueue();
    expect(uploadRequests()).toEqual(['complete', 'upload-url', 'complete']);
    expect(server.uploads.puts).toHaveLength(1);
  });

  it('asks for a new URL when the one it has expired', async () => {
    const [id = ''] = await addSynced();
    server.uploads.replyToPutOnce('network-error');
    await runQueue();
    server.uploads.expireUploadUrls();
    await retryWaitingUploads(database);
    await runQueue();

    expect(uploadRequests()).toEqual(['upload-url', 'upload-url', 'complete']);
    expect(await database.photos.get(id)).toMatchObject({ uploadedAt: expect.any(String) });
  });

  it('asks for a new URL when one is past its expiry time, without trying it', async () => {
    const [id = ''] = await addSynced();
    await database.uploads.update(id, {
      step: 'put',
      url: 'http://storage.test/objects/old?token=gone',
      urlExpiresAt: new Date(Date.now() - 1000).toISOString(),
    });
    await runQueue();
    expect(uploadRequests()).toEqual(['upload-url', 'complete']);
    expect(server.uploads.puts).toHaveLength(1);
  });

  it('sends the bytes again when the server says the upload never arrived', async () => {
    const [id = ''] = await addSynced();
    server.uploads.replyToPutOnce(200); // "stored", but nothing reached the bucket
    await runQueue();
    expect(uploadRequests()).toEqual(['upload-url', 'complete', 'upload-url', 'complete']);
    expect(server.uploads.objects.has(id)).toBe(true);
  });

  it('stops with the server’s sentence when it refuses the bytes, until the user retries', async () => {
    const [id = ''] = await addSynced();
    const refusal = makeProblem('validation', 422, 'This photo still carries a GPS position.');
    server.uploads.replyToCompleteOnce({ status: 422, body: refusal });
    await runQueue();
    expect(await database.uploads.get(id)).toMatchObject({
      state: 'failed',
      error: 'This photo still carries a GPS position.',
    });
    await runQueue();
    expect(uploadRequests()).toEqual(['upload-url', 'complete']);

    await retryUpload(id);
    await runQueue();
    expect(uploadRequests()).toEqual(['upload-url', 'complete', 'upload-url', 'complete']);
    expect(await database.photos.get(id)).toMatchObject({ uploadedAt: expect.any(String) });
  });

  it('skips the PUT when the server already has the bytes', async () => {
    const [id = ''] = await addSynced();
    const photo = server.tables.photos.get(id);
    if (!photo) throw new Error('not on the server');
    server.writeTo('photos', { ...photo, uploadedAt: new Date().toISOString(), version: 2 });

    await runQueue();
    expect(uploadRequests()).toEqual(['upload-url', 'complete']);
    expect(server.uploads.puts).toEqual([]);
    expect(await database.photos.get(id)).toMatchObject({ uploadedAt: expect.any(String) });
  });

  it('sends two photos at a time', async () => {
    const ids = await addSynced(4);
    const held = server.uploads.holdPuts(2);
    const done = runQueue();
    await held.started;
    held.release();
    await done;

    expect(server.uploads.concurrency.max).toBe(2);
    expect(new Set(server.uploads.puts.map((put) => put.photoId))).toEqual(new Set(ids));
  });
});
