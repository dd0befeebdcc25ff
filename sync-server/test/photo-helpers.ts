import { createHash } from 'node:crypto';
import type { Hono } from 'hono';
import { uuidv7 } from 'uuidv7';
import type { UploadUrlResponse } from '@bedside/shared';
import type { AppEnv } from '../src/http/app-env.ts';
import type { BlobStore } from '../src/storage/blobs/blob-store.ts';
import { jpeg, jpegSegment, noise } from './blob-fixtures.ts';
import type { ApiClient } from './test-app.ts';

export function sha256Hex(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/** `photo.create` for these bytes, as the device sends it after compressing a capture. */
export function newPhoto(
  patientId: string,
  bytes: Uint8Array = jpeg(),
  fields: Record<string, unknown> = {},
) {
  return {
    name: 'photo.create',
    args: {
      id: uuidv7(),
      patientId,
      kind: 'photo',
      contentType: 'image/jpeg',
      byteSize: bytes.length,
      width: 1,
      height: 1,
      sha256: sha256Hex(bytes),
      capturedAt: '2026-03-01T10:00:00.000Z',
      bodySite: 'Left heel',
      commit: true,
      ...fields,
    },
  };
}

/** The upload-url request that matches these bytes. */
export function uploadRequest(bytes: Uint8Array, contentType = 'image/jpeg') {
  return { contentType, byteSize: bytes.length, sha256: sha256Hex(bytes) };
}

/**
 * PUTs bytes to a presigned URL as a browser would: a disk URL (`/api/blobs/…`) goes through
 * the app itself, an S3 one to the bucket.
 */
export async function putToUrl(
  app: Hono<AppEnv>,
  upload: { url: string; headers: Record<string, string> },
  bytes: Uint8Array,
): Promise<Response> {
  const init = { method: 'PUT', headers: upload.headers, body: bytes };
  return upload.url.startsWith('/') ? app.request(upload.url, init) : fetch(upload.url, init);
}

/** upload-url → PUT → complete for a photo the server has the row of; every answer returned. */
export async function uploadPhoto(
  api: ApiClient,
  photoId: string,
  bytes: Uint8Array,
  contentType = 'image/jpeg',
) {
  const asked = await api.post(
    `/api/photos/${photoId}/upload-url`,
    uploadRequest(bytes, contentType),
  );
  const answer = (await asked.json()) as UploadUrlResponse;
  const put =
    answer.status === 'upload' ? await putToUrl(api.app, answer.upload, bytes) : undefined;
  const complete = await api.post(`/api/photos/${photoId}/complete`);
  return { asked, answer, put, complete };
}

/** `GET /api/photos/:id/content`, following its redirect as a browser would. */
export async function photoContent(api: ApiClient, photoId: string): Promise<Response> {
  const response = await api.get(`/api/photos/${photoId}/content`);
  const location = response.headers.get('location');
  if (response.status !== 302 || !location) return response;
  return location.startsWith('/') ? api.app.request(location) : fetch(location);
}

/**
 * `store`, with a hook that runs once right after its next `readStart` returns the bytes: what
 * a PUT landing while `complete` reads the bytes it checks looks like.
 */
export function withReadHook<T extends BlobStore>(
  store: T,
): T & { afterNextRead(hook: () => Promise<unknown>): void } {
  let hook: (() => Promise<unknown>) | undefined;
  return {
    ...store,
    async readStart(key: string, bytes: number) {
      const read = await store.readStart(key, bytes);
      const run = hook;
      hook = undefined;
      await run?.();
      return read;
    },
    afterNextRead(next: () => Promise<unknown>) {
      hook = next;
    },
  };
}

/**
 * A clean JPEG larger than `jpegWithGps()`, so the GPS file fits the size an upload URL for it
 * was made for, as in the replay the security probe sent. `seed` makes another clean file.
 */
export function paddedJpeg(seed = 1): Uint8Array {
  return jpeg(jpegSegment(0xfe, noise(200, seed)));
}
