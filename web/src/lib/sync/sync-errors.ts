import { ApiError, hasProblemCode, isNetworkError } from '$lib/api/client';

export type SyncFailure =
  /** The session is gone: stop, keep everything, resume after the next sign-in. */
  | { kind: 'signed-out'; message: string }
  /** The clinic deactivated the account: stop, keep everything (it stays on this device). */
  | { kind: 'deactivated'; message: string }
  /** Worth trying again later (offline, server trouble, rate limit, anything unexpected). */
  | { kind: 'retry'; message: string };

/** What a failed sync means for the engine, with the sentence the status panel shows. */
export function classifySyncFailure(error: unknown): SyncFailure {
  if (isNetworkError(error)) {
    return {
      kind: 'retry',
      message: 'The server could not be reached. Changes stay on this device until it can.',
    };
  }
  if (error instanceof ApiError) {
    if (error.status === 401 && hasProblemCode(error, 'account-deactivated')) {
      return {
        kind: 'deactivated',
        message: 'Your account was deactivated by the clinic. Changes stay on this device.',
      };
    }
    if (error.status === 401) {
      return { kind: 'signed-out', message: 'You were signed out. Sign in again to sync.' };
    }
    if (hasProblemCode(error, 'schema-version')) {
      return {
        kind: 'retry',
        message: 'This version of Bedside is out of date. Reload to update it.',
      };
    }
    if (error.status === 429) {
      return { kind: 'retry', message: 'The server is busy. Syncing will try again shortly.' };
    }
    if (error.status >= 500) {
      return {
        kind: 'retry',
        message: 'The server had a problem. Syncing will try again shortly.',
      };
    }
    return {
      kind: 'retry',
      message: `Syncing failed: ${error.problem.detail ?? error.problem.title}`,
    };
  }
  return { kind: 'retry', message: 'Syncing failed unexpectedly. It will try again shortly.' };
}
