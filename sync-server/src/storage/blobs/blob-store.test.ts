import { mkdtempSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { serve, type ServerType } from '@hono/node-server';
import { Hono } from 'hono';
import { uuidv7 } from 'uuidv7';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { jpeg, noise, pdf, png } from '../../../test/blob-fixtures.ts';
import { maxBlobBytes } from '../../domain/photos/blob-checks.ts';
import { startTestS3, type TestS3 } from '../../../test/s3-server.ts';
import type { AppEnv } from '../../http/app-env.ts';
import { errorHandler } from '../../http/problem.ts';
import { createLogger } from '../../log.ts';
import { blobUrlRoutes } from '../../routes/blob-urls.ts';
import { BlobNotFoundError, type BlobStore } from './blob-store.ts';
import { createDiskBlobStore } from './disk-blob-store.ts';
import {
  attachmentKey,
  checkKeyOf,
  clinicPrefix,
  patientPrefix,
  photoKey,
  stagingPrefix,
  uploadKeyOf,
} from './object-keys.ts';
import { createS3BlobStore } from './s3-blob-store.ts';

/** A store and the base its URLs are relative to, behind a real HTTP server. */
type Driver = { store: BlobStore; base: string; stop: () => Promise<void> };

const log = createLogger('silent');

async function diskDriver(): Promise<Driver> {
  const root = mkdtempSync(path.join(tmpdir(), 'bedside-blobs-'));
  const store = createDiskBlobStore({
    root,
    secret: 'test-secret-that-is-long-enough-for-hmac',
    clock: () => new Date(),
  });
  const app = new Hono<AppEnv>().route('/api/blobs', blobUrlRoutes(store));
  app.onError(errorHandler(log));
  const server = await new Promise<ServerType>((resolve) => {
    const s = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, () => resolve(s));
  });
  return {
    store,
    base: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    stop: async () => {
      await new Promise((resolve) => server.close(resolve));
      rmSync(root, { recursive: true, force: true });
    },
  };
}

async function s3Driver(): Promise<Driver> {
  const s3: TestS3 = await startTestS3();
  // A small page, so listing a handful of objects already takes several pages.
  const store = createS3BlobStore(s3.settings, { listPageSize: 2 });
  return { store, base: s3.endpoint, stop: s3.stop };
}

const clinicId = uuidv7();
const patientId = uuidv7();
const aPhotoKey = () => photoKey({ clinicId, patientId, photoId: uuidv7() });

