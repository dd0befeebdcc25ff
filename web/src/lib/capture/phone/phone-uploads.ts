/**
 * Sends the phone's queued photos, two at a time, through the shared upload steps
 * (`upload/upload-steps.ts`: upload-url → PUT → complete, each outcome written to
 * `bedside-capture` first, so a reload resumes from the step under way). No answer or a server
 * error retries with backoff, forever; an expired URL asks for a new one; a photo the server
 * refuses (422, the limit) fails with its sentence; a session the server ended or no longer
 * knows (410, 401) stops everything.
 */
import type { CapturePhotoUploadRequest, Problem } from '@bedside/shared';
import { isApiError, type ApiError } from '$lib/api/client';
import { failedWith, isUploadMissing, runUploadSteps } from '$lib/capture/upload/upload-steps';
import { completeCaptureUpload, requestCaptureUploadUrl } from './capture-api';
import {
  finishSession,
  sentFields,
  type CaptureDatabase,
  type CaptureImage,
} from './capture-store';

export { PROGRESS_WRITE_MS } from '$lib/capture/upload/upload-steps';

export const MAX_PHONE_UPLOADS = 2;

export const BYTES_GONE_MESSAGE = 'This photo is no longer stored on this phone. Take it again.';

export type PhoneUploadsOptions = {
  database: CaptureDatabase;
  token: string;
  credential: string;
  /** A photo reached the server: the ids of every photo the session has now. */
  onSent?: (uploadedPhotoIds: string[]) => void;
  /** The server ended or forgot this phone's session: nothing more can be sent. */
  onSessionOver?: (problem: Problem) => void;
  /** Nothing is being sent now: everything went, failed, or waits out a backoff. */
  onIdle?: () => void;
};

export type PhoneUploads = {
  /** Starts photos that can go now, up to two at a time. */
  fill(): Promise<void>;
  /** Resolves once nothing runs and nothing that could run now was left waiting. */
  settled(): Promise<void>;
  /** Photos waiting out a backoff go at once (back online, or the user asked). */
  retryNow(): Promise<void>;
  /** Stops uploads under way; their rows stay and resume from their step. */
  stop(): void;
  /** How many photos are being sent right now. */
  readonly running: number;
};

export function createPhoneUploads(options: PhoneUploadsOptions): PhoneUploads {
  const { database, token, credential } = options;
  const active = new Set<string>();
  const abort = new AbortController();
  let filling: Promise<void> | undefined;
  let again = false;
  let waiters: (() => void)[] = [];
  let wake: ReturnType<typeof setTimeout> | undefined;

  function fill(): Promise<void> {
    if (filling) {
      again = true;
      return filling;
    }
    filling = (async () => {
      do {
        again = false;
        if (abort.signal.aborted) break;
        const slots = MAX_PHONE_UPLOADS - active.size;
        for (const image of await runnableImages(slots)) start(image.id);
      } while (again);
      if (active.size === 0) {
        await scheduleWake();
        options.onIdle?.();
        for (const resolve of waiters) resolve();
        waiters = [];
      }
    })().finally(() => (filling = undefined));
    return filling;
  }

  async function runnableImages(limit: number): Promise<CaptureImage[]> {
    if (limit <= 0) return [];
    const now = Date.now();
    const images = await database.images
      .where('token')
      .equals(token)
      .filter(
        (image) =>
          (image.state === 'queued' || image.state === 'uploading') &&
          !active.has(image.id) &&
          (image.nextAttemptAt === null || Date.parse(image.nextAttemptAt) <= now),
      )
      .sortBy('id');
    return images.slice(0, limit);
  }

  async function scheduleWake(): Promise<void> {
    clearTimeout(wake);
    if (abort.signal.aborted) return;
    const waiting = await database.images
      .where('token')
      .equals(token)
      .filter((image) => image.state === 'queued' && image.nextAttemptAt !== null)
      .toArray();
    const times = waiting.map((image) => Date.parse(image.nextAttemptAt ?? ''));
    if (times.length === 0) return;
    wake = setTimeout(() => void fill(), Math.max(0, Math.min(...times) - Date.now()));
  }

  function start(id: string): void {
    active.add(id);
    void runImage(id)
      // A photo that cannot go now stays as it was; the next fill or wake tries again.
      .catch(() => undefined)
      .finally(() => {
        active.delete(id);
        void fill();
      });
  }

  async function runImage(id: string): Promise<void> {
    const stored = await database.imageBytes.get(id);
    if (!stored) return void (await database.images.update(id, failedWith(BYTES_GONE_MESSAGE)));
    const end = await runUploadSteps({
      bytes: stored.bytes,
      signal: abort.signal,
      read: () => database.images.get(id),
      write: (changes) => database.images.update(id, changes),
      requestUrl: (image, signal) =>
        requestCaptureUploadUrl(credential, id, uploadRequest(image), signal),
      async complete(image, signal) {
        const completed = await completeCaptureUpload(credential, id, signal);
        options.onSent?.(completed.uploadedPhotoIds);
        return sentFields(image);
      },
      refusedForGood,
      endsEverything: endsSession,
    });
    if (end.kind === 'done') await database.imageBytes.delete(id);
    if (end.kind === 'ends-everything') await sessionOver(end.error);
  }

  async function sessionOver(error: ApiError): Promise<void> {
    if (abort.signal.aborted) return;
    abort.abort();
    clearTimeout(wake);
    await finishSession(database, token);
    options.onSessionOver?.(error.problem);
  }

  return {
    fill,
    settled: () =>
      new Promise<void>((resolve) => {
        waiters.push(resolve);
        void fill();
      }),
    async retryNow() {
      await database.images
        .where('token')
        .equals(token)
        .filter((image) => image.state === 'queued' && image.nextAttemptAt !== null)
        .modify({ nextAttemptAt: null });
      await fill();
    },
    stop() {
      abort.abort();
      clearTimeout(wake);
    },
    get running() {
      return active.size;
    },
  };
}

function uploadRequest(image: CaptureImage): CapturePhotoUploadRequest {
  return {
    contentType: image.contentType,
    byteSize: image.byteSize,
    sha256: image.sha256,
    width: image.width,
    height: image.height,
    capturedAt: image.capturedAt,
    bodySite: image.bodySite?.trim() || null,
    laterality: image.laterality,
  };
}

/** 401: the credential is unknown; 410: the session was ended or ran out of time. */
function endsSession(error: unknown): error is ApiError {
  return isApiError(error, 401) || isApiError(error, 410);
}

/** A 4xx the same request would get again: the photo fails with the server's sentence. */
function refusedForGood(error: unknown): error is ApiError {
  if (!isApiError(error) || error.status < 400 || error.status >= 500) return false;
  return error.status !== 408 && error.status !== 429 && !isUploadMissing(error);
}
