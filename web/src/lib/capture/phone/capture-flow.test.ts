import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { HEIC_MESSAGE } from '$lib/capture/image/prepare-image';
import { bufferOf, heicBytes, jpegBytes } from '$lib/capture/image/testing/image-fixtures';
import { createCaptureFlow, UNREACHABLE_SENTENCE, type CaptureFlow } from './capture-flow.svelte';
import { storedSession, type CaptureDatabase } from './capture-store';
import {
  createFakeCaptureServer,
  SENTENCES,
  type FakeCaptureServer,
} from './testing/fake-capture-server';
import { freshCaptureDatabase } from './testing/capture-fixtures';

// Decoding needs a real browser (the e2e runs it); here the codec answers fixed JPEGs and,
// like a browser without HEIC support, cannot decode HEIC.
vi.mock('$lib/capture/image/compress', () => ({
  THUMBNAIL_SIDE: 320,
  compressToJpeg: async (file: File, side: number) => {
    if (file.type === 'image/heic') throw new Error('The source image could not be decoded.');
    return new Blob([bufferOf(jpegBytes({ width: side, height: side }))], { type: 'image/jpeg' });
  },
}));

let database: CaptureDatabase;
let server: FakeCaptureServer;
const flows: CaptureFlow[] = [];

beforeEach(() => {
  database = freshCaptureDatabase();
  server = createFakeCaptureServer();
  vi.stubGlobal('fetch', server.fetch);
  vi.stubGlobal('XMLHttpRequest', server.XMLHttpRequest);
});

afterEach(() => {
  for (const flow of flows.splice(0)) flow.stop();
  vi.unstubAllGlobals();
});

/** The page opened (again) on this phone, as after a scan or a reload. */
async function opened(token = server.token): Promise<CaptureFlow> {
  const flow = createCaptureFlow(token, { database });
  flows.push(flow);
  await flow.start();
  return flow;
}

function photos(count: number, name = 'IMG'): File[] {
  return Array.from(
    { length: count },
    (_, index) =>
      new File([bufferOf(jpegBytes({ width: 4000, height: 3000 }))], `${name}_${index}.jpg`),
  );
}

describe('opening the code', () => {
  it('exchanges the code for a credential kept in bedside-capture, and shows the capture screen', async () => {
    const flow = await opened();
    expect(flow.screen).toBe('capture');
    expect(flow.session).toMatchObject({ clinicName: 'Harbour Physio', patientInitials: 'J. D.' });
    expect(flow.room).toBe(20);
    expect(await storedSession(database, server.token)).toMatchObject({
      credential: server.credential,
      finishedAt: null,
    });
    expect(server.calls()).toEqual(['open']);
  });

  it('resumes after a reload with the stored credential instead of opening the code again', async () => {
    const first = await opened();
    await first.addFiles(photos(2));
    first.stop();

    const again = await opened();
    expect(server.calls()).toEqual(['open', 'session']);
    expect(again.screen).toBe('review');
    expect(again.images).toHaveLength(2);
  });

  it('shows the server sentence, without "Try again", when the code was already used', async () => {
    server.markOpened();
    const flow = await opened();
    expect(flow.screen).toBe('problem');
    expect(flow.problem).toEqual({ sentence: SENTENCES.used, canRetry: false });
  });

  it('refuses a link that does not carry a code without asking the server', async () => {
    const flow = await opened('not-a-code');
    expect(flow.problem).toEqual({
      sentence: 'This is not a Bedside capture code.',
      canRetry: false,
    });
    expect(server.requests).toEqual([]);
  });

  it('offers "Try again" when the server could not be reached, and then opens', async () => {
    server.replyOnce('open', 'network-error');
    const flow = await opened();
    expect(flow.problem).toEqual({ sentence: UNREACHABLE_SENTENCE, canRetry: true });

    await flow.retry();
    expect(flow.screen).toBe('capture');
  });

  it('offers "Try again" for a server error, with its sentence', async () => {
    server.replyOnce('open', {
      status: 500,
      body: { type: 'https://bedside.dev/problems/internal', title: 'Server error.', status: 500 },
    });
    const flow = await opened();
    expect(flow.problem).toEqual({ sentence: 'Server error.', canRetry: true });
  });

  it('forgets a stored session the computer ended, with its photos, at the next start', async () => {
    const first = await opened();
    await first.addFiles(photos(1));
    first.stop();
    server.end();

    const again = await opened();
    expect(again.problem).toEqual({ sentence: SENTENCES.ended, canRetry: false });
    await opened();
    expect(await database.images.count()).toBe(0);
    // Nothing stored any more: the phone can only try the code again.
    expect(server.calls()).toEqual(['open', 'session', 'open']);
  });
});

