import type { DatabaseOwner } from '$lib/db/database';
import type { PullSummary } from './pull';
import type { WireError } from './wire-error';

/** What the page asks the pull worker. */
export type ToPullWorker = { type: 'pull'; id: number; owner: DatabaseOwner };

/**
 * What the pull worker answers: `progress` after each page of a longer pull, one `pulled` or
 * `failed` per `pull`, each with whether the
 * server was reachable at the end, and `reachability` as it changes meanwhile.
 */
export type FromPullWorker =
  | { type: 'pulled'; id: number; summary: PullSummary; reached: boolean }
  | { type: 'failed'; id: number; error: WireError; reached: boolean }
  /** A page of a pull of several was stored: how far it has come. */
  | { type: 'progress'; id: number; soFar: PullSummary; reached: boolean }
  | { type: 'reachability'; reached: boolean };
