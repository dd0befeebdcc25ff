/** The channel tabs use to tell the leading tab (and the sync engine) that the outbox grew. */
export const SYNC_CHANNEL = 'bedside-sync';
export const BACKGROUND_SYNC_TAG = 'bedside-outbox';

export type SyncMessage =
  | { type: 'outbox-changed' }
  | { type: 'sync-now' }
  /** Photos were added or a failed upload retried: the leader's upload queue looks for work. */
  | { type: 'uploads-changed' }
  /** The server ended the session: every tab shows "sign in again". */
  | { type: 'signed-out' }
  /** Signed in again: the leader picks up where the 401 stopped it. */
  | { type: 'resume' };

export function postSyncMessage(message: SyncMessage): void {
  if (typeof BroadcastChannel === 'undefined') return;
  // A fresh channel per message: BroadcastChannel delivers to every other instance, including
  // the engine's own listener in this tab, and a closed one keeps nothing alive.
  const channel = new BroadcastChannel(SYNC_CHANNEL);
  channel.postMessage(message);
  channel.close();
}

type SyncManagerLike = { register(tag: string): Promise<void> };

function hasBackgroundSync(
  registration: ServiceWorkerRegistration,
): registration is ServiceWorkerRegistration & { sync: SyncManagerLike } {
  return 'sync' in registration;
}

/**
 * Called after every local write: the leader pushes soon (debounced), and where the browser
 * has Background Sync the service worker drains the outbox even if every tab closes first.
 */
export function afterLocalWrite(): void {
  postSyncMessage({ type: 'outbox-changed' });
  if (typeof navigator === 'undefined' || !('serviceWorker' in navigator)) return;
  navigator.serviceWorker.ready
    .then((registration) =>
      hasBackgroundSync(registration) ? registration.sync.register(BACKGROUND_SYNC_TAG) : undefined,
    )
    // Refused (no permission, private mode): the page's own sync loop still pushes.
    .catch(() => undefined);
}
