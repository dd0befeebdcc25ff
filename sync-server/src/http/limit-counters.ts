import { createHmac, randomBytes } from 'node:crypto';
import type { Deps } from '../domain/deps.ts';
import {
  addToCounters,
  deleteCounter,
  deleteEndedWindows,
  limitKeySalt,
  readCounters,
  type CounterWindow,
} from '../storage/limit-queries.ts';

/** How often one instance deletes the counters of ended windows, after a count. */
const sweepEveryMs = 60_000;

/**
 * Fixed-window counters in the database every instance shares (`limit_counters`), for login
 * throttling and rate limits. Keys are hashed here, so no email or IP reaches the table.
 *
 * @example
 * const counters = createLimitCounters(deps);
 * const key = await counters.key('login-email', email);
 * const window = counters.window(15 * 60_000);
 * const totals = await counters.add(window, new Map([[key, 1]]));
 */
export type LimitCounters = {
  /** `name:` and the HMAC-SHA256 of `value` under the install's salt, e.g. `writes:3fa9…`. */
  key(name: string, value: string): Promise<string>;
  /** The fixed window of `windowMs` that holds the clock's now (windows start at the epoch). */
  window(windowMs: number): CounterWindow;
  /** Adds to the keys' counters in `window`; their new totals, every instance's counts included. */
  add(window: CounterWindow, increments: Map<string, number>): Promise<Map<string, number>>;
  /** The keys' totals in `window`; a key nobody counted is left out. */
  read(window: CounterWindow, keys: string[]): Promise<Map<string, number>>;
  /** Forgets every window of `key`. */
  clear(key: string): Promise<void>;
};

export function createLimitCounters({ db, clock, log }: Deps): LimitCounters {
  let salt: Promise<string> | undefined;
  let lastSweep = -Infinity;

  function saltOnce(): Promise<string> {
    salt ??= limitKeySalt(db, randomBytes(32).toString('base64url')).catch((error: unknown) => {
      salt = undefined;
      throw error;
    });
    return salt;
  }

  return {
    async key(name, value) {
      const hash = createHmac('sha256', await saltOnce())
        .update(`${name}\0${value}`)
        .digest('base64url');
      return `${name}:${hash}`;
    },
    window(windowMs) {
      const start = Math.floor(clock().getTime() / windowMs) * windowMs;
      return { start: new Date(start), end: new Date(start + windowMs) };
    },
    async add(window, increments) {
      const totals = await addToCounters(db, window, increments);
      const now = clock();
      if (now.getTime() - lastSweep >= sweepEveryMs) {
        lastSweep = now.getTime();
        // The count above is in; failing to tidy must not make a caller send it again.
        await deleteEndedWindows(db, now).catch((error: unknown) =>
          log.warn({ err: error }, 'ended limit windows could not be deleted'),
        );
      }
      return totals;
    },
    read: (window, keys) => readCounters(db, keys, window.start),
    clear: (key) => deleteCounter(db, key),
  };
}