describe.each([
  ['disk', diskDriver],
  ['s3', s3Driver],
] as const)('the %s blob store', (_name, start) => {
  let driver: Driver;
  beforeAll(async () => {
    driver = await start();
  });
  afterAll(() => driver.stop());

  /** What the web app does: PUT the bytes to the URL with exactly the returned headers. */
  async function put(uploadKey: string, bytes: Uint8Array, contentType: string) {
    const presigned = await driver.store.presignUpload(uploadKey, {
      contentType,
      size: bytes.length,
      expiresInSeconds: 900,
    });
    const response = await fetch(new URL(presigned.url, driver.base), {
      method: presigned.method,
      headers: presigned.headers,
      body: bytes,
    });
    expect(response.ok, await response.text()).toBe(true);
    return presigned;
  }

  /** The bytes on `key` as `complete` leaves them: PUT to the staging key, then moved. */
  async function upload(key: string, bytes: Uint8Array, contentType: string) {
    const presigned = await put(uploadKeyOf(key), bytes, contentType);
    expect(await driver.store.move(uploadKeyOf(key), key)).toBe(true);
    return presigned;
  }

  it('takes an upload through its presigned URL, then heads, reads, downloads and deletes it', async () => {
    const key = aPhotoKey();
    const bytes = jpeg();
    const presigned = await upload(key, bytes, 'image/jpeg');
    expect(Date.parse(presigned.expiresAt) - Date.now()).toBeGreaterThan(800_000);

    expect(await driver.store.head(key)).toEqual({ size: bytes.length, contentType: 'image/jpeg' });
    expect(await driver.store.readStart(key, 4)).toEqual(bytes.subarray(0, 4));
    expect(await driver.store.readStart(key, 100_000)).toEqual(bytes);

    const url = await driver.store.presignDownload(key, {
      expiresInSeconds: 60,
      contentType: 'image/jpeg',
    });
    const download = await fetch(new URL(url, driver.base));
    expect(download.status).toBe(200);
    expect(download.headers.get('content-type')).toBe('image/jpeg');
    expect(download.headers.get('cache-control')).toBe('private, no-store');
    expect(new Uint8Array(await download.arrayBuffer())).toEqual(bytes);

    await driver.store.delete(key);
    expect(await driver.store.head(key)).toBeUndefined();
    expect((await fetch(new URL(url, driver.base))).status).toBe(404);
  });

  it('replaces an object uploaded again under the same key', async () => {
    const key = attachmentKey({ clinicId, patientId, attachmentId: uuidv7() });
    await upload(key, pdf(), 'application/pdf');
    const bigger = new Uint8Array([...pdf(), ...noise(5000, 3)]);
    await upload(key, bigger, 'application/pdf');
    expect(await driver.store.head(key)).toEqual({
      size: bigger.length,
      contentType: 'application/pdf',
    });
    expect(await driver.store.readStart(key, bigger.length)).toEqual(bigger);
  });

  it('takes a file of the full 10 MB', async () => {
    const key = aPhotoKey();
    const bytes = new Uint8Array(maxBlobBytes);
    bytes.set(pdf());
    await upload(key, bytes, 'application/pdf');
    expect(await driver.store.head(key)).toEqual({
      size: maxBlobBytes,
      contentType: 'application/pdf',
    });
  });

  it('signs upload URLs for staging keys only, and download URLs for objects only', async () => {
    const key = aPhotoKey();
    const asked = { contentType: 'image/jpeg', size: 10, expiresInSeconds: 60 };
    await expect(driver.store.presignUpload(key, asked)).rejects.toThrow(
      'An upload URL can only name a staging key.',
    );
    await expect(driver.store.presignUpload(checkKeyOf(uuidv7()), asked)).rejects.toThrow(
      'An upload URL can only name a staging key.',
    );
    await expect(
      driver.store.presignDownload(uploadKeyOf(key), { expiresInSeconds: 60 }),
    ).rejects.toThrow('A download URL can only name an object.');
  });

  it('moves bytes and type to another key, replacing what was there, and empties the first', async () => {
    const key = aPhotoKey();
    await upload(key, png(), 'image/png');
    const staged = uploadKeyOf(key);
    const bytes = jpeg();
    await put(staged, bytes, 'image/jpeg');
    expect(await driver.store.move(staged, key)).toBe(true);
    expect(await driver.store.head(key)).toEqual({ size: bytes.length, contentType: 'image/jpeg' });
    expect(await driver.store.readStart(key, bytes.length)).toEqual(bytes);
    expect(await driver.store.head(staged)).toBeUndefined();
    expect(await driver.store.move(staged, key)).toBe(false);
    expect(await driver.store.readStart(key, bytes.length)).toEqual(bytes);
  });

  it('keeps a moved object as it is when its upload URL is used again', async () => {
    const key = aPhotoKey();
    const bytes = jpeg();
    const presigned = await upload(key, bytes, 'image/jpeg');
    const replay = await fetch(new URL(presigned.url, driver.base), {
      method: presigned.method,
      headers: presigned.headers,
      body: noise(bytes.length, 9),
    });
    expect(replay.ok).toBe(true);
    expect(await driver.store.readStart(key, bytes.length)).toEqual(bytes);
    expect(await driver.store.head(uploadKeyOf(key))).toMatchObject({ size: bytes.length });
  });

  it('knows nothing of a key never uploaded, and deleting it is fine', async () => {
    const key = aPhotoKey();
    expect(await driver.store.head(key)).toBeUndefined();
    await expect(driver.store.readStart(key, 10)).rejects.toBeInstanceOf(BlobNotFoundError);
    await expect(driver.store.delete(key)).resolves.toBeUndefined();
  });

  it('lists every object under a prefix, page after page, and nothing outside it', async () => {
    const otherClinic = uuidv7();
    const mine = uuidv7();
    const keys = Array.from({ length: 5 }, () =>
      photoKey({ clinicId: otherClinic, patientId: mine, photoId: uuidv7() }),
    );
    const neighbour = photoKey({ clinicId: otherClinic, patientId: uuidv7(), photoId: uuidv7() });
    for (const [i, key] of [...keys, neighbour].entries()) {
      await upload(key, noise(10 + i, i + 1), 'image/jpeg');
    }

    const listed = [];
    for await (const item of driver.store.list(
      patientPrefix({ clinicId: otherClinic, patientId: mine }),
    ))
      listed.push(item);
    expect(listed.map((item) => item.key)).toEqual([...keys].sort());
    expect(listed.map((item) => item.size)).toEqual(
      [...keys].sort().map((key) => 10 + keys.indexOf(key)),
    );
    for (const item of listed) expect(Number.isNaN(item.lastModified.getTime())).toBe(false);

    const wholeClinic = [];
    for await (const item of driver.store.list(clinicPrefix(otherClinic)))
      wholeClinic.push(item.key);
    expect(wholeClinic.sort()).toEqual([...keys, neighbour].sort());

    const nobody = [];
    for await (const item of driver.store.list(clinicPrefix(uuidv7()))) nobody.push(item);
    expect(nobody).toEqual([]);
  });

  it('lists staged bytes under the staging prefix, apart from every clinic', async () => {
    const clinic = uuidv7();
    const key = photoKey({ clinicId: clinic, patientId: uuidv7(), photoId: uuidv7() });
    await put(uploadKeyOf(key), jpeg(), 'image/jpeg');
    const staged = [];
    for await (const item of driver.store.list(stagingPrefix)) staged.push(item.key);
    expect(staged).toContain(uploadKeyOf(key));
    const clinicObjects = [];
    for await (const item of driver.store.list(clinicPrefix(clinic))) clinicObjects.push(item);
    expect(clinicObjects).toEqual([]);
  });
});
