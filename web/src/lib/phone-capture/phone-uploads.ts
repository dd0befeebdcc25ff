/**
 * Sends the phone's queued photos, two at a time: upload-url → PUT → complete, each step's
 * outcome written to `bedside-capture` before the next starts, so a reload resumes from the
 * step under way. No answer or a server error retries with backoff, forever; an expired URL
 * asks for a new one; a photo the server refuses (422, the limit) fails with its sentence; a
 * session the server ended or no longer knows (410, 401) stops everything.
 */
import { problemCode, type CapturePhotoUploadRequest, type Problem } from '@bedside/shared';
import { isApiError, type ApiError } from '$lib/api/client';
import { putBytes, PutRefused } from '$lib/upload/upload-http';
import { backoffDelay } from '$lib/sync/backoff';
import { completeCaptureUpload, requestCaptureUploadUrl } from './capture-api';
import {
  finishSession,
  sentFields,
  type CaptureDatabase,
  type CaptureImage,
} from './capture-store';

export const MAX_PHONE_UPLOADS = 2;
/** Progress is written at most this often (about 4 times a second). */
export const PROGRESS_WRITE_MS = 250;
/** A presigned URL this close to expiry is not worth starting a PUT with. */
const EXPIRY_MARGIN_MS = 30_000;

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
    if (!stored) return void (await database.images.update(id, failed(BYTES_GONE_MESSAGE)));
    await database.images.update(id, { state: 'uploading' });
    // One quick "ask for a new URL" per run; a second in a row waits out a backoff instead.
    let freshUrlAsked = false;
    for (;;) {
      const image = await database.images.get(id);
      if (!image || image.state !== 'uploading' || abort.signal.aborted) return;
      let next: Partial<CaptureImage>;
      try {
        next = await runStep(image, stored.bytes);
      } catch (error) {
        if (abort.signal.aborted) return;
        if (endsSession(error)) return sessionOver(error);
        const restart: boolean = needsNewUrl(error) && !freshUrlAsked;
        freshUrlAsked ||= restart;
        const outcome: Partial<CaptureImage> = restart
          ? { step: 'url' }
          : afterFailure(image, error);
        await database.images.update(id, outcome);
        if (outcome.state && outcome.state !== 'uploading') return;
        continue;
      }
      await database.images.update(id, next);
      if (next.state === 'done') return void (await database.imageBytes.delete(id));
    }
  }

  async function runStep(image: CaptureImage, bytes: ArrayBuffer): Promise<Partial<CaptureImage>> {
    const ok = { attempts: 0, nextAttemptAt: null };
    const signal = abort.signal;
    if (image.step === 'url' || (image.step === 'put' && !hasUsableUrl(image))) {
      const answer = await requestCaptureUploadUrl(
        credential,
        image.id,
        uploadRequest(image),
        signal,
      );
      // The server has these bytes already (an earlier try got them there): nothing to send.
      if (answer.status === 'uploaded') return { ...ok, step: 'complete', url: undefined };
      const { url, headers, expiresAt } = answer.upload;
      return { ...ok, step: 'put', url, headers, urlExpiresAt: expiresAt, bytesSent: 0 };
    }
    if (image.step === 'put') {
      await putWithProgress(image, bytes);
      return { ...ok, step: 'complete', bytesSent: bytes.byteLength, url: undefined };
    }
    const completed = await completeCaptureUpload(credential, image.id, signal);
    options.onSent?.(completed.uploadedPhotoIds);
    return sentFields(image);
  }

  async function putWithProgress(image: CaptureImage, bytes: ArrayBuffer): Promise<void> {
    let lastWrite = 0;
    let pending: Promise<unknown> = Promise.resolve();
    const onProgress = (bytesSent: number) => {
      const now = Date.now();
      if (now - lastWrite < PROGRESS_WRITE_MS) return;
      lastWrite = now;
      pending = database.images.update(image.id, { bytesSent });
    };
    await putBytes(image.url ?? '', image.headers ?? {}, bytes, onProgress, abort.signal);
    await pending;
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

function hasUsableUrl(image: CaptureImage): boolean {
  if (!image.url || !image.urlExpiresAt) return false;
  return Date.parse(image.urlExpiresAt) - EXPIRY_MARGIN_MS > Date.now();
}

/** 401: the credential is unknown; 410: the session was ended or ran out of time. */
function endsSession(error: unknown): error is ApiError {
  return isApiError(error, 401) || isApiError(error, 410);
}

function isUploadMissing(error: unknown): boolean {
  return isApiError(error, 409) && problemCode(error.problem) === 'upload-missing';
}

/** An expired or vanished upload: ask for a new URL and send the bytes again. */
function needsNewUrl(error: unknown): boolean {
  return (
    (error instanceof PutRefused && (error.status === 403 || error.status === 400)) ||
    isUploadMissing(error)
  );
}

/** A 4xx the same request would get again: the photo fails with the server's sentence. */
function refusedForGood(error: unknown): error is ApiError {
  if (!isApiError(error) || error.status < 400 || error.status >= 500) return false;
  return error.status !== 408 && error.status !== 429 && !isUploadMissing(error);
}

function afterFailure(image: CaptureImage, error: unknown): Partial<CaptureImage> {
  if (refusedForGood(error)) return failed(error.problem.detail ?? error.problem.title);
  const attempts = image.attempts + 1;
  const wait = backoffDelay(attempts - 1);
  return { state: 'queued', attempts, nextAttemptAt: new Date(Date.now() + wait).toISOString() };
}

function failed(message: string): Partial<CaptureImage> {
  return { state: 'failed', error: message, nextAttemptAt: null };
}
