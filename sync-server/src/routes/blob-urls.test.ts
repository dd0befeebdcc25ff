import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Hono } from 'hono';
import { uuidv7 } from 'uuidv7';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { problemCode, type Problem } from '@bedside/shared';
import { jpeg, pdf } from '../../test/blob-fixtures.ts';
import { testClock, type TestClock } from '../../test/test-app.ts';
import type { AppEnv } from '../http/app-env.ts';
import { errorHandler } from '../http/problem.ts';
import { createLogger } from '../log.ts';
import type { BlobStore } from '../storage/blobs/blob-store.ts';
import { signBlobToken } from '../storage/blobs/blob-token.ts';
import { createDiskBlobStore, type DiskBlobStore } from '../storage/blobs/disk-blob-store.ts';
import { photoKey, uploadKeyOf } from '../storage/blobs/object-keys.ts';
import { createS3BlobStore } from '../storage/blobs/s3-blob-store.ts';
import { blobUrlRoutes } from './blob-urls.ts';

const aKey = () => photoKey({ clinicId: uuidv7(), patientId: uuidv7(), photoId: uuidv7() });

function appFor(store: BlobStore) {
  const app = new Hono<AppEnv>().route('/api/blobs', blobUrlRoutes(store));
  app.onError(errorHandler(createLogger('silent')));
  return app;
}

async function problemOf(response: Response): Promise<Problem> {
  expect(response.headers.get('content-type')).toBe('application/problem+json');
  return (await response.json()) as Problem;
}

