/**
 * The upload step machine both uploaders share: this device's queue (`upload-step.ts`) and the
 * phone lent to a desktop (`phone-capture/phone-uploads.ts`). A job goes upload-url → PUT →
 * complete, and every step's outcome is written to the job before the next starts, so a reload
 * resumes from the step that was under way. Where the job is stored, which endpoints it calls
 * and which answers fail it for good (or stop every upload) are the caller's to say.
 */
import { problemCode, type UploadUrlResponse } from '@bedside/shared';
import { isApiError, type ApiError } from '$lib/api/client';
import type { UploadState, UploadStep } from '$lib/db/database';
import { backoffDelay } from '$lib/sync/backoff';
import { putBytes, PutRefused } from './upload-http';

/** Progress is written at most this often (about 4 times a second). */
export const PROGRESS_WRITE_MS = 250;
/** A presigned URL this close to expiry is not worth starting a PUT with. */
const EXPIRY_MARGIN_MS = 30_000;

/** What the steps read of a stored job (`state` is wider: a phone's photo may be under review). */
export type StepJob = {
  state: string;
  step: UploadStep;
  attempts: number;
  url?: string;
  headers?: Record<string, string>;
  urlExpiresAt?: string;
};

/** What the steps write to a stored job. */
export type StepChanges = {
  state?: UploadState;
  step?: UploadStep;
  attempts?: number;
  nextAttemptAt?: string | null;
  bytesSent?: number;
  error?: string | null;
  url?: string;
  headers?: Record<string, string>;
  urlExpiresAt?: string;
};

/** One job's upload: where it is stored, where it goes, and which answers are final. */
export type UploadSteps<Job extends StepJob> = {
  bytes: ArrayBuffer;
  signal?: AbortSignal;
  /** The job as stored now; undefined once it is gone. */
  read(): Promise<Job | undefined>;
  /** Writes a step's outcome (its own, or `complete`'s done fields) or the bytes sent so far. */
  write(changes: StepChanges | Partial<Job>): Promise<unknown>;
  /** Asks where to PUT the bytes, or learns that the server has them already. */
  requestUrl(job: Job, signal?: AbortSignal): Promise<UploadUrlResponse>;
  /** Tells the server the bytes are there, keeps its answer, and gives the job's done fields. */
  complete(job: Job, signal?: AbortSignal): Promise<Partial<Job>>;
  /** An answer the same request would get again: the job fails with the server's sentence. */
  refusedForGood(error: unknown): error is ApiError;
  /** An answer that ends every upload, not only this one: the run stops, writing nothing. */
  endsEverything?(error: unknown): error is ApiError;
};

export type UploadRunEnd =
  | { kind: 'done' }
  /** Failed for good, waiting out a backoff, aborted, or changed elsewhere: the job says which. */
  | { kind: 'stopped' }
  /** `endsEverything` said so: the job is left as it was, the caller stops the rest. */
  | { kind: 'ends-everything'; error: ApiError };

/**
 * Runs one job from the step it is at until it is done, failed for good, or must wait (a
 * backoff, an abort, or an answer that ends everything).
 */
export async function runUploadSteps<Job extends StepJob>(
  steps: UploadSteps<Job>,
): Promise<UploadRunEnd> {
  const { signal } = steps;
  await steps.write({ state: 'uploading' });
  // One quick "ask for a new URL" per run; a second in a row waits out a backoff instead.
  let freshUrlAsked = false;

  for (;;) {
    const job = await steps.read();
    if (!job || job.state !== 'uploading' || signal?.aborted) return { kind: 'stopped' };
    let next: StepChanges | Partial<Job>;
    try {
      next = await runStep(steps, job);
    } catch (error) {
      if (signal?.aborted) return { kind: 'stopped' };
      if (steps.endsEverything?.(error)) return { kind: 'ends-everything', error };
      const restart: boolean = needsNewUrl(error) && !freshUrlAsked;
      freshUrlAsked ||= restart;
      const outcome: StepChanges = restart ? { step: 'url' } : afterFailure(steps, job, error);
      await steps.write(outcome);
      if (outcome.state && outcome.state !== 'uploading') return { kind: 'stopped' };
      continue;
    }
    await steps.write(next);
    if (next.state === 'done') return { kind: 'done' };
  }
}

async function runStep<Job extends StepJob>(
  steps: UploadSteps<Job>,
  job: Job,
): Promise<StepChanges | Partial<Job>> {
  const ok = { attempts: 0, nextAttemptAt: null };
  if (job.step === 'url' || (job.step === 'put' && !hasUsableUrl(job))) {
    const answer = await steps.requestUrl(job, steps.signal);
    // The server has these bytes already (an earlier try got them there): nothing to send.
    if (answer.status === 'uploaded') return { ...ok, step: 'complete', url: undefined };
    const { url, headers, expiresAt } = answer.upload;
    return { ...ok, step: 'put', url, headers, urlExpiresAt: expiresAt, bytesSent: 0 };
  }
  if (job.step === 'put') {
    await putWithProgress(steps, job);
    return { ...ok, step: 'complete', bytesSent: steps.bytes.byteLength, url: undefined };
  }
  return steps.complete(job, steps.signal);
}

function hasUsableUrl(job: StepJob): boolean {
  if (!job.url || !job.urlExpiresAt) return false;
  return Date.parse(job.urlExpiresAt) - EXPIRY_MARGIN_MS > Date.now();
}

async function putWithProgress<Job extends StepJob>(
  steps: UploadSteps<Job>,
  job: Job,
): Promise<void> {
  let lastWrite = 0;
  let pending: Promise<unknown> = Promise.resolve();
  const onProgress = (bytesSent: number) => {
    const now = Date.now();
    if (now - lastWrite < PROGRESS_WRITE_MS) return;
    lastWrite = now;
    pending = steps.write({ bytesSent });
  };
  await putBytes(job.url ?? '', job.headers ?? {}, steps.bytes, onProgress, steps.signal);
  await pending;
}

/** 409 `upload-missing`: the object never arrived in storage. */
export function isUploadMissing(error: unknown): boolean {
  return isApiError(error, 409) && problemCode(error.problem) === 'upload-missing';
}

/** An expired or vanished upload: ask for a new URL and send the bytes again. */
function needsNewUrl(error: unknown): boolean {
  return (
    (error instanceof PutRefused && (error.status === 403 || error.status === 400)) ||
    isUploadMissing(error)
  );
}

/**
 * What a failed step leaves on the job: an answer refused for good fails it with the server's
 * sentence; anything else (no answer, server or storage trouble) retries later from the same
 * step, after a backoff that grows with each failure in a row.
 */
function afterFailure<Job extends StepJob>(
  steps: UploadSteps<Job>,
  job: Job,
  error: unknown,
): StepChanges {
  if (steps.refusedForGood(error)) return failedWith(error.problem.detail ?? error.problem.title);
  const attempts = job.attempts + 1;
  const wait = backoffDelay(attempts - 1);
  return { state: 'queued', attempts, nextAttemptAt: new Date(Date.now() + wait).toISOString() };
}

/** The job fails for good with this sentence for the user; only the user starts it again. */
export function failedWith(message: string): StepChanges {
  return { state: 'failed', error: message, nextAttemptAt: null };
}
