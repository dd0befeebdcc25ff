import type { Clock } from '../clock.ts';
import type { LimitCounters } from './limit-counters.ts';

export type LoginThrottle = {
  /** Seconds until another attempt is allowed; 0 when it is allowed now. */
  retryAfterSeconds(email: string, ip: string): Promise<number>;
  recordFailure(email: string, ip: string): Promise<void>;
  /** Clears the email's failures (not the IP's: one good password does not excuse the others). */
  recordSuccess(email: string): Promise<void>;
};

export const loginLimits = { perEmail: 5, perIp: 30, windowMs: 15 * 60 * 1000 };

/**
 * Counts failed sign-ins per email and per IP in fixed 15-minute windows, in the database every
 * instance shares: the 6th wrong password for one email is refused whichever instance gets it.
 * Sign-in is rare, so each check and each failure is one statement.
 *
 * @example
 * const throttle = createLoginThrottle(createLimitCounters(deps), deps.clock);
 * if ((await throttle.retryAfterSeconds(email, ip)) > 0) refuse();
 */
export function createLoginThrottle(
  counters: LimitCounters,
  clock: Clock,
  limits = loginLimits,
): LoginThrottle {
  const keys = async (email: string, ip: string) => ({
    email: await counters.key('login-email', email),
    ip: await counters.key('login-ip', ip),
  });

  return {
    async retryAfterSeconds(email, ip) {
      const key = await keys(email, ip);
      const window = counters.window(limits.windowMs);
      const failures = await counters.read(window, [key.email, key.ip]);
      const over =
        (failures.get(key.email) ?? 0) >= limits.perEmail ||
        (failures.get(key.ip) ?? 0) >= limits.perIp;
      if (!over) return 0;
      return Math.max(1, Math.ceil((window.end.getTime() - clock().getTime()) / 1000));
    },
    async recordFailure(email, ip) {
      const key = await keys(email, ip);
      await counters.add(
        counters.window(limits.windowMs),
        new Map([
          [key.email, 1],
          [key.ip, 1],
        ]),
      );
    },
    async recordSuccess(email) {
      await counters.clear(await counters.key('login-email', email));
    },
  };
}
