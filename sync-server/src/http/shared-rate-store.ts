import type { ClientRateLimitInfo, Store } from 'hono-rate-limiter';
import type { Clock } from '../clock.ts';
import type { Logger } from '../log.ts';
import type { AppEnv } from './app-env.ts';
import type { LimitCounters } from './limit-counters.ts';

/** What this instance knows of one key in the current window. */
type KeyCount = {
  windowStart: number;
  /** The total in the database when last read: every instance's flushed counts, ours included. */
  shared: number;
  /** Counted here since the last flush began. */
  pending: number;
  /** Counted here and being sent by the flush under way. */
  sending: number;
  /** When the shared total was last read (clock ms); -Infinity: never. */
  readAt: number;
  /** The flush under way, if any. */
  flush?: Promise<void>;
};

export type SharedRateStore = Store<AppEnv> & {
  /** Sends every key's pending counts in one statement; the background tick calls it. */
  flushAll(): Promise<void>;
  /** Stops the background tick and sends what is pending. */
  close(): Promise<void>;
};

/**
 * A hono-rate-limiter store whose counts are shared by every instance through `limit_counters`,
 * without a database round trip per request. Each instance counts locally and sends its pending
 * counts for a key (reading back the total of all instances) when they reach a tenth of the
 * limit, when the total it knows is older than `flushEveryMs`, and every `flushEveryMs` in the
 * background. A request counts as shared total + this instance's unsent counts, so N instances
 * admit at most about N tenths of the limit more than the limit in a window (README, "Limits").
 *
 * @example
 * const store = createSharedRateStore({ name: 'writes', limit: 100, windowMs: 60_000, counters, clock, log });
 * rateLimiter({ windowMs: 60_000, limit: 100, store, keyGenerator });
 */
export function createSharedRateStore(options: {
  /** Names the counters in the table (`writes:…`), so two stores never share a key. */
  name: string;
  limit: number;
  windowMs: number;
  counters: LimitCounters;
  clock: Clock;
  log: Logger;
  flushEveryMs?: number;
}): SharedRateStore {
  const { name, windowMs, counters, clock, log } = options;
  const flushEveryMs = options.flushEveryMs ?? 1000;
  const batch = Math.max(1, Math.floor(options.limit / 10));
  const counts = new Map<string, KeyCount>();

  const due = (count: KeyCount) =>
    count.pending + count.sending >= batch || clock().getTime() - count.readAt >= flushEveryMs;

  /** Sends the pending counts of `entries` (all of one window) and reads the totals back. */
  function flush(entries: [string, KeyCount][], windowStart: number): Promise<void> {
    const window = { start: new Date(windowStart), end: new Date(windowStart + windowMs) };
    const run = (async () => {
      const sent = new Map<string, KeyCount>();
      for (const [key, count] of entries) {
        count.sending = count.pending;
        count.pending = 0;
        sent.set(await counters.key(name, key), count);
      }
      try {
        const increments = new Map([...sent].map(([key, count]) => [key, count.sending]));
        const totals = await counters.add(window, increments);
        for (const [key, count] of sent) count.shared = totals.get(key) ?? count.shared;
      } catch (error) {
        // The limit holds on this instance alone until the database answers again.
        log.warn({ err: error, limit: name }, 'rate limit counts could not be shared');
        for (const count of sent.values()) count.pending += count.sending;
      } finally {
        const now = clock().getTime();
        for (const count of sent.values()) {
          count.sending = 0;
          count.readAt = now;
          count.flush = undefined;
        }
      }
    })();
    for (const [, count] of entries) count.flush = run;
    return run;
  }

  const tick = setInterval(() => void flushAll(), flushEveryMs);
  tick.unref();

  async function flushAll(): Promise<void> {
    const windowStart = counters.window(windowMs).start.getTime();
    const entries: [string, KeyCount][] = [];
    for (const [key, count] of counts) {
      if (count.windowStart !== windowStart) {
        if (!count.flush) counts.delete(key);
      } else if (count.pending !== 0 && !count.flush) entries.push([key, count]);
    }
    if (entries.length > 0) await flush(entries, windowStart);
  }

  return {
    prefix: `${name}:`,
    localKeys: false,
    async increment(key): Promise<ClientRateLimitInfo> {
      const window = counters.window(windowMs);
      let count = counts.get(key);
      if (count?.windowStart !== window.start.getTime()) {
        count = {
          windowStart: window.start.getTime(),
          shared: 0,
          pending: 0,
          sending: 0,
          readAt: -Infinity,
        };
        counts.set(key, count);
      }
      count.pending += 1;
      if (due(count)) {
        // Wait for the flush under way, then send ours if still due: a burst queues behind one.
        if (count.flush) await count.flush;
        if (due(count)) await (count.flush ?? flush([[key, count]], count.windowStart));
      }
      // hono-rate-limiter measures the reset against Date.now(), not against our clock.
      const untilReset = window.end.getTime() - clock().getTime();
      return {
        totalHits: count.shared + count.sending + count.pending,
        resetTime: new Date(Date.now() + untilReset),
      };
    },
    decrement(key) {
      const count = counts.get(key);
      if (count) count.pending -= 1;
    },
    resetKey(key) {
      counts.delete(key);
    },
    flushAll,
    async close() {
      clearInterval(tick);
      await Promise.all([...counts.values()].map((count) => count.flush));
      await flushAll();
    },
  };
}
