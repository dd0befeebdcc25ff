import type { ClientRateLimitInfo, Store } from 'hono-rate-limiter';
import type { Clock } from '../clock.ts';
import type { Logger } from '../log.ts';
import type { AppEnv } from './app-env.ts';
import type { LimitCounters } from './limit-counters.ts';

/**
 * What this instance knows of one key in the current window. Its requests are numbered 1, 2, 3…
 * as they come; a flush sends those numbered after `sentUpTo`, and the database's answer is the
 * total once `confirmedUpTo` of ours are in.
 */
type KeyCount = {
  windowStart: number;
  /** How many requests this instance has counted in the window. */
  counted: number;
  /** The last of them a flush has begun to send. */
  sentUpTo: number;
  /** The last of them the database has confirmed, and its total then (every instance's). */
  confirmedUpTo: number;
  shared: number;
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
 * without a database round trip per request. Each instance counts locally and sends a key's
 * unsent counts (reading back the total of all instances) once a tenth of the limit is
 * unconfirmed, when the total it knows is older than `flushEveryMs` (so the first request of a
 * key on an instance always asks), and every `flushEveryMs` in the background. A request stands
 * at the last total read plus this instance's requests since; those that wait for a flush stand
 * where the database put them. N instances so admit at most about N tenths of the limit more
 * than the limit in a window (README, "Several instances").
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

  /** Due to be sent: a tenth of the limit unconfirmed, or a total older than `flushEveryMs`. */
  const due = (count: KeyCount) =>
    count.counted - count.confirmedUpTo >= batch ||
    clock().getTime() - count.readAt >= flushEveryMs;

  /** Sends the pending counts of `entries` (all of one window) and reads the totals back. */
  function flush(entries: [string, KeyCount][], windowStart: number): Promise<void> {
    const window = { start: new Date(windowStart), end: new Date(windowStart + windowMs) };
    const sent = entries.map(([key, count]) => {
      const increment = count.counted - count.sentUpTo;
      count.sentUpTo = count.counted;
      return { key, count, upTo: count.counted, increment };
    });
    const run = (async () => {
      try {
        const hashed = await Promise.all(sent.map(({ key }) => counters.key(name, key)));
        const increments = new Map(hashed.map((key, i) => [key, sent[i]?.increment ?? 0]));
        const totals = await counters.add(window, increments);
        hashed.forEach((key, i) => {
          const entry = sent[i];
          if (!entry) return;
          entry.count.shared = totals.get(key) ?? entry.count.shared;
          entry.count.confirmedUpTo = entry.upTo;
        });
      } catch (error) {
        // The limit holds on this instance alone until the database answers again.
        log.warn({ err: error, limit: name }, 'rate limit counts could not be shared');
        for (const { count } of sent) count.sentUpTo = count.confirmedUpTo;
      } finally {
        const now = clock().getTime();
        for (const { count } of sent) {
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
      } else if (count.counted !== count.sentUpTo && !count.flush) entries.push([key, count]);
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
          counted: 0,
          sentUpTo: 0,
          confirmedUpTo: 0,
          shared: 0,
          readAt: -Infinity,
        };
        counts.set(key, count);
      }
      const mine = ++count.counted;
      if (due(count)) {
        // Wait for the flush under way, then send ours if still due: a burst queues behind one.
        if (count.flush) await count.flush;
        if (due(count)) await (count.flush ?? flush([[key, count]], count.windowStart));
      }
      // Where this request stands among every instance's: the last total the database gave,
      // moved by how many of ours came before or after the last one it has confirmed.
      const totalHits = count.shared + (mine - count.confirmedUpTo);
      // hono-rate-limiter measures the reset against Date.now(), not against our clock.
      const untilReset = window.end.getTime() - clock().getTime();
      return { totalHits, resetTime: new Date(Date.now() + untilReset) };
    },
    decrement(key) {
      const count = counts.get(key);
      // Sent with the next flush as one fewer.
      if (count) count.counted -= 1;
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
