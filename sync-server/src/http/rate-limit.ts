import type { Context, MiddlewareHandler } from 'hono';
import { MemoryStore, rateLimiter } from 'hono-rate-limiter';
import { makeProblem } from '@bedside/shared';
import type { AppEnv } from './app-env.ts';
import { ProblemError } from './problem.ts';
import { clientAddress } from './request-info.ts';

const readMethods = new Set(['GET', 'HEAD', 'OPTIONS']);
const unlimitedPaths = new Set(['/api/health']);

/** Per clinic when signed in, per IP otherwise: one clinic cannot starve another. */
function limitKey(c: Context<AppEnv>): string {
  const session = c.get('session');
  return session ? `clinic:${session.clinic.id}` : `ip:${clientAddress(c)}`;
}

export type RateLimits = { middleware: MiddlewareHandler<AppEnv>[]; close(): void };

/** Writes and reads each get their own budget per minute; over it → 429 with Retry-After. */
export function createRateLimits(limits: {
  writesPerMinute: number;
  readsPerMinute: number;
}): RateLimits {
  const stores: MemoryStore<AppEnv>[] = [];
  const limiter = (
    limit: number,
    counts: (c: Context<AppEnv>) => boolean,
  ): MiddlewareHandler<AppEnv> => {
    const store = new MemoryStore<AppEnv>();
    stores.push(store);
    return rateLimiter<AppEnv>({
      windowMs: 60_000,
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
      limiter(limits.writesPerMinute, (c) => !readMethods.has(c.req.method)),
      limiter(limits.readsPerMinute, (c) => readMethods.has(c.req.method)),
    ],
    close: () => stores.forEach((store) => store.shutdown()),
  };
}
