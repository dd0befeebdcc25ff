import { ApiError, NetworkError } from '$lib/api/client';
import type { Problem } from '@bedside/shared';

/** An error as it crosses from the pull worker to the page (classes do not survive the trip). */
export type WireError =
  | { kind: 'api'; status: number; problem: Problem }
  | { kind: 'network'; message: string }
  | { kind: 'other'; message: string };

/**
 * Turns an error into plain data a worker can post, and `fromWire` turns it back into the same
 * class, so `classifySyncFailure` reads a worker's failure exactly as one thrown in the page:
 * `fromWire(toWire(new ApiError(401, problem)))` is an ApiError with status 401.
 */
export function toWire(error: unknown): WireError {
  if (error instanceof ApiError)
    return { kind: 'api', status: error.status, problem: error.problem };
  const message = error instanceof Error ? error.message : String(error);
  if (error instanceof NetworkError) {
    const cause: unknown = error.cause;
    return { kind: 'network', message: cause instanceof Error ? cause.message : message };
  }
  return { kind: 'other', message };
}

export function fromWire(wire: WireError): Error {
  if (wire.kind === 'api') return new ApiError(wire.status, wire.problem);
  if (wire.kind === 'network') return new NetworkError(new Error(wire.message));
  return new Error(wire.message);
}
