import type { Context, MiddlewareHandler } from 'hono';
import { rateLimiter } from 'hono-rate-limiter';
import { makeProblem } from '@bedside/shared';
import type { Clock } from '../clock.ts';
import type { Logger } from '../log.ts';
import type { AppEnv } from './app-env.ts';
import type { LimitCounters } from './limit-counters.ts';
import { ProblemError } from './problem.ts';
import { clientAddress } from './request-info.ts';
import { createSharedRateStore, type SharedRateStore } from './shared-rate-store.ts';

const readMethods = new Set(['GET', 'HEAD', 'OPTIONS']);
const unlimitedPaths = new Set(['/api/health']);
const windowMs = 60_000;

/** Per clinic when signed in, per IP otherwise: one clinic cannot starve another. */
function limitKey(c: Context<AppEnv>): string {
  const session = c.get('session');
  return session ? `clinic:${session.clinic.id}` : `ip:${clientAddress(c)}`;
}

export type RateLimits = { middleware: MiddlewareHandler<AppEnv>[]; close(): Promise<void> };

/**
 * Writes and reads each get their own budget per minute, counted across every instance (see
 * `createSharedRateStore`); over it → 429 with Retry-After.
 */
export function createRateLimits(
  limits: { writesPerMinute: number; readsPerMinute: number },
  shared: { counters: LimitCounters; clock: Clock; log: Logger },
): RateLimits {
  const stores: SharedRateStore[] = [];
  const limiter = (
    name: string,
    limit: number,
    counts: (c: Context<AppEnv>) => boolean,
  ): MiddlewareHandler<AppEnv> => {
    const store = createSharedRateStore({ name, limit, windowMs, ...shared });
    stores.push(store);
    return rateLimiter<AppEnv>({
      windowMs,
      limit,
      store,
      standardHeaders: 'draft-6',
      keyGenerator: limitKey,
      skip: (c) => unlimitedPaths.has(c.req.path) || !counts(c),
      handler: () => {
        throw new ProblemError(
          makeProblem(
            'rate-limited',
            429,
            'Too many requests. Please wait a moment and try again.',
          ),
        );
      },
    });
  };
  return {
    middleware: [
      limiter('writes', limits.writesPerMinute, (c) => !readMethods.has(c.req.method)),
      limiter('reads', limits.readsPerMinute, (c) => readMethods.has(c.req.method)),
    ],
    close: async () => {
      await Promise.all(stores.map((store) => store.close()));
    },
  };
}
