const LEADER_LOCK = 'bedside-sync';

/**
 * Makes this tab the one that syncs, once no other tab holds the lock: `lead` runs when this
 * tab becomes leader and returns how to step down. Other tabs wait in the lock's queue and take
 * over when the leader closes. Returns a function that leaves the race (or steps down).
 */
export function becomeLeaderWhenFree(lead: () => () => void): () => void {
  const locks = typeof navigator === 'undefined' ? undefined : navigator.locks;
  if (!locks) {
    // No Web Locks (very old browsers): every tab syncs; the server's seq check keeps it safe.
    return lead();
  }
  const abort = new AbortController();
  let release: () => void = () => undefined;
  let stepDown: (() => void) | undefined;

  locks
    .request(LEADER_LOCK, { signal: abort.signal }, () => {
      stepDown = lead();
      return new Promise<void>((resolve) => (release = resolve));
    })
    .catch(() => undefined); // aborted before this tab got the lock

  return () => {
    abort.abort();
    stepDown?.();
    release();
  };
}
