import { createBackoff } from './backoff';

const EVENTS_PATH = '/api/sync/events';

/**
 * Listens to the server's change pokes (Server-Sent Events) and calls `onPoke` for each, and
 * once on every (re)connect so changes missed while disconnected are pulled. When the stream
 * fails it is closed and reopened after a growing, jittered wait, or at once when the device
 * comes back online (while the browser is offline it waits for that, quietly); a 401 also fails it, and the sync engine stops it then. Returns a function that closes it for good.
 */
export function listenForChanges(onPoke: () => void): () => void {
  if (typeof EventSource === 'undefined') return () => undefined;
  const backoff = createBackoff();
  let source: EventSource | undefined;
  let closed = false;

  const connect = () => {
    if (closed) return;
    // Known offline, an attempt can only fail (and the browser logs each failure): the
    // 'online' event reconnects.
    if (navigator.onLine === false) return;
    source = new EventSource(EVENTS_PATH, { withCredentials: true });
    source.addEventListener('ready', () => {
      backoff.reset();
      onPoke();
    });
    source.addEventListener('change', () => onPoke());
    source.onerror = () => {
      // EventSource would retry on its own at a fixed pace; ours backs off and jitters.
      source?.close();
      source = undefined;
      backoff.schedule(connect);
    };
  };

  // Back online, or a phone waking up: reconnect now rather than at the end of a backoff that
  // grew while the network was gone, so other devices' changes arrive at once.
  // An attempt still connecting may have started while offline and is about to fail into a
  // long backoff, so only an open stream is left alone.
  const reconnectNow = () => {
    if (closed || document.visibilityState !== 'visible') return;
    if (source?.readyState === EventSource.OPEN) return;
    source?.close();
    backoff.reset();
    connect();
  };
  // Gone offline: close the stream now rather than let it fail and retry into the void.
  const disconnect = () => {
    backoff.reset();
    source?.close();
    source = undefined;
  };
  window.addEventListener('online', reconnectNow);
  window.addEventListener('offline', disconnect);
  document.addEventListener('visibilitychange', reconnectNow);

  connect();
  return () => {
    closed = true;
    window.removeEventListener('online', reconnectNow);
    window.removeEventListener('offline', disconnect);
    document.removeEventListener('visibilitychange', reconnectNow);
    backoff.reset();
    source?.close();
  };
}
