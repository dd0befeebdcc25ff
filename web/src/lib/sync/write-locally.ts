import type { ActionFailure, ActionResult } from '$lib/api/action-result';
import { db, type BedsideDatabase } from '$lib/db/database';
import { afterLocalWrite, type WritePace } from './local-write';
import { localWriteTables } from './views';

/** What an action's write did: queued a change, found nothing to do, or refused. */
export type WriteOutcome = 'queued' | 'unchanged' | ActionFailure;

/**
 * Runs an action's reads and writes in ONE transaction over the local tables (views, server
 * copies, outbox, meta), so a row and its queued mutation commit together or not at all; after
 * a queued change the sync loop is told (`pace`: see `afterLocalWrite`).
 */
export async function writeLocally(
  write: (database: BedsideDatabase) => Promise<WriteOutcome>,
  pace: WritePace = {},
): Promise<ActionResult> {
  const database = db;
  // An async function: Dexie follows native awaits inside it only then.
  const outcome = await database.transaction('rw', localWriteTables(database), async () =>
    write(database),
  );
  if (outcome === 'queued') afterLocalWrite(pace);
  return typeof outcome === 'string' ? { ok: true } : outcome;
}

/**
 * `writeLocally` for an autosave while someone types: the push waits for a pause, so a burst of
 * typing goes out as one mutation.
 *
 * @example writeLocallyWhileTyping((database) => queueAnswers(database, record, changes))
 */
export function writeLocallyWhileTyping(
  write: (database: BedsideDatabase) => Promise<WriteOutcome>,
): Promise<ActionResult> {
  return writeLocally(write, { typing: true });
}
