import {
  SCHEMA_VERSION,
  type Overwrite,
  type PushRequest,
  type PushResponse,
} from '@bedside/shared';
import { apiFetch, ApiError, hasProblemCode } from '$lib/api/client';
import type { BedsideDatabase, OutboxEntry } from '$lib/db/database';
import { applyPushResults } from './push-results';
import { renumberOutbox, unsentChangesHeaders } from './outbox';

/** Mutations per request; the server takes up to 1000, smaller batches keep requests short. */
export const PUSH_BATCH_SIZE = 500;

export type PushSummary = { sent: number; rejected: number; overwrites: Overwrite[] };

/**
 * Sends the whole outbox in seq order, batch by batch, and records each result. Throws the
 * API or network error that stopped it; whatever was not answered stays queued. Platform-free:
 * the page's sync engine and the service worker's Background Sync both run it, under the push
 * lock (`withPushLock`), so two of them never send the same seqs at once.
 */
export async function pushOutbox(database: BedsideDatabase): Promise<PushSummary> {
  const summary: PushSummary = { sent: 0, rejected: 0, overwrites: [] };
  let batchSize = PUSH_BATCH_SIZE;
  let gapRepairs = 0;

  for (;;) {
    const batch = await takeBatch(database, batchSize);
    const first = batch[0];
    if (!first) return summary;

    const request = {
      clientId: first.clientId,
      schemaVersion: SCHEMA_VERSION,
      mutations: batch.map(({ id, seq, name, args }) => ({ id, seq, name, args })),
    } satisfies PushRequest;

    let response: PushResponse;
    try {
      response = await apiFetch<PushResponse>('/api/sync/push', {
        method: 'POST',
        json: request,
        headers: await unsentChangesHeaders(database),
      });
    } catch (error) {
      const lastSeq = seqGapLastSeq(error);
      // The server lost track of mutations we no longer hold (or never had them): number the
      // queue on from what it has. Twice in a row would mean it is not a gap we can close.
      if (lastSeq !== undefined && gapRepairs < 2) {
        gapRepairs++;
        // Dexie needs an async scope to follow native awaits inside the transaction.
        await database.transaction('rw', database.outbox, database.meta, async () => {
          await renumberOutbox(database, lastSeq + 1);
        });
        continue;
      }
      if (error instanceof ApiError && error.status === 413 && batchSize > 1) {
        batchSize = Math.ceil(batchSize / 2);
        continue;
      }
      throw error;
    }

    gapRepairs = 0;
    const outcome = await applyPushResults(database, batch, response);
    summary.sent += outcome.processed;
    summary.rejected += outcome.rejected;
    summary.overwrites.push(...outcome.overwrites);
    if (outcome.processed === 0)
      throw new Error('The server answered a push without processing any change.');
  }
}

/**
 * The next batch, marked as sent in the same transaction, before the request goes out: the
 * server may commit it even if its answer never comes back, so from here on an edit must not
 * be merged into these entries (it would be lost), only queued behind them.
 */
async function takeBatch(database: BedsideDatabase, size: number): Promise<OutboxEntry[]> {
  return database.transaction('rw', database.outbox, async () => {
    const batch = await database.outbox.orderBy('seq').limit(size).toArray();
    const sentAt = new Date().toISOString();
    const unmarked = batch.filter((entry) => entry.sentAt === undefined);
    await database.outbox.bulkPut(unmarked.map((entry) => ({ ...entry, sentAt })));
    return batch;
  });
}

function seqGapLastSeq(error: unknown): number | undefined {
  if (!(error instanceof ApiError) || error.status !== 409 || !hasProblemCode(error, 'seq-gap'))
    return undefined;
  const lastSeq = error.problem['lastSeq'];
  return typeof lastSeq === 'number' && Number.isInteger(lastSeq) && lastSeq >= 0
    ? lastSeq
    : undefined;
}

/**
 * Runs `push` while holding the browser-wide push lock (tabs and the service worker share it),
 * or directly where Web Locks do not exist.
 */
export async function withPushLock<T>(push: () => Promise<T>): Promise<T> {
  const locks = typeof navigator === 'undefined' ? undefined : navigator.locks;
  if (!locks) return push();
  return locks.request('bedside-push', push);
}
