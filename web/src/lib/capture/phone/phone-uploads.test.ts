import type { Problem } from '@bedside/shared';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  addImage,
  describeImage,
  queueImages,
  saveSession,
  storedSession,
  type CaptureDatabase,
} from './capture-store';
import { createPhoneUploads, type PhoneUploads } from './phone-uploads';
import {
  createFakeCaptureServer,
  SENTENCES,
  type FakeCaptureServer,
} from './testing/fake-capture-server';
import { freshCaptureDatabase, preparedPhoto } from './testing/capture-fixtures';

let database: CaptureDatabase;
let server: FakeCaptureServer;
let uploads: PhoneUploads;
let sent: string[][];
let over: Problem[];

beforeEach(async () => {
  database = freshCaptureDatabase();
  server = createFakeCaptureServer();
  server.markOpened();
  vi.stubGlobal('fetch', server.fetch);
  vi.stubGlobal('XMLHttpRequest', server.XMLHttpRequest);
  await saveSession(database, server.token, server.credential, server.session);
  sent = [];
  over = [];
  uploads = createPhoneUploads({
    database,
    token: server.token,
    credential: server.credential,
    onSent: (ids) => sent.push(ids),
    onSessionOver: (problem) => over.push(problem),
  });
});

afterEach(() => {
  uploads.stop();
  vi.unstubAllGlobals();
});

async function added(count: number, options: { queued?: boolean } = {}): Promise<string[]> {
  const ids: string[] = [];
  for (let index = 0; index < count; index++)
    ids.push((await addImage(database, server.token, await preparedPhoto(40 + index, 30))).id);
  if (options.queued !== false) await queueImages(database, server.token);
  return ids;
}

const stateOf = async (id: string) => (await database.images.get(id))?.state;

