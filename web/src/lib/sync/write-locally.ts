import type { ActionFailure, ActionResult } from '$lib/api/action-result';
import { db, type BedsideDatabase } from '$lib/db/database';
import { afterLocalWrite } from './local-write';
import { localWriteTables } from './views';

/** What an action's write did: queued a change, found nothing to do, or refused. */
export type WriteOutcome = 'queued' | 'unchanged' | ActionFailure;

/**
 * Runs an action's reads and writes in ONE transaction over the local tables (views, server
 * copies, outbox, meta), so a row and its queued mutation commit together or not at all; after
 * a queued change the sync loop is told.
 */
export async function writeLocally(
  write: (database: BedsideDatabase) => Promise<WriteOutcome>,
): Promise<ActionResult> {
  const database = db;
  // An async function: Dexie follows native awaits inside it only then.
  const outcome = await database.transaction('rw', localWriteTables(database), async () =>
    write(database),
  );
  if (outcome === 'queued') afterLocalWrite();
  return typeof outcome === 'string' ? { ok: true } : outcome;
}
