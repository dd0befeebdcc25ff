/** The channel tabs use to tell the leading tab (and the sync engine) that the outbox grew. */
const SYNC_CHANNEL = 'bedside-sync';
export const BACKGROUND_SYNC_TAG = 'bedside-outbox';

export type SyncMessage =
  /**
   * A change was queued. `typing`: an autosave while someone types, which more keystrokes are
   * likely to follow (pushed after a short pause, so a burst stays one mutation); otherwise a
   * discrete save, pushed at once.
   */
  | { type: 'outbox-changed'; typing?: boolean }
  | { type: 'sync-now' }
  /** Photos were added or a failed upload retried: the leader's upload queue looks for work. */
  | { type: 'uploads-changed' }
  /** The server ended the session: every tab shows "sign in again". */
  | { type: 'signed-out'; deactivated?: boolean }
  /** Signed in again: the leader picks up where the 401 stopped it. */
  | { type: 'resume' };

/** Tells this tab at once and every other tab through the channel. */
type Envelope = { fromTab: string; message: SyncMessage };

const thisTab = crypto.randomUUID();
const listenersInThisTab = new Set<(message: SyncMessage) => void>();

/**
 * Sends `message` to every listener of every tab. This tab's own listeners hear it in a
 * microtask rather than through the channel, which crosses the browser process: a discrete
 * save reaches the leader's push some milliseconds sooner.
 */
export function postSyncMessage(message: SyncMessage): void {
  for (const listener of listenersInThisTab) queueMicrotask(() => listener(message));
  if (typeof BroadcastChannel === 'undefined') return;
  // A fresh channel per message: a closed one keeps nothing alive.
  const channel = new BroadcastChannel(SYNC_CHANNEL);
  channel.postMessage({ fromTab: thisTab, message } satisfies Envelope);
  channel.close();
}

/** Calls `listener` with every sync message of every tab, this one included; returns how to stop. */
export function onSyncMessage(listener: (message: SyncMessage) => void): () => void {
  listenersInThisTab.add(listener);
  const channel =
    typeof BroadcastChannel === 'undefined' ? undefined : new BroadcastChannel(SYNC_CHANNEL);
  if (channel)
    channel.onmessage = (event: MessageEvent<Envelope>) => {
      if (event.data.fromTab !== thisTab) listener(event.data.message);
    };
  return () => {
    listenersInThisTab.delete(listener);
    channel?.close();
  };
}

type SyncManagerLike = { register(tag: string): Promise<void> };

function hasBackgroundSync(
  registration: ServiceWorkerRegistration,
): registration is ServiceWorkerRegistration & { sync: SyncManagerLike } {
  return 'sync' in registration;
}

/** How a local write was made: a discrete save (the default) or an autosave while typing. */
export type WritePace = { typing?: boolean };

/**
 * Called after every local write: the leader pushes at once after a discrete save and after a
 * short pause while someone types, and where the browser has Background Sync the service worker
 * drains the outbox even if every tab closes first.
 *
 * @example afterLocalWrite({ typing: true }) // an autosave of a draft being typed
 */
export function afterLocalWrite(pace: WritePace = {}): void {
  postSyncMessage({ type: 'outbox-changed', ...(pace.typing && { typing: true }) });
  if (typeof navigator === 'undefined' || !('serviceWorker' in navigator)) return;
  navigator.serviceWorker.ready
    .then((registration) =>
      hasBackgroundSync(registration) ? registration.sync.register(BACKGROUND_SYNC_TAG) : undefined,
    )
    // Refused (no permission, private mode): the page's own sync loop still pushes.
    .catch(() => undefined);
}
