import type { Clock } from '../clock.ts';
import type { LimitCounters } from './limit-counters.ts';

export type ResetThrottle = {
  /**
   * Counts one "forgot password" request for `email` from `ip`; the seconds until another is
   * allowed when this one is over the limit, else 0.
   */
  count(email: string, ip: string): Promise<number>;
};

/** A few links an hour for one address (a mailbox is not to be flooded), more for one IP (a clinic's shared line). */
export const resetLimits = { perEmail: 3, perIp: 20, windowMs: 60 * 60 * 1000 };

/**
 * Counts "forgot password" requests per address and per IP in fixed one-hour windows, in the
 * counters every instance shares (`limit_counters`, keys hashed). Every request counts, whether or
 * not an account uses the address, so being refused says nothing about it either.
 *
 * @example
 * const throttle = createResetThrottle(createLimitCounters(deps), deps.clock);
 * if ((await throttle.count(email, ip)) > 0) refuse();
 */
export function createResetThrottle(
  counters: LimitCounters,
  clock: Clock,
  limits = resetLimits,
): ResetThrottle {
  return {
    async count(email, ip) {
      const emailKey = await counters.key('reset-email', email);
      const ipKey = await counters.key('reset-ip', ip);
      const window = counters.window(limits.windowMs);
      const totals = await counters.add(
        window,
        new Map([
          [emailKey, 1],
          [ipKey, 1],
        ]),
      );
      const over =
        (totals.get(emailKey) ?? 0) > limits.perEmail || (totals.get(ipKey) ?? 0) > limits.perIp;
      if (!over) return 0;
      return Math.max(1, Math.ceil((window.end.getTime() - clock().getTime()) / 1000));
    },
  };
}