describe('adding photos', () => {
  it('prepares each file and keeps it for review, counting the room left', async () => {
    const flow = await opened();
    await flow.addFiles(photos(3));
    expect(flow.screen).toBe('review');
    expect(flow.images.map((image) => image.state)).toEqual(['review', 'review', 'review']);
    expect(flow.room).toBe(17);
    expect(flow.intake.overflow).toBeNull();
  });

  it('adds only what fits in the session and says how many were left out', async () => {
    server.session.uploadedPhotoIds.push(...Array.from({ length: 18 }, (_, i) => `sent-${i}`));
    const flow = await opened();
    await flow.addFiles(photos(3));
    expect(flow.images).toHaveLength(2);
    expect(flow.intake.overflow).toBe(
      '20 photos is the most for one session: 1 photo was not added.',
    );
    await flow.addFiles(photos(2));
    expect(flow.intake.overflow).toBe(
      '20 photos is the most for one session: 2 photos were not added.',
    );
  });

  it('refuses a HEIC photo with its sentence and adds the others', async () => {
    const flow = await opened();
    const heic = new File([bufferOf(heicBytes())], 'IMG_9.HEIC');
    await flow.addFiles([heic, ...photos(1)]);
    expect(flow.intake.problems).toEqual([{ name: 'IMG_9.HEIC', message: HEIC_MESSAGE }]);
    expect(flow.images).toHaveLength(1);
  });

  it('stays on the capture screen when no file could be added', async () => {
    const flow = await opened();
    await flow.addFiles([new File([bufferOf(heicBytes())], 'IMG_9.HEIC')]);
    expect(flow.screen).toBe('capture');
    expect(flow.intake.problems).toHaveLength(1);
  });

  it('keeps live camera shots on the capture screen until the camera closes', async () => {
    const flow = await opened();
    await Promise.all(photos(2).map((shot) => flow.addFiles([shot], { thenReview: false })));
    expect(flow.screen).toBe('capture');
    await flow.reviewWhenPrepared();
    expect(flow.images).toHaveLength(2);
    expect(flow.screen).toBe('review');
  });

  it('deleting the last photo under review goes back to the capture screen', async () => {
    const flow = await opened();
    await flow.addFiles(photos(2));
    const [first, second] = flow.images;
    await flow.remove(first?.id ?? '');
    expect(flow.screen).toBe('review');
    await flow.remove(second?.id ?? '');
    expect(flow.screen).toBe('capture');
    expect(flow.room).toBe(20);
  });
});

describe('sending', () => {
  it('sends the described photos and lands on the done screen', async () => {
    const flow = await opened();
    await flow.addFiles(photos(2));
    flow.go('describe');
    const [first, second] = flow.images;
    await flow.describe(first?.id ?? '', { bodySite: 'Heel', laterality: 'left' });

    await flow.send();
    expect(flow.screen).toBe('upload');
    await flow.uploadsSettled();

    expect(flow.screen).toBe('done');
    expect(flow.session?.uploadedPhotoIds).toEqual([first?.id, second?.id]);
    const declared = server.requests
      .filter((request) => request.path.endsWith('upload-url'))
      .map((request) => request.body);
    expect(declared).toMatchObject([
      { bodySite: 'Heel', laterality: 'left' },
      { bodySite: null, laterality: null },
    ]);
  });

  it('lands on the done screen with the refused photo and its sentence beside the sent ones', async () => {
    const flow = await opened();
    await flow.addFiles(photos(2));
    const sentence = 'This photo could not be read. Take it again.';
    server.replyOnce('complete', {
      status: 422,
      body: { type: 'https://bedside.dev/problems/validation', title: sentence, status: 422 },
    });
    await flow.send();
    await flow.uploadsSettled();
    expect(flow.screen).toBe('done');
    expect(flow.images.map((image) => [image.state, image.error])).toEqual([
      ['failed', sentence],
      ['done', null],
    ]);
    // The refused photo freed its slot.
    expect(flow.room).toBe(19);
  });

  it('shows the problem screen when the computer ends the session while sending', async () => {
    const flow = await opened();
    await flow.addFiles(photos(2));
    server.end();
    await flow.send();
    await vi.waitFor(() => expect(flow.screen).toBe('problem'));
    expect(flow.problem).toEqual({ sentence: SENTENCES.ended, canRetry: false });
  });

  it('"Take more" clears the sent batch and counts the room the session has left', async () => {
    const flow = await opened();
    await flow.addFiles(photos(3));
    await flow.send();
    await flow.uploadsSettled();

    await flow.takeMore();
    expect(flow.screen).toBe('capture');
    expect(flow.images).toEqual([]);
    expect(flow.room).toBe(17);
  });

  it('"Take more" after the computer ended the session shows why instead', async () => {
    const flow = await opened();
    await flow.addFiles(photos(1));
    await flow.send();
    await flow.uploadsSettled();
    server.end();

    await flow.takeMore();
    expect(flow.screen).toBe('problem');
    expect(flow.problem?.sentence).toBe(SENTENCES.ended);
  });

  it('carries on sending after a reload mid-upload', async () => {
    const first = await opened();
    await first.addFiles(photos(2));
    server.replyToPutOnce('network-error');
    server.replyToPutOnce('network-error');
    await first.send();
    await first.uploadsSettled();
    expect(first.screen).toBe('upload');
    first.stop();

    const again = await opened();
    expect(again.screen).toBe('upload');
    await again.retryUploads();
    await again.uploadsSettled();
    expect(again.screen).toBe('done');
    expect(server.objects.size).toBe(2);
  });
});
