import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { bufferOf, jpegBytes } from '$lib/capture/image/testing/image-fixtures';
import { createUploadRunner } from '$lib/capture/upload/upload-queue';
import type { BedsideDatabase } from '$lib/db/database';
import { pullChanges } from '$lib/sync/pull';
import { pushOutbox } from '$lib/sync/push';
import { serverPatient } from '$lib/sync/testing/clinic-fixtures';
import { createFakeSyncServer, type FakeSyncServer } from '$lib/sync/testing/fake-sync-server';
import { freshDatabase } from '$lib/sync/testing/test-database';
import { originalsBudgetFor } from './original-budget';
import { evictOriginals, keptOriginalsBytes, markOriginalViewed } from './original-eviction';
import { addPhotos } from './photo-actions';
import { photoFullView, photoImageUrl, photoThumbnailUrl } from './photo-content';
import { originalsSentence } from './storage-use';

vi.mock('$lib/capture/image/compress', () => ({
  THUMBNAIL_SIDE: 320,
  compressToJpeg: async (file: File) =>
    new Blob([await file.arrayBuffer()], { type: 'image/jpeg' }),
  makeThumbnail: async () => bufferOf(jpegBytes({ width: 32, height: 24 })),
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

/** Photos taken on this device, one per size (its longest side in pixels, so sizes differ). */
async function takePhotos(sides: number[]): Promise<string[]> {
  const files = sides.map(
    (side, index) => new File([bufferOf(jpegBytes({ width: side, height: side }))], `${index}.jpg`),
  );
  const added = await addPhotos(patientId, files, { commit: true });
  if (!added.ok) throw new Error(added.message);
  return added.ids;
}

/** Sends the photos' rows and bytes, as the leading tab does, until the server confirmed them. */
async function upload(): Promise<void> {
  await pushOutbox(database);
  await createUploadRunner().settled();
}

async function sizeOf(id: string): Promise<number> {
  return (await database.photos.get(id))?.byteSize ?? Number.NaN;
}

async function originalsKept(): Promise<string[]> {
  const rows = await database.photoBytes.toArray();
  return rows
    .filter((row) => row.bytes.byteLength > 0)
    .map((row) => row.id)
    .sort();
}

/** Views the photos in this order, a minute apart. */
async function viewInOrder(ids: string[]): Promise<void> {
  for (const [minute, id] of ids.entries())
    await markOriginalViewed(database, id, new Date(Date.UTC(2030, 0, 1, 9, minute)));
}

const at = new Date('2030-01-02T09:00:00Z');

describe('evictOriginals', () => {
  it('drops the least recently viewed uploaded originals until within budget, keeping thumbnails', async () => {
    const [a = '', b = '', c = ''] = await takePhotos([40, 60, 80]);
    await upload();
    await viewInOrder([b, c, a]); // b was viewed longest ago, then c, then a
    const budgetBytes = (await sizeOf(a)) + 1;

    const outcome = await evictOriginals(database, { budgetBytes, now: at });

    expect(outcome).toEqual({ evicted: [b, c], keptBytes: await sizeOf(a) });
    expect(await keptOriginalsBytes(database)).toBe(await sizeOf(a));
    expect(await originalsKept()).toEqual([a]);
    for (const id of [b, c]) {
      const row = await database.photoBytes.get(id);
      expect(row?.thumbnail.byteLength).toBeGreaterThan(0);
      expect(row).toMatchObject({ evictedAt: at.toISOString() });
      expect(row?.viewedAt).toBeUndefined();
    }
    expect(await database.photoBytes.orderBy('viewedAt').primaryKeys()).toEqual([a]);
  });

  it('leaves everything when the originals fit, and evicts nothing twice', async () => {
    const ids = await takePhotos([40, 60]);
    await upload();
    const total = (await sizeOf(ids[0] ?? '')) + (await sizeOf(ids[1] ?? ''));

    expect(await evictOriginals(database, { budgetBytes: total, now: at })).toEqual({
      evicted: [],
      keptBytes: total,
    });
    expect(await originalsKept()).toEqual([...ids].sort());

    const first = await evictOriginals(database, { budgetBytes: 0, now: at });
    expect(first.evicted.sort()).toEqual([...ids].sort());
    expect(await evictOriginals(database, { budgetBytes: 0, now: at })).toEqual({
      evicted: [],
      keptBytes: 0,
    });
  });

  it('never drops bytes that have not reached the server, even over budget', async () => {
    // Not sent at all: the row and the bytes wait in the outbox and the upload queue.
    const [unsent = ''] = await takePhotos([40]);
    expect(await evictOriginals(database, { budgetBytes: 0, now: at })).toEqual({
      evicted: [],
      keptBytes: await sizeOf(unsent),
    });

    // The row reached the server, the bytes did not (the PUT failed): still kept.
    await pushOutbox(database);
    server.uploads.replyToPutOnce('network-error');
    await createUploadRunner().settled();
    expect(await database.photos.get(unsent)).toMatchObject({ uploadedAt: null });
    expect(await database.uploads.get(unsent)).toMatchObject({ state: 'queued' });
    expect((await evictOriginals(database, { budgetBytes: 0, now: at })).evicted).toEqual([]);

    // An uploaded photo beside it goes; the unsent one stays.
    const [sent = ''] = await takePhotos([60]);
    await pushOutbox(database);
    await database.uploads.update(unsent, { nextAttemptAt: null });
    server.uploads.replyToPutOnce('network-error'); // the older job fails again
    await createUploadRunner().settled();
    expect(await database.photos.get(sent)).toMatchObject({ uploadedAt: expect.any(String) });
    expect(await database.photos.get(unsent)).toMatchObject({ uploadedAt: null });

    expect((await evictOriginals(database, { budgetBytes: 0, now: at })).evicted).toEqual([sent]);
    expect(await originalsKept()).toEqual([unsent]);
  });

  it('keeps an original whose upload the server refused', async () => {
    const [refused = ''] = await takePhotos([40]);
    await upload();
    // A row that says uploaded while this device's job failed is not trusted.
    await database.uploads.put({
      photoId: refused,
      state: 'failed',
      step: 'url',
      attempts: 0,
      nextAttemptAt: null,
      bytesSent: 0,
      bytesTotal: 1,
      error: 'The file is not a JPEG.',
    });
    expect((await evictOriginals(database, { budgetBytes: 0, now: at })).evicted).toEqual([]);
  });
});

describe('an evicted original', () => {
  it('downloads again when opened online, and counts as just viewed', async () => {
    const [id = ''] = await takePhotos([40]);
    await upload();
    const original = (await database.photoBytes.get(id))?.bytes;
    await evictOriginals(database, { budgetBytes: 0, now: at });

    const url = await photoImageUrl(id);
    expect(url).toMatch(/^blob:/);
    const { resolveObjectURL } = await import('node:buffer');
    const shown = (await resolveObjectURL(url ?? '')?.arrayBuffer()) ?? new ArrayBuffer(0);
    expect(new Uint8Array(shown)).toEqual(new Uint8Array(original ?? new ArrayBuffer(1)));
    expect(server.requests.filter((request) => request.path.endsWith('/content'))).toHaveLength(1);
    const row = await database.photoBytes.get(id);
    expect(row?.bytes.byteLength).toBe(original?.byteLength);
    expect(row?.evictedAt).toBeUndefined();
    expect(row?.viewedAt).toEqual(expect.any(String));
  });

  it('shows its thumbnail at full size when it cannot be fetched (offline)', async () => {
    const [id = ''] = await takePhotos([40]);
    await upload();
    await evictOriginals(database, { budgetBytes: 0, now: at });
    server.replyOnce('network-error');

    expect(await photoFullView(id)).toEqual({ url: expect.stringMatching(/^blob:/), full: false });
    // The gallery's thumbnail needs no network.
    const requests = server.requests.length;
    expect(await photoThumbnailUrl(id)).toMatch(/^blob:/);
    expect(server.requests).toHaveLength(requests);
  });
});

describe('originalsBudgetFor', () => {
  const MB = 1024 * 1024;
  it('is the smaller of 200 MB and a fifth of the quota; 200 MB when the quota is unknown', () => {
    expect(originalsBudgetFor(10_000 * MB)).toBe(200 * MB);
    expect(originalsBudgetFor(500 * MB)).toBe(100 * MB);
    expect(originalsBudgetFor(undefined)).toBe(200 * MB);
    expect(originalsBudgetFor(0)).toBe(200 * MB);
  });
});

describe('originalsSentence', () => {
  it('tells the bytes kept and the budget', () => {
    expect(originalsSentence({ keptBytes: 12_500_000, budgetBytes: 200_000_000 })).toMatch(
      /^Full-size photos on this device: 12\.5 MB of up to 200 MB\./,
    );
  });
});
