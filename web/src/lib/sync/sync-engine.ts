import { db, onDatabaseChange, type BedsideDatabase } from '$lib/db/database';
import { setMeta } from '$lib/db/meta';
import { fetchUsers } from '$lib/session/users';
import { kickUploads, startUploadQueue } from '$lib/capture/upload/upload-queue';
import { createBackoff } from './backoff';
import { listenForChanges } from './events';
import { becomeLeaderWhenFree } from './leader';
import { onSyncMessage, postSyncMessage } from './local-write';
import { createPuller, isPullStopped } from './pull-in-worker';
import { pushOutbox, withPushLock } from './push';
import { classifySyncFailure } from './sync-errors';
import { syncStatus } from './sync-status.svelte';

/** While someone types, their autosaves are pushed after this pause, as one mutation. */
const TYPING_PAUSE_MS = 300;
const TIMER_MS = 30_000;

type Engine = { resume(): void; stop(): void };
let engine: Engine | undefined;

/**
 * Starts syncing this tab's signed-in database. Every tab calls it; one at a time leads (Web
 * Locks) and does the pushing and pulling, the others read Dexie and message the leader. Calling
 * it again (after signing in anew) resumes a sync stopped by a 401. Returns how to stop.
 */
export function startSync(): () => void {
  engine ??= createEngine();
  engine.resume();
  const started = engine;
  return () => {
    started.stop();
    if (engine === started) engine = undefined;
  };
}

/** After signing in again: every tab's engine picks up a sync that a 401 stopped. */
export function resumeSync(): void {
  syncStatus.signedOut = false;
  syncStatus.deactivated = false;
  engine?.resume();
  postSyncMessage({ type: 'resume' });
}

function createEngine(): Engine {
  const backoff = createBackoff();
  let leading = false;
  let paused = false;
  let running = false;
  let again = false;
  let usersFetched = false;
  let debounce: ReturnType<typeof setTimeout> | undefined;
  let detachTriggers: (() => void) | undefined;
  // The pull runs in a worker holding its own connection to the database: a swapped database
  // (sign-out, another user) stops it, and the cycle then starts over on the new one.
  const puller = createPuller();
  const stopOnSwap = onDatabaseChange(() => puller.close());

  const stopMessages = onSyncMessage((message) => {
    if (message.type === 'outbox-changed') {
      clearTimeout(debounce);
      // A discrete save goes out at once (after the push under way, if one is: `again`).
      if (message.typing) debounce = setTimeout(() => requestSync(), TYPING_PAUSE_MS);
      else requestSync();
    } else if (message.type === 'sync-now') {
      backoff.reset();
      requestSync();
    } else if (message.type === 'signed-out') {
      syncStatus.signedOut = true;
      syncStatus.deactivated = message.deactivated === true;
    } else if (message.type === 'resume') {
      resume();
    }
  });

  /**
   * Whether the outbox may hold something to push. Only another device's change (a poke) leaves
   * it alone: that cycle then pulls at once, without waiting for the push lock and an outbox
   * read that would find nothing.
   */
  let outboxMayHaveWork = true;

  function requestSync({ afterPoke = false } = {}): void {
    if (!afterPoke) outboxMayHaveWork = true;
    if (!leading || paused) return;
    if (typeof navigator !== 'undefined' && navigator.onLine === false) return; // 'online' brings us back
    if (running) {
      again = true;
      return;
    }
    void runCycle();
  }

  async function runCycle(): Promise<void> {
    running = true;
    syncStatus.syncing = true;
    const database = db;
    try {
      do {
        again = false;
        if (outboxMayHaveWork) {
          // Cleared before the outbox is read: a change queued from here on sets it again.
          outboxMayHaveWork = false;
          await withPushLock(() => pushOutbox(database)); // push before pull: the pull then shows our own writes
        }
        await puller
          .pull(database, (soFar) => (syncStatus.downloaded = soFar.rows))
          .finally(() => (syncStatus.downloaded = 0));
      } while (again && !paused);
      // After the push: the patients read here are on the server, so their reads are not ignored.
      // The audit code loads only when there are reads to send, keeping it out of the first load.
      if ((await database.chartReads.count()) > 0) {
        const { sendChartReads } = await import('$lib/audit/chart-reads');
        await sendChartReads(database);
      }
      backoff.reset();
      // A photo's create may have just reached the server: its upload can start.
      kickUploads();
      await setMeta(database, 'lastSyncAt', new Date().toISOString());
      await setMeta(database, 'lastError', null);
      if (!usersFetched)
        usersFetched = await fetchUsers(database).then(
          () => true,
          () => false,
        );
    } catch (error) {
      outboxMayHaveWork = true;
      // Stopped for a sign-out or another database: nothing failed; a resume syncs anew.
      if (!isPullStopped(error)) await recordFailure(database, error);
    } finally {
      running = false;
      syncStatus.syncing = false;
    }
    // A poke that arrived after the last pull, while the cycle was recording its result, would
    // otherwise wait for the 30 s timer: another device's change must show at once.
    if (again && !paused && !backoff.waiting) requestSync();
  }

  async function recordFailure(database: BedsideDatabase, error: unknown): Promise<void> {
    const failure = classifySyncFailure(error);
    if (failure.kind === 'signed-out' || failure.kind === 'deactivated') {
      // Nothing is deleted: the outbox waits for a sign-in (or stays, for a deactivated account).
      const deactivated = failure.kind === 'deactivated';
      paused = true;
      syncStatus.signedOut = true;
      syncStatus.deactivated = deactivated;
      postSyncMessage({ type: 'signed-out', deactivated });
      detachTriggers?.();
      detachTriggers = undefined;
    } else {
      backoff.schedule(() => requestSync());
    }
    await setMeta(database, 'lastError', failure.message).catch(() => undefined);
  }

  function attachTriggers(): () => void {
    const onOnline = () => {
      backoff.reset();
      requestSync();
    };
    const onVisible = () => {
      if (document.visibilityState === 'visible') requestSync();
    };
    window.addEventListener('online', onOnline);
    document.addEventListener('visibilitychange', onVisible);
    // The timer does not cut a backoff short; events that say "try now" do.
    const timer = setInterval(() => {
      if (!backoff.waiting) requestSync();
    }, TIMER_MS);
    const stopListening = listenForChanges(() => requestSync({ afterPoke: true }));
    return () => {
      window.removeEventListener('online', onOnline);
      document.removeEventListener('visibilitychange', onVisible);
      clearInterval(timer);
      stopListening();
    };
  }

  const leaveRace = becomeLeaderWhenFree(() => {
    leading = true;
    if (!paused) detachTriggers = attachTriggers();
    // Photo uploads run where sync runs: one tab, one queue, one progress.
    const stopUploads = startUploadQueue();
    requestSync();
    return () => {
      leading = false;
      stopUploads();
      detachTriggers?.();
      detachTriggers = undefined;
    };
  });

  function resume(): void {
    syncStatus.signedOut = false;
    syncStatus.deactivated = false;
    backoff.reset();
    paused = false;
    if (leading) detachTriggers ??= attachTriggers();
    requestSync();
  }

  return {
    resume,
    stop() {
      paused = true;
      leaveRace();
      backoff.reset();
      clearTimeout(debounce);
      stopOnSwap();
      puller.close();
      stopMessages();
    },
  };
}