describe('/api/blobs/<token> on the disk driver', () => {
  let root: string;
  let clock: TestClock;
  let store: DiskBlobStore;
  let app: ReturnType<typeof appFor>;
  beforeEach(() => {
    root = mkdtempSync(path.join(tmpdir(), 'bedside-blob-urls-'));
    clock = testClock(Date.parse('2026-03-01T10:00:00Z'));
    store = createDiskBlobStore({
      root,
      secret: 'test-secret-that-is-long-enough-for-hmac',
      clock,
    });
    app = appFor(store);
  });
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  /** An upload URL for the object at `key`: it names the object's staging key. */
  const uploadUrl = (key: string, size: number, contentType = 'image/jpeg') =>
    store.presignUpload(uploadKeyOf(key), { contentType, size, expiresInSeconds: 900 });
  /** What `complete` does after its checks: the staged bytes become the object. */
  const accept = async (key: string) => expect(await store.move(uploadKeyOf(key), key)).toBe(true);
  const put = (url: string, body: Uint8Array, headers: Record<string, string>) =>
    app.request(url, { method: 'PUT', headers, body });

  it('stores a PUT and serves it back with its type, privately', async () => {
    const key = aKey();
    const bytes = jpeg();
    const upload = await uploadUrl(key, bytes.length);
    const stored = await put(upload.url, bytes, upload.headers);
    expect(stored.status).toBe(204);
    expect(await store.head(uploadKeyOf(key))).toEqual({
      size: bytes.length,
      contentType: 'image/jpeg',
    });
    expect(await store.head(key)).toBeUndefined();
    await accept(key);

    const download = await app.request(await store.presignDownload(key, { expiresInSeconds: 60 }));
    expect(download.status).toBe(200);
    expect(download.headers.get('content-type')).toBe('image/jpeg');
    expect(download.headers.get('content-length')).toBe(String(bytes.length));
    expect(download.headers.get('cache-control')).toBe('private, no-store');
    expect(download.headers.get('x-content-type-options')).toBe('nosniff');
    expect(new Uint8Array(await download.arrayBuffer())).toEqual(bytes);
  });

  it('answers the type the download URL was signed with', async () => {
    const key = aKey();
    const upload = await uploadUrl(key, pdf().length, 'application/pdf');
    await put(upload.url, pdf(), upload.headers);
    await accept(key);
    const url = await store.presignDownload(key, {
      expiresInSeconds: 60,
      contentType: 'application/octet-stream',
    });
    expect((await app.request(url)).headers.get('content-type')).toBe('application/octet-stream');
  });

  it('answers HEAD with the headers and no body', async () => {
    const key = aKey();
    const bytes = jpeg();
    const upload = await uploadUrl(key, bytes.length);
    await put(upload.url, bytes, upload.headers);
    await accept(key);
    const url = await store.presignDownload(key, { expiresInSeconds: 60 });
    const head = await app.request(url, { method: 'HEAD' });
    expect(head.status).toBe(200);
    expect(head.headers.get('content-type')).toBe('image/jpeg');
    expect(head.headers.get('cache-control')).toBe('private, no-store');
    expect(await head.text()).toBe('');
  });

  it('refuses an expired upload URL with 403 and stores nothing', async () => {
    const key = aKey();
    const bytes = jpeg();
    const upload = await uploadUrl(key, bytes.length);
    clock.advance(900_000);
    const response = await put(upload.url, bytes, upload.headers);
    expect(response.status).toBe(403);
    const problem = await problemOf(response);
    expect(problemCode(problem)).toBe('forbidden');
    expect(problem.title).toBe('This file link has expired. Please try again.');
    expect(await store.head(uploadKeyOf(key))).toBeUndefined();
  });

  it('refuses an expired download URL with 403', async () => {
    const key = aKey();
    const upload = await uploadUrl(key, jpeg().length);
    await put(upload.url, jpeg(), upload.headers);
    await accept(key);
    const url = await store.presignDownload(key, { expiresInSeconds: 60 });
    clock.advance(60_000);
    const response = await app.request(url);
    expect(response.status).toBe(403);
    expect(problemCode(await problemOf(response))).toBe('forbidden');
  });

  it('refuses a tampered token, and a token used for the other method, with 403', async () => {
    const key = aKey();
    const upload = await uploadUrl(key, 100);
    const tampered = upload.url.replace(
      /.(\.[\w-]+)$/,
      (match, rest: string) => (match[0] === 'A' ? 'B' : 'A') + rest,
    );
    expect((await put(tampered, jpeg(), upload.headers)).status).toBe(403);
    expect((await app.request(upload.url)).status).toBe(403);

    const download = await store.presignDownload(key, { expiresInSeconds: 60 });
    const response = await put(download, jpeg(), upload.headers);
    expect(response.status).toBe(403);
    expect((await problemOf(response)).title).toBe('This file link is not valid.');
    expect(await store.head(uploadKeyOf(key))).toBeUndefined();
  });

  it('refuses a body of another type than signed with 415', async () => {
    const key = aKey();
    const upload = await uploadUrl(key, 100);
    const response = await put(upload.url, jpeg(), { 'Content-Type': 'text/html' });
    expect(response.status).toBe(415);
    expect(problemCode(await problemOf(response))).toBe('unsupported-media-type');
    expect(await store.head(uploadKeyOf(key))).toBeUndefined();
  });

  it('refuses a body announced larger than signed with 413', async () => {
    const key = aKey();
    const upload = await uploadUrl(key, 10);
    const response = await put(upload.url, jpeg(), {
      ...upload.headers,
      'Content-Length': String(jpeg().length),
    });
    expect(response.status).toBe(413);
    expect(problemCode(await problemOf(response))).toBe('payload-too-large');
    expect(await store.head(uploadKeyOf(key))).toBeUndefined();
  });

  it('refuses a streamed body that runs past the signed size with 413', async () => {
    const key = aKey();
    const upload = await uploadUrl(key, 1000);
    const body = new ReadableStream<Uint8Array>({
      start(controller) {
        for (let i = 0; i < 5; i++) controller.enqueue(new Uint8Array(300));
        controller.close();
      },
    });
    const response = await app.request(upload.url, {
      method: 'PUT',
      headers: upload.headers,
      body,
      duplex: 'half',
    });
    expect(response.status).toBe(413);
    expect(await store.head(uploadKeyOf(key))).toBeUndefined();
  });

  it('refuses a PUT to a URL for an object’s own key, even one signed before staging keys', async () => {
    const key = aKey();
    const expires = Math.floor(clock().getTime() / 1000) + 900;
    const token = signBlobToken(
      { key, method: 'PUT', contentType: 'image/jpeg', maxBytes: 1000, expires },
      'test-secret-that-is-long-enough-for-hmac',
    );
    const response = await put(`/api/blobs/${token}`, jpeg(), { 'Content-Type': 'image/jpeg' });
    expect(response.status).toBe(403);
    expect((await problemOf(response)).title).toBe('This file link is not valid.');
    expect(await store.head(key)).toBeUndefined();
  });

  it('refuses to serve an object whose size is not the one its link was made for', async () => {
    const key = aKey();
    const bytes = jpeg();
    const upload = await uploadUrl(key, bytes.length);
    await put(upload.url, bytes, upload.headers);
    await accept(key);
    const url = await store.presignDownload(key, { expiresInSeconds: 60, size: bytes.length });
    expect((await app.request(url)).status).toBe(200);

    // Changed behind the server's back: another file moved onto the object's key.
    const other = pdf();
    const again = await uploadUrl(key, other.length, 'application/pdf');
    await put(again.url, other, again.headers);
    await accept(key);
    for (const method of ['GET', 'HEAD']) {
      const response = await app.request(url, { method });
      expect(response.status).toBe(409);
    }
    const response = await app.request(url);
    expect(await problemOf(response)).toMatchObject({
      title: 'This file has changed since its link was made.',
    });
  });

  it('answers 404 for a download of an object that is not there', async () => {
    const response = await app.request(
      await store.presignDownload(aKey(), { expiresInSeconds: 60 }),
    );
    expect(response.status).toBe(404);
    expect(problemCode(await problemOf(response))).toBe('not-found');
  });
});

describe('/api/blobs/<token> on the S3 driver', () => {
  it('does not exist: devices talk to the bucket', async () => {
    const store = createS3BlobStore({
      endpoint: 'http://127.0.0.1:9',
      publicEndpoint: undefined,
      region: 'us-east-1',
      bucket: 'bedside',
      accessKeyId: 'id',
      secretAccessKey: 'secret',
      forcePathStyle: true,
    });
    const response = await appFor(store).request('/api/blobs/anything.at-all', { method: 'PUT' });
    expect(response.status).toBe(404);
  });
});
