import {
  makeProblem,
  PROBLEM_BASE,
  type Photo,
  type Problem,
  type UploadUrlResponse,
} from '@bedside/shared';
import { fakeXhrClass } from '$lib/capture/upload/testing/fake-xhr';
import type { FakeStore } from './fake-store';

export type FakeReply = { status: number; body?: unknown; bytes?: ArrayBuffer } | 'network-error';

const STORAGE_ORIGIN = 'http://storage.test';
const photoRoute = /^\/api\/photos\/([^/]+)\/(upload-url|complete|content)$/;

/**
 * The three upload routes and the object storage behind them, in memory: presigned PUT URLs
 * that expire, objects, `complete` checks, downloads. The PUT goes through a fake
 * XMLHttpRequest (`uploads.XMLHttpRequest`, to stub the global with) that reports progress.
 */
export function createFakeUploads(store: FakeStore) {
  const objects = new Map<string, ArrayBuffer>();
  const validTokens = new Set<string>();
  let issued = 0;
  const puts: { photoId: string; bytes: number }[] = [];
  const putReplies: (number | 'network-error')[] = [];
  const completeReplies: FakeReply[] = [];
  const concurrency = { now: 0, max: 0 };
  let gate: Promise<void> | undefined;
  let onPutStarted: (() => void) | undefined;

  function uploadUrl(photo: Photo, body: unknown): FakeReply {
    const request = body as { contentType?: string; byteSize?: number; sha256?: string };
    if (
      request.contentType !== photo.contentType ||
      request.byteSize !== photo.byteSize ||
      request.sha256 !== photo.sha256
    )
      return problem(makeProblem('conflict', 409, 'This photo changed on another device.'));
    if (photo.uploadedAt)
      return { status: 200, body: { status: 'uploaded' } satisfies UploadUrlResponse };
    const token = String(++issued);
    validTokens.add(token);
    const upload = {
      url: `${STORAGE_ORIGIN}/objects/${photo.id}?token=${token}`,
      method: 'PUT' as const,
      headers: { 'Content-Type': photo.contentType },
      expiresAt: new Date(Date.now() + 15 * 60_000).toISOString(),
    };
    return { status: 200, body: { status: 'upload', upload } satisfies UploadUrlResponse };
  }

  function complete(photo: Photo): FakeReply {
    const scripted = completeReplies.shift();
    if (scripted) {
      if (scripted !== 'network-error' && scripted.status === 422) objects.delete(photo.id);
      return scripted;
    }
    if (photo.uploadedAt) return { status: 200, body: { photo } };
    if (!objects.has(photo.id))
      return problem({
        type: `${PROBLEM_BASE}upload-missing`,
        title: 'The upload did not arrive; sending it again.',
        status: 409,
      });
    const row = store.write('photos', {
      ...photo,
      uploadedAt: new Date().toISOString(),
      version: photo.version + 1,
    });
    return { status: 200, body: { photo: row } };
  }

  function handle(method: string, path: string, body: unknown): FakeReply | undefined {
    const match = photoRoute.exec(path);
    if (!match) return undefined;
    const [, id = '', action] = match;
    const photo = store.tables.photos.get(id);
    if (!photo) return problem(makeProblem('not-found', 404, 'Not found.'));
    if (action === 'upload-url' && method === 'POST') return uploadUrl(photo, body);
    if (action === 'complete' && method === 'POST') return complete(photo);
    const bytes = objects.get(id);
    if (action === 'content' && bytes && photo.uploadedAt) return { status: 200, bytes };
    return problem(makeProblem('not-found', 404, 'Not found.'));
  }

  async function put(
    url: string,
    bytes: ArrayBuffer,
    progress: (loaded: number) => void,
  ): Promise<number | 'network-error'> {
    const parsed = new URL(url);
    const photoId = parsed.pathname.split('/').at(-1) ?? '';
    concurrency.now++;
    concurrency.max = Math.max(concurrency.max, concurrency.now);
    onPutStarted?.();
    try {
      await gate;
      const scripted = putReplies.shift();
      progress(Math.floor(bytes.byteLength / 2));
      if (scripted === 'network-error') return scripted;
      if (scripted !== undefined) return scripted;
      if (!validTokens.has(parsed.searchParams.get('token') ?? '')) return 403;
      progress(bytes.byteLength);
      objects.set(photoId, bytes);
      puts.push({ photoId, bytes: bytes.byteLength });
      return 200;
    } finally {
      concurrency.now--;
    }
  }

  const FakeXMLHttpRequest = fakeXhrClass(put);

  return {
    handle,
    XMLHttpRequest: FakeXMLHttpRequest,
    /** Objects in storage, by photo id. */
    objects,
    /** PUTs that stored bytes, in order. */
    puts,
    /** The most PUTs that were in flight at once. */
    concurrency,
    /** The next PUT answers this (a status, or no answer at all). */
    replyToPutOnce(reply: number | 'network-error') {
      putReplies.push(reply);
    },
    replyToCompleteOnce(reply: FakeReply) {
      completeReplies.push(reply);
    },
    /** Every URL handed out so far stops working (as after 15 minutes). */
    expireUploadUrls() {
      validTokens.clear();
    },
    /** Holds every PUT until `release` is called; `started` resolves once `count` are in flight. */
    holdPuts(count: number) {
      let release: () => void = () => undefined;
      gate = new Promise((resolve) => (release = resolve));
      const started = new Promise<void>((resolve) => {
        onPutStarted = () => {
          if (concurrency.now >= count) resolve();
        };
      });
      return {
        started,
        release: () => {
          gate = undefined;
          release();
        },
      };
    },
  };
}

function problem(body: Problem): FakeReply {
  return { status: body.status, body };
}

export type FakeUploads = ReturnType<typeof createFakeUploads>;
