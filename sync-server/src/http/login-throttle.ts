import type { Clock } from '../clock.ts';

export type LoginThrottle = {
  /** Seconds until another attempt is allowed; 0 when it is allowed now. */
  retryAfterSeconds(email: string, ip: string): number;
  recordFailure(email: string, ip: string): void;
  recordSuccess(email: string): void;
};

type Window = { failures: number; resetAt: number };

export const loginLimits = { perEmail: 5, perIp: 30, windowMs: 15 * 60 * 1000 };

/**
 * Counts failed sign-ins per email and per IP in fixed 15-minute windows. In memory: a restart
 * forgets, which is fine for slowing down guessing on one instance.
 */
export function createLoginThrottle(clock: Clock, limits = loginLimits): LoginThrottle {
  const windows = new Map<string, Window>();

  function current(key: string, now: number): Window | undefined {
    const window = windows.get(key);
    if (window && window.resetAt <= now) {
      windows.delete(key);
      return undefined;
    }
    return window;
  }

  function waitFor(key: string, max: number, now: number): number {
    const window = current(key, now);
    return window && window.failures >= max ? Math.ceil((window.resetAt - now) / 1000) : 0;
  }

  function count(key: string, now: number): void {
    const window = current(key, now) ?? { failures: 0, resetAt: now + limits.windowMs };
    window.failures += 1;
    windows.set(key, window);
  }

  return {
    retryAfterSeconds(email, ip) {
      const now = clock().getTime();
      return Math.max(
        waitFor(`email:${email}`, limits.perEmail, now),
        waitFor(`ip:${ip}`, limits.perIp, now),
      );
    },
    recordFailure(email, ip) {
      const now = clock().getTime();
      if (windows.size > 100_000) for (const key of windows.keys()) current(key, now);
      count(`email:${email}`, now);
      count(`ip:${ip}`, now);
    },
    recordSuccess(email) {
      windows.delete(`email:${email}`);
    },
  };
}
