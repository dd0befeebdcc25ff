/**
 * What the two uploaders' own tests (`upload-queue.test.ts`, `phone-uploads.test.ts`) cannot
 * reach easily: the once-per-run new URL, the expiry margin, the progress throttle and aborts.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { isApiError, type ApiError } from '$lib/api/client';
import { fakeXhrClass } from './testing/fake-xhr';
import {
  PROGRESS_WRITE_MS,
  runUploadSteps,
  type StepChanges,
  type StepJob,
  type UploadSteps,
} from './upload-steps';

const NOW = Date.parse('2025-03-01T10:00:00Z');
const BYTES = new ArrayBuffer(1000);
const OLD_URL = 'http://storage.test/objects/p?token=old';

type Job = StepJob & { nextAttemptAt: string | null; bytesSent: number; error: string | null };

/** Object storage behind the presigned URLs: each PUT gets the next scripted status, else 200. */
function fakeStorage() {
  const storage = {
    puts: [] as string[],
    replies: [] as number[],
    /** Runs while a PUT is under way; `report` is the browser's upload progress event. */
    duringPut: (_report: (loaded: number) => void) => {},
  };
  const FakeXMLHttpRequest = fakeXhrClass(async (url, _body, progress) => {
    storage.puts.push(url);
    storage.duringPut(progress);
    return storage.replies.shift() ?? 200;
  });
  return { storage, XMLHttpRequest: FakeXMLHttpRequest };
}

/** One job kept in memory, with endpoints that hand out a fresh URL per ask and always complete. */
function uploadOf(start: Partial<Job> = {}) {
  let job: Job = {
    state: 'queued',
    step: 'url',
    attempts: 0,
    nextAttemptAt: null,
    bytesSent: 0,
    error: null,
    ...start,
  };
  const calls: string[] = [];
  const writes: (StepChanges | Partial<Job>)[] = [];
  let issued = 0;
  const steps: UploadSteps<Job> = {
    bytes: BYTES,
    read: async () => ({ ...job }),
    write: async (changes) => {
      writes.push(changes);
      job = { ...job, ...changes };
    },
    requestUrl: async () => {
      calls.push('upload-url');
      const expiresAt = new Date(Date.now() + 15 * 60_000).toISOString();
      const url = `http://storage.test/objects/p?token=${++issued}`;
      return { status: 'upload', upload: { url, method: 'PUT', headers: {}, expiresAt } };
    },
    complete: async () => {
      calls.push('complete');
      return { state: 'done', bytesSent: BYTES.byteLength };
    },
    refusedForGood: (error): error is ApiError => isApiError(error, 422),
  };
  return { steps, calls, writes, job: () => job };
}

let storage: ReturnType<typeof fakeStorage>['storage'];

beforeEach(() => {
  vi.useFakeTimers({ toFake: ['Date'] });
  vi.setSystemTime(NOW);
  const fake = fakeStorage();
  storage = fake.storage;
  vi.stubGlobal('XMLHttpRequest', fake.XMLHttpRequest);
});

afterEach(() => {
  vi.useRealTimers();
  vi.unstubAllGlobals();
});

describe('the upload steps', () => {
  it.each([400, 403])(
    'asks for a new URL once when storage refuses the PUT with %i',
    async (status) => {
      const upload = uploadOf();
      storage.replies.push(status);
      expect(await runUploadSteps(upload.steps)).toEqual({ kind: 'done' });
      expect(upload.calls).toEqual(['upload-url', 'upload-url', 'complete']);
      expect(storage.puts).toHaveLength(2);
    },
  );

  it('waits out a backoff, not asking again at once, when the new URL is refused too', async () => {
    const upload = uploadOf();
    storage.replies.push(403, 403);
    expect(await runUploadSteps(upload.steps)).toEqual({ kind: 'stopped' });
    expect(upload.calls).toEqual(['upload-url', 'upload-url']);
    expect(upload.job()).toMatchObject({ state: 'queued', step: 'put', attempts: 1 });
    expect(Date.parse(upload.job().nextAttemptAt ?? '')).toBeGreaterThan(NOW);
  });

  it('does not start a PUT with a URL that expires within 30 seconds', async () => {
    const expiresAt = new Date(NOW + 20_000).toISOString();
    const upload = uploadOf({ step: 'put', url: OLD_URL, urlExpiresAt: expiresAt });
    await runUploadSteps(upload.steps);
    expect(upload.calls).toEqual(['upload-url', 'complete']);
    expect(storage.puts).toEqual(['http://storage.test/objects/p?token=1']);
  });

  it('sends with the URL it has while that one has time left', async () => {
    const expiresAt = new Date(NOW + 60_000).toISOString();
    const upload = uploadOf({ step: 'put', url: OLD_URL, urlExpiresAt: expiresAt });
    await runUploadSteps(upload.steps);
    expect(upload.calls).toEqual(['complete']);
    expect(storage.puts).toEqual([OLD_URL]);
  });

  it('writes the bytes sent at most once per progress interval', async () => {
    const upload = uploadOf();
    storage.duringPut = (report) => {
      report(100);
      vi.setSystemTime(NOW + PROGRESS_WRITE_MS / 2);
      report(200);
      vi.setSystemTime(NOW + PROGRESS_WRITE_MS);
      report(300);
    };
    await runUploadSteps(upload.steps);
    const progress = upload.writes.filter((changes) => Object.keys(changes).join() === 'bytesSent');
    expect(progress).toEqual([{ bytesSent: 100 }, { bytesSent: 300 }]);
    expect(upload.job()).toMatchObject({ state: 'done', bytesSent: BYTES.byteLength });
  });

  it('leaves an aborted job at its step, to resume later without a backoff', async () => {
    const upload = uploadOf();
    const abort = new AbortController();
    upload.steps.signal = abort.signal;
    upload.steps.requestUrl = async () => {
      abort.abort();
      throw new DOMException('The request was stopped.', 'AbortError');
    };
    expect(await runUploadSteps(upload.steps)).toEqual({ kind: 'stopped' });
    expect(upload.job()).toMatchObject({
      state: 'uploading',
      step: 'url',
      attempts: 0,
      nextAttemptAt: null,
    });
  });
});