describe('phone uploads', () => {
  it('sends each queued photo with its description and the credential, then forgets its bytes', async () => {
    const [id = ''] = await added(1, { queued: false });
    await describeImage(database, id, { bodySite: ' Left heel ', laterality: 'left' });
    await queueImages(database, server.token);

    await uploads.settled();

    expect(server.calls()).toEqual([`photos/${id}/upload-url`, `photos/${id}/complete`]);
    expect(server.requests.every((r) => r.authorization === `Bearer ${server.credential}`)).toBe(
      true,
    );
    expect(server.requests[0]?.body).toMatchObject({
      contentType: 'image/jpeg',
      width: 40,
      height: 30,
      bodySite: 'Left heel',
      laterality: 'left',
    });
    expect(server.objects.has(id)).toBe(true);
    expect(await database.images.get(id)).toMatchObject({ state: 'done', error: null });
    expect(await database.imageBytes.get(id)).toBeUndefined();
    expect(sent).toEqual([[id]]);
  });

  it('leaves photos under review alone', async () => {
    const [id = ''] = await added(1, { queued: false });
    await uploads.settled();
    expect(server.requests).toEqual([]);
    expect(await stateOf(id)).toBe('review');
  });

  it('sends two photos at a time', async () => {
    const ids = await added(3);
    const held = server.holdPuts(2);
    const done = uploads.settled();
    await held.started;
    // Every photo that may start has started once a fill has run to its end.
    await uploads.fill();
    expect(uploads.running).toBe(2);
    expect(await stateOf(ids[2] ?? '')).toBe('queued');
    held.release();
    await done;
    expect(server.concurrency.max).toBe(2);
    expect(await Promise.all(ids.map(stateOf))).toEqual(['done', 'done', 'done']);
  });

  it('retries after no answer from the same step, with the URL it already has', async () => {
    const [id = ''] = await added(1);
    server.replyToPutOnce('network-error');
    await uploads.settled();
    expect(await database.images.get(id)).toMatchObject({
      state: 'queued',
      step: 'put',
      attempts: 1,
      nextAttemptAt: expect.any(String),
    });

    await uploads.retryNow();
    await uploads.settled();
    expect(server.calls()).toEqual([`photos/${id}/upload-url`, `photos/${id}/complete`]);
    expect(await stateOf(id)).toBe('done');
  });

  it('retries a server error with backoff, forever, and never fails the photo for it', async () => {
    const [id = ''] = await added(1);
    for (let attempt = 1; attempt <= 3; attempt++) {
      server.replyOnce('complete', { status: 503 });
      await uploads.settled();
      expect(await database.images.get(id)).toMatchObject({ state: 'queued', attempts: attempt });
      await uploads.retryNow();
    }
    await uploads.settled();
    expect(await stateOf(id)).toBe('done');
  });

  it('asks for a new URL when the one it has expired, and sends again', async () => {
    const [id = ''] = await added(1);
    server.replyToPutOnce('network-error');
    await uploads.settled();
    server.expireUploadUrls();
    await uploads.retryNow();
    await uploads.settled();
    expect(server.calls()).toEqual([
      `photos/${id}/upload-url`,
      `photos/${id}/upload-url`,
      `photos/${id}/complete`,
    ]);
    expect(await stateOf(id)).toBe('done');
  });

  it('resumes a photo a closed tab left uploading, sending the bytes again when they never arrived', async () => {
    const [id = ''] = await added(1);
    await database.images.update(id, { state: 'uploading', step: 'complete' });
    await uploads.settled();
    expect(server.calls()).toEqual([
      `photos/${id}/complete`,
      `photos/${id}/upload-url`,
      `photos/${id}/complete`,
    ]);
    expect(await stateOf(id)).toBe('done');
  });

  it('goes straight to complete when the server already has the bytes', async () => {
    const [id = ''] = await added(1);
    server.session.uploadedPhotoIds.push(id);
    await uploads.settled();
    expect(server.calls()).toEqual([`photos/${id}/upload-url`, `photos/${id}/complete`]);
    expect(server.objects.size).toBe(0);
    expect(await stateOf(id)).toBe('done');
  });

  it('fails a photo the server refuses with its sentence, and sends the others', async () => {
    const [refused = '', accepted = ''] = await added(2);
    const sentence = 'This photo carries a GPS position. Take it again with location off.';
    server.replyOnce('complete', {
      status: 422,
      body: { type: 'https://bedside.dev/problems/validation', title: sentence, status: 422 },
    });
    await uploads.settled();
    expect(await database.images.get(refused)).toMatchObject({ state: 'failed', error: sentence });
    expect(await stateOf(accepted)).toBe('done');
  });

  it('fails the photos past the session limit with the server sentence', async () => {
    server.session.uploadedPhotoIds.push(...Array.from({ length: 19 }, (_, i) => `sent-${i}`));
    const [first = '', second = ''] = await added(2);
    await uploads.settled();
    expect(await stateOf(first)).toBe('done');
    expect(await database.images.get(second)).toMatchObject({
      state: 'failed',
      error: SENTENCES.limit,
    });
  });

  it('stops everything when the computer ended the session, and says why', async () => {
    const ids = await added(3);
    server.end();
    await uploads.settled();
    expect(over.map((problem) => [problem.status, problem.title])).toEqual([
      [410, SENTENCES.ended],
    ]);
    expect(server.calls().filter((call) => call.endsWith('upload-url')).length).toBeLessThan(3);
    expect(await storedSession(database, server.token)).toMatchObject({
      finishedAt: expect.any(String),
    });
    expect(await Promise.all(ids.map(stateOf))).not.toContain('done');
  });

  it('stops when the server no longer knows the credential', async () => {
    await added(1);
    server.replyOnce('upload-url', {
      status: 401,
      body: {
        type: 'https://bedside.dev/problems/capture-unauthorized',
        title: SENTENCES.unauthorized,
        status: 401,
      },
    });
    await uploads.settled();
    expect(over.map((problem) => problem.title)).toEqual([SENTENCES.unauthorized]);
  });
});
