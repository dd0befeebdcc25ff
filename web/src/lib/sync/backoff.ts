export const BACKOFF_BASE_MS = 1_000;
export const BACKOFF_CAP_MS = 60_000;

/**
 * Exponential backoff with full jitter: a random wait up to 1 s, 2 s, 4 s … capped at 60 s, so
 * devices coming back together after an outage do not retry in step. Never below 1 s.
 */
export function backoffDelay(attempt: number, random: () => number = Math.random): number {
  const ceiling = Math.min(BACKOFF_CAP_MS, BACKOFF_BASE_MS * 2 ** Math.max(0, attempt));
  return Math.max(BACKOFF_BASE_MS, Math.round(random() * ceiling));
}

/** A retry timer whose delay grows with each failure until `reset()`. */
export function createBackoff(random: () => number = Math.random) {
  let attempt = 0;
  let timer: ReturnType<typeof setTimeout> | undefined;
  return {
    /** Runs `retry` after the next delay; a retry already waiting is replaced. */
    schedule(retry: () => void): number {
      clearTimeout(timer);
      const delay = backoffDelay(attempt++, random);
      timer = setTimeout(() => {
        timer = undefined;
        retry();
      }, delay);
      return delay;
    },
    reset(): void {
      attempt = 0;
      clearTimeout(timer);
      timer = undefined;
    },
    get waiting(): boolean {
      return timer !== undefined;
    },
  };
}
