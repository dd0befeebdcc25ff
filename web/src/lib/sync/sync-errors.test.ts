import { makeProblem } from '@bedside/shared';
import { describe, expect, it } from 'vitest';
import { ApiError, NetworkError } from '$lib/api/client';
import { classifySyncFailure } from './sync-errors';

describe('classifySyncFailure', () => {
  it('stops on an ended session and retries everything else', () => {
    const kind = (error: unknown) => classifySyncFailure(error).kind;
    expect(kind(new ApiError(401, makeProblem('unauthenticated', 401, 'Sign in')))).toBe(
      'signed-out',
    );
    expect(kind(new NetworkError(new TypeError('fetch failed')))).toBe('retry');
    expect(kind(new ApiError(503, makeProblem('internal', 503, 'Down')))).toBe('retry');
    expect(kind(new ApiError(429, makeProblem('rate-limited', 429, 'Slow down')))).toBe('retry');
    expect(kind(new Error('bug'))).toBe('retry');
  });

  it('stops for a deactivated account, keeping everything, and says so', () => {
    const failure = classifySyncFailure(
      new ApiError(401, makeProblem('account-deactivated', 401, 'Your account was deactivated.')),
    );
    expect(failure).toEqual({
      kind: 'deactivated',
      message: 'Your account was deactivated by the clinic. Changes stay on this device.',
    });
  });

  it('says what happened in a plain sentence', () => {
    const outdated = new ApiError(409, makeProblem('schema-version', 409, 'Old app'));
    expect(classifySyncFailure(outdated).message).toBe(
      'This version of Bedside is out of date. Reload to update it.',
    );
  });
});
