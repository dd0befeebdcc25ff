import { liveQuery } from 'dexie';
import { onReachabilityChange, serverReachable } from '$lib/api/reachability';
import {
  db,
  isSignedOutDatabase,
  onDatabaseChange,
  type BedsideDatabase,
  type RejectedMutation,
} from '$lib/db/database';
import { afterLocalWrite, postSyncMessage } from './local-write';
import { discardRejectedMutation, requeueRejected } from './rejected';

export type { RejectedMutation } from '$lib/db/database';

export type SyncStatus = {
  /** The browser is online AND the last request reached the server. */
  online: boolean;
  /** The browser's own network state (`navigator.onLine`): false means no sync can start. */
  browserOnline: boolean;
  /** Changes queued for the next push. */
  pending: number;
  oldestPendingAt: string | null;
  lastSyncAt: string | null;
  /** This tab is pushing or pulling right now. */
  syncing: boolean;
  /** Rows a pull of several pages has stored so far (a first download); 0 otherwise. */
  downloaded: number;
  /** Why the last sync failed, as a sentence; null after a successful one. */
  lastError: string | null;
  /** Changes the server refused, oldest first: they wait for Fix, Retry or Discard. */
  needsAttention: RejectedMutation[];
  /** The server said the session ended: syncing waits for the next sign-in. */
  signedOut: boolean;
  /** …because the clinic deactivated the account: unsent changes stay on this device. */
  deactivated: boolean;
};

export const syncStatus = $state<SyncStatus>({
  online: true,
  browserOnline: true,
  pending: 0,
  oldestPendingAt: null,
  lastSyncAt: null,
  syncing: false,
  downloaded: 0,
  lastError: null,
  needsAttention: [],
  signedOut: false,
  deactivated: false,
});

/** Asks the leading tab to sync now (also clears a backoff wait). */
export function syncNow(): void {
  postSyncMessage({ type: 'sync-now' });
}

/** Sends a rejected change again, after the user had a look at it. */
export async function retryRejected(id: string): Promise<void> {
  if (await requeueRejected(db, id)) afterLocalWrite();
}

/** Drops a rejected change; the row goes back to the server's version plus other pending changes. */
export async function discardRejected(id: string): Promise<void> {
  await discardRejectedMutation(db, id);
}

function watchDatabase(database: BedsideDatabase): () => void {
  if (isSignedOutDatabase(database)) {
    Object.assign(syncStatus, {
      pending: 0,
      oldestPendingAt: null,
      lastSyncAt: null,
      lastError: null,
      needsAttention: [],
    });
    return () => undefined;
  }
  const subscriptions = [
    liveQuery(async () => {
      const [count, oldest] = await Promise.all([
        database.outbox.count(),
        database.outbox.orderBy('seq').first(),
      ]);
      return { count, oldestAt: oldest?.createdAt ?? null };
    }).subscribe(({ count, oldestAt }) => {
      syncStatus.pending = count;
      syncStatus.oldestPendingAt = oldestAt;
    }),
    liveQuery(() => database.rejected.orderBy('seq').toArray()).subscribe((rejected) => {
      syncStatus.needsAttention = rejected;
    }),
    liveQuery(() => database.meta.bulkGet(['lastSyncAt', 'lastError'])).subscribe(
      ([lastSync, lastError]) => {
        syncStatus.lastSyncAt = typeof lastSync?.value === 'string' ? lastSync.value : null;
        syncStatus.lastError = typeof lastError?.value === 'string' ? lastError.value : null;
      },
    ),
  ];
  return () => subscriptions.forEach((subscription) => subscription.unsubscribe());
}

function updateOnline(): void {
  syncStatus.browserOnline = navigator.onLine;
  syncStatus.online = navigator.onLine && serverReachable();
}

if (typeof window !== 'undefined') {
  let unwatch = watchDatabase(db);
  onDatabaseChange((database) => {
    unwatch();
    unwatch = watchDatabase(database);
  });
  updateOnline();
  window.addEventListener('online', updateOnline);
  window.addEventListener('offline', updateOnline);
  onReachabilityChange(updateOnline);
}
