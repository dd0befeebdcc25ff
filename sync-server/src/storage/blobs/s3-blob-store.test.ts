import { uuidv7 } from 'uuidv7';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { jpeg } from '../../../test/blob-fixtures.ts';
import { startTestS3, type TestS3 } from '../../../test/s3-server.ts';
import { testClock } from '../../../test/test-app.ts';
import { photoKey, uploadKeyOf } from './object-keys.ts';
import { createS3BlobStore } from './s3-blob-store.ts';

const aKey = () => photoKey({ clinicId: uuidv7(), patientId: uuidv7(), photoId: uuidv7() });
const aStagingKey = () => uploadKeyOf(aKey());

/**
 * s3rver accepts any SigV4 signature, so what real S3 would enforce from the signature (type,
 * length, encryption header) is checked here in the URL the device gets.
 */
describe('the S3 store', () => {
  let s3: TestS3;
  beforeAll(async () => {
    s3 = await startTestS3();
  });
  afterAll(() => s3.stop());

  const store = (clock?: () => Date) => createS3BlobStore(s3.settings, { clock });

  it('presigns a 15-minute PUT that signs the type, the length and the encryption header', async () => {
    const clock = testClock(Date.parse('2026-03-01T10:00:00Z'));
    const key = aStagingKey();
    const upload = await store(clock).presignUpload(key, {
      contentType: 'image/jpeg',
      size: 4321,
      expiresInSeconds: 900,
    });
    expect(upload.method).toBe('PUT');
    expect(upload.expiresAt).toBe('2026-03-01T10:15:00.000Z');
    expect(upload.headers).toEqual({
      'Content-Type': 'image/jpeg',
      'x-amz-server-side-encryption': 'AES256',
    });

    const url = new URL(upload.url);
    expect(url.pathname).toBe(`/${s3.bucket}/${key}`);
    expect(url.searchParams.get('X-Amz-Expires')).toBe('900');
    expect(url.searchParams.get('X-Amz-Date')).toBe('20260301T100000Z');
    expect(url.searchParams.get('X-Amz-SignedHeaders')?.split(';')).toEqual([
      'content-length',
      'content-type',
      'host',
      'x-amz-server-side-encryption',
    ]);
    const names = [...url.searchParams.keys()].map((name) => name.toLowerCase());
    expect(names.filter((name) => name.includes('checksum'))).toEqual([]);
    // The encryption header is signed, not hoisted into the query: the browser must send it.
    expect(names).not.toContain('x-amz-server-side-encryption');
  });

  it('presigns a GET that answers with the asked type and private, no-store', async () => {
    const url = new URL(
      await store().presignDownload(aKey(), { expiresInSeconds: 300, contentType: 'image/png' }),
    );
    expect(url.searchParams.get('X-Amz-Expires')).toBe('300');
    expect(url.searchParams.get('response-content-type')).toBe('image/png');
    expect(url.searchParams.get('response-cache-control')).toBe('private, no-store');
    expect([...url.searchParams.keys()].filter((name) => /checksum/i.test(name))).toEqual([]);
  });

  it('gets an upload URL refused once it has expired', async () => {
    const twentyMinutesAgo = () => new Date(Date.now() - 20 * 60_000);
    const key = aStagingKey();
    const bytes = jpeg();
    const upload = await store(twentyMinutesAgo).presignUpload(key, {
      contentType: 'image/jpeg',
      size: bytes.length,
      expiresInSeconds: 900,
    });
    const response = await fetch(upload.url, {
      method: 'PUT',
      headers: upload.headers,
      body: bytes,
    });
    expect(response.status).toBe(403);
    expect(await response.text()).toMatch(/expired/);
    expect(await store().head(key)).toBeUndefined();
  });

  it('signs URLs for the public endpoint while talking to the bucket on the inside one', async () => {
    // Same server, another name: as `http://minio:9000` inside compose and a public name outside.
    const publicEndpoint = s3.endpoint.replace('127.0.0.1', 'localhost');
    const split = createS3BlobStore({ ...s3.settings, publicEndpoint });
    const key = aKey();
    const bytes = jpeg();
    const upload = await split.presignUpload(uploadKeyOf(key), {
      contentType: 'image/jpeg',
      size: bytes.length,
      expiresInSeconds: 900,
    });
    expect(new URL(upload.url).origin).toBe(publicEndpoint);
    const response = await fetch(upload.url, {
      method: 'PUT',
      headers: upload.headers,
      body: bytes,
    });
    expect(response.status).toBe(200);
    expect(await split.move(uploadKeyOf(key), key)).toBe(true);
    expect(await split.head(key)).toEqual({ size: bytes.length, contentType: 'image/jpeg' });
    const download = await split.presignDownload(key, { expiresInSeconds: 60 });
    expect(new URL(download).origin).toBe(publicEndpoint);
  });
});
