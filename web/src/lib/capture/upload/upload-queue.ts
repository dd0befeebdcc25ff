import { db, type BedsideDatabase } from '$lib/db/database';
import { scheduleEviction } from '$lib/photos/eviction-schedule';
import { onSyncMessage, postSyncMessage } from '$lib/sync/local-write';
import { forgetFinishedBatch, nextWake, retryWaitingUploads, runnableJobs } from './upload-jobs';
import { runUploadJob } from './upload-step';

/** Photos uploading at once: enough to fill a phone's uplink without starving sync. */
export const MAX_ACTIVE_UPLOADS = 2;

export type UploadRunner = {
  /** Starts jobs that can run now, up to two at a time. */
  fill(): Promise<void>;
  /** Resolves once no job runs and none that could was left waiting. */
  settled(): Promise<void>;
  /** Aborts uploads under way; their jobs stay in Dexie and resume from their step. */
  stop(): void;
};

/**
 * Runs upload jobs of the current database two at a time; each one that ends lets the next
 * start. `onIdle` runs whenever the runner has nothing left to start (the live queue then
 * sets its backoff timer).
 */
export function createUploadRunner(onIdle: (database: BedsideDatabase) => void = () => {}) {
  const active = new Set<string>();
  const abort = new AbortController();
  let filling: Promise<void> | undefined;
  let again = false;
  let waiters: (() => void)[] = [];

  function fill(): Promise<void> {
    if (filling) {
      again = true;
      return filling;
    }
    filling = (async () => {
      const database = db;
      do {
        again = false;
        if (abort.signal.aborted || isOffline()) break;
        const slots = MAX_ACTIVE_UPLOADS - active.size;
        for (const job of await runnableJobs(database, new Date(), slots, active))
          start(database, job.photoId);
      } while (again);
      if (active.size === 0) {
        onIdle(database);
        for (const resolve of waiters) resolve();
        waiters = [];
      }
    })().finally(() => (filling = undefined));
    return filling;
  }

  function start(database: BedsideDatabase, photoId: string): void {
    active.add(photoId);
    void runUploadJob(database, photoId, abort.signal)
      .then(() => {
        // An upload that completed makes its original evictable: keep the device within budget.
        void scheduleEviction();
        return forgetFinishedBatch(database);
      })
      // A job that cannot run now stays in Dexie as it was; the next kick or wake retries it.
      .catch(() => undefined)
      .finally(() => {
        active.delete(photoId);
        void fill();
      });
  }

  return {
    fill,
    settled: () =>
      new Promise<void>((resolve) => {
        waiters.push(resolve);
        void fill();
      }),
    stop: () => abort.abort(),
  } satisfies UploadRunner;
}

function isOffline(): boolean {
  return typeof navigator !== 'undefined' && navigator.onLine === false;
}

let running: { kick(): void; stop(): void } | undefined;

/**
 * Starts the photo upload queue in this tab; the sync engine calls it in the leading tab only
 * (the service worker does not upload). It looks for work when kicked (`kickUploads`), when the
 * device comes back online (jobs waiting out a backoff go at once) and when a backoff ends, and
 * resumes jobs a reload or a closed tab interrupted. It also keeps photo originals within the
 * device's budget, at start and after each upload (`scheduleEviction`). Returns how to stop it.
 */
export function startUploadQueue(): () => void {
  running?.stop();
  let wake: ReturnType<typeof setTimeout> | undefined;
  const runner = createUploadRunner((database) => {
    clearTimeout(wake);
    void nextWake(database).then((at) => {
      if (at) wake = setTimeout(kick, Math.max(0, at.getTime() - Date.now()));
    });
  });
  const kick = () => void runner.fill().catch(() => undefined);
  const onOnline = () => void retryWaitingUploads(db).then(kick, kick);
  const stopListening = onSyncMessage((message) => {
    if (message.type === 'uploads-changed') kick();
  });
  window.addEventListener('online', onOnline);

  const queue = {
    kick,
    stop() {
      runner.stop();
      clearTimeout(wake);
      stopListening();
      window.removeEventListener('online', onOnline);
    },
  };
  running = queue;
  kick();
  // At start-up, off the critical path: originals beyond the budget from earlier sessions go.
  void scheduleEviction();
  return () => {
    queue.stop();
    if (running === queue) running = undefined;
  };
}

/**
 * Tells the queue to look for work: after a push (a photo's create may have reached the
 * server), after a retry, after adding photos. Works from any tab: the leader's queue hears it.
 */
export function kickUploads(): void {
  if (running) running.kick();
  else postSyncMessage({ type: 'uploads-changed' });
}
