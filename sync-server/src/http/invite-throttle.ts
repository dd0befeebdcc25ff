import type { Clock } from '../clock.ts';
import type { LimitCounters } from './limit-counters.ts';

export type InviteThrottle = {
  /**
   * Counts one use of an invitation link (look-up or sign-up) from `ip`; the seconds until
   * another is allowed when this one is over the limit, else 0.
   */
  count(ip: string): Promise<number>;
};

/** Enough for a clinic's shared line to take in a team, too few to guess a 32-byte token. */
export const inviteLimits = { perIp: 30, windowMs: 60 * 60 * 1000 };

/**
 * Counts the public invitation requests per IP in fixed one-hour windows, in the counters every
 * instance shares (`limit_counters`, keys hashed), as the "forgot password" ones are.
 *
 * @example
 * const throttle = createInviteThrottle(createLimitCounters(deps), deps.clock);
 * if ((await throttle.count(ip)) > 0) refuse();
 */
export function createInviteThrottle(
  counters: LimitCounters,
  clock: Clock,
  limits = inviteLimits,
): InviteThrottle {
  return {
    async count(ip) {
      const key = await counters.key('invite-ip', ip);
      const window = counters.window(limits.windowMs);
      const totals = await counters.add(window, new Map([[key, 1]]));
      if ((totals.get(key) ?? 0) <= limits.perIp) return 0;
      return Math.max(1, Math.ceil((window.end.getTime() - clock().getTime()) / 1000));
    },
  };
}
