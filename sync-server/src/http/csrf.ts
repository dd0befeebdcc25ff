import type { MiddlewareHandler } from 'hono';
import { makeProblem } from '@bedside/shared';
import type { AppEnv } from './app-env.ts';
import { ProblemError } from './problem.ts';
import { requestOrigin } from './request-info.ts';

const safeMethods = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * Unsafe methods must come from our own pages: the browser's `Origin` must be the origin the
 * request was addressed to, or one of the configured public origins (a proxy's public name).
 */
export function csrfProtection(publicOrigins: readonly string[]): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    if (!safeMethods.has(c.req.method)) {
      const origin = c.req.header('origin');
      if (!origin || (origin !== requestOrigin(c) && !publicOrigins.includes(origin))) {
        throw new ProblemError(
          makeProblem(
            'csrf',
            403,
            'This request did not come from the Bedside app, so it was refused.',
          ),
        );
      }
    }
    await next();
  };
}
