import { makeProblem } from '@bedside/shared';
import { describe, expect, it } from 'vitest';
import { ApiError, NetworkError } from '$lib/api/client';
import { classifySyncFailure } from './sync-errors';
import { fromWire, toWire } from './wire-error';

/** As the page gets a worker's error: posted (structured clone), then rebuilt. */
const acrossTheWorker = (error: unknown) => fromWire(structuredClone(toWire(error)));

describe('errors from the pull worker', () => {
  it('are classified as the same error thrown in the page would be', () => {
    const errors = [
      new ApiError(401, makeProblem('unauthenticated', 401, 'Sign in')),
      new ApiError(409, makeProblem('schema-version', 409, 'Old app')),
      new ApiError(503, makeProblem('internal', 503, 'Down')),
      new ApiError(429, makeProblem('rate-limited', 429, 'Slow down')),
      new ApiError(
        400,
        makeProblem('bad-request', 400, 'Bad', { detail: 'The cursor is not valid.' }),
      ),
      new NetworkError(new TypeError('Failed to fetch')),
      new Error('The server said there was more to pull but did not move the cursor.'),
    ];
    for (const error of errors)
      expect(classifySyncFailure(acrossTheWorker(error))).toEqual(classifySyncFailure(error));
  });

  it('keep their status, problem and cause', () => {
    const problem = makeProblem('resync', 409, 'Start over');
    const rebuilt = acrossTheWorker(new ApiError(409, problem));
    expect(rebuilt).toBeInstanceOf(ApiError);
    expect(rebuilt).toMatchObject({ status: 409, problem });

    const offline = acrossTheWorker(new NetworkError(new TypeError('Failed to fetch')));
    expect(offline).toBeInstanceOf(NetworkError);
    expect(offline.cause).toMatchObject({ message: 'Failed to fetch' });
  });
});
