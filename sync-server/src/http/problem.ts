import type { Context } from 'hono';
import { HTTPException } from 'hono/http-exception';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { makeProblem, type Problem } from '@bedside/shared';
import { errorForLog, type Logger } from '../log.ts';
import type { AppEnv } from './app-env.ts';

/** An expected failure that ends the request with a problem+json response. */
export class ProblemError extends Error {
  readonly problem: Problem;
  readonly headers: Record<string, string>;

  constructor(problem: Problem, headers: Record<string, string> = {}) {
    super(problem.title);
    this.name = 'ProblemError';
    this.problem = problem;
    this.headers = headers;
  }
}

export function problemResponse(
  c: Context,
  problem: Problem,
  headers: Record<string, string> = {},
): Response {
  return c.body(JSON.stringify(problem), problem.status as ContentfulStatusCode, {
    ...headers,
    'Content-Type': 'application/problem+json',
  });
}

/** The app's one error handler: every error becomes problem+json; a 500 shows only a request id. */
export function errorHandler(log: Logger) {
  return (error: Error, c: Context<AppEnv>): Response => {
    if (error instanceof ProblemError) return problemResponse(c, error.problem, error.headers);
    if (error instanceof HTTPException && error.status < 500) {
      return problemResponse(
        c,
        makeProblem('bad-request', error.status, 'The request could not be processed.'),
      );
    }
    const requestId = c.get('requestId');
    log.error({ requestId, err: errorForLog(error) }, 'unexpected error');
    return problemResponse(
      c,
      makeProblem('internal', 500, 'Something went wrong on the server. Please try again.', {
        requestId,
      }),
    );
  };
}

export function notFoundHandler(c: Context): Response {
  return problemResponse(c, makeProblem('not-found', 404, 'There is nothing at this address.'));
}
