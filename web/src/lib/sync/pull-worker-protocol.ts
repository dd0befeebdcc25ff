import type { DatabaseOwner } from '$lib/db/database';
import type { PullSummary } from './pull';
import type { WireError } from './wire-error';

/** What the page asks the pull worker. */
export type ToPullWorker = { type: 'pull'; id: number; owner: DatabaseOwner };

/**
 * What the pull worker answers: one `pulled` or `failed` per `pull`, each with whether the
 * server was reachable at the end, and `reachability` as it changes meanwhile.
 */
export type FromPullWorker =
  | { type: 'pulled'; id: number; summary: PullSummary; reached: boolean }
  | { type: 'failed'; id: number; error: WireError; reached: boolean }
  | { type: 'reachability'; reached: boolean };
