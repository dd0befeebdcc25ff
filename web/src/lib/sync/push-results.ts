import {
  tableOfMutation,
  type MutationResult,
  type Overwrite,
  type PushResponse,
  type SyncTables,
} from '@bedside/shared';
import type { BedsideDatabase, OutboxEntry, SyncedTableName } from '$lib/db/database';
import { replayLocalMutations } from './local-replay';
import { tableHooks } from './table-hooks';
import { getServerCopy, localWriteTables, rebuildViews, serverCopyOf } from './views';

export type PushOutcome = { processed: number; rejected: number; overwrites: Overwrite[] };

/**
 * Records the server's answer to one push batch in ONE transaction: processed mutations leave
 * the outbox (their server row, when sent, replaces the server copy), rejected ones move to
 * `rejected` with the reason. Nothing is dropped that the server did not process.
 */
export async function applyPushResults(
  database: BedsideDatabase,
  sent: readonly OutboxEntry[],
  response: PushResponse,
): Promise<PushOutcome> {
  const sentBySeq = new Map(sent.map((entry) => [entry.seq, entry]));
  const outcome: PushOutcome = { processed: 0, rejected: 0, overwrites: [] };
  await database.transaction('rw', localWriteTables(database), async () => {
    const touched = new Map<SyncedTableName, Set<string>>();
    const touch = (entry: OutboxEntry) => {
      const table = tableOfMutation(entry.name);
      touched.set(table, (touched.get(table) ?? new Set()).add(entry.entityId));
    };

    for (const result of response.results) {
      const sentEntry = sentBySeq.get(result.seq);
      const current = await database.outbox.get(result.seq);
      // Already recorded (another context pushed the same batch) or never ours. A sent entry is
      // never rewritten (edits queue behind it), so the one stored is the one sent.
      if (!sentEntry || !current || sentEntry.id !== result.id || current.id !== result.id)
        continue;
      outcome.processed++;
      await database.outbox.delete(current.seq);

      if (result.status === 'rejected') {
        outcome.rejected++;
        const { clientId: _clientId, sentAt: _sentAt, ...mutation } = current;
        await database.rejected.put({
          ...mutation,
          problem: result.problem ?? {
            type: 'about:blank',
            title: 'The server refused this change.',
            status: 422,
          },
          rejectedAt: new Date().toISOString(),
        });
        touch(current);
        continue;
      }

      // A duplicate was processed by an earlier push whose answer got lost: its outcome is
      // unknown here, so the view keeps the change until the pull that follows brings the row.
      if (result.status !== 'duplicate' || result.row) {
        await recordServerCopy(database, result, sentEntry);
        touch(current);
      }
      if (result.status === 'conflict') outcome.overwrites.push(...(result.overwrites ?? []));
      await rebaseQueuedUpdates(database, sentEntry, result, sentBySeq);
    }

    for (const [table, ids] of touched) await rebuildViews(database, table, ids);
  });
  return outcome;
}

/**
 * The user saved the row again while this mutation was in flight, so the queued update sits on
 * the same old version. If the server's new version is the very next one, nobody else wrote in
 * between: the queued update really sits on it, and sending the old base would make the server
 * record a conflict between this device and itself.
 */
async function rebaseQueuedUpdates(
  database: BedsideDatabase,
  sentEntry: OutboxEntry,
  result: MutationResult,
  inThisBatch: ReadonlyMap<number, OutboxEntry>,
): Promise<void> {
  const sentBase = baseVersionOf(sentEntry);
  const newVersion = result.row?.['version'];
  if (sentBase === undefined || newVersion !== sentBase + 1) return;
  const queued = await database.outbox.where('entityId').equals(sentEntry.entityId).toArray();
  const stale = queued.filter(
    (entry) =>
      entry.args['baseVersion'] === sentBase &&
      // Already on its way with the old base: changing it here changes nothing.
      inThisBatch.get(entry.seq)?.id !== entry.id,
  );
  await database.outbox.bulkPut(
    stale.map((entry) => ({ ...entry, args: { ...entry.args, baseVersion: newVersion } })),
  );
}

/** The server version a create, update or publish was written against (a create: none, 0). */
function baseVersionOf(entry: OutboxEntry): number | undefined {
  if (entry.name.endsWith('.create')) return 0;
  const base = entry.args['baseVersion'];
  return typeof base === 'number' ? base : undefined;
}

/**
 * The server copy after a processed mutation: the row the server sent, or else the mutation
 * applied to the copy we had (the pull that follows every push brings the exact row). Without
 * this, dropping the mutation from the outbox would hide the change until that pull.
 */
async function recordServerCopy(
  database: BedsideDatabase,
  result: MutationResult,
  sentEntry: OutboxEntry,
): Promise<void> {
  const table = tableOfMutation(sentEntry.name);
  await storeServerCopy(database, table, result, sentEntry);
  await tableHooks[table].serverCopyStored?.(database, sentEntry);
}

async function storeServerCopy<T extends SyncedTableName>(
  database: BedsideDatabase,
  table: T,
  result: MutationResult,
  sentEntry: OutboxEntry,
): Promise<void> {
  const id = sentEntry.entityId;
  if (result.row && result.table === table && result.row['id'] === id) {
    // The server says this is a row of `table`.
    await database.serverRows.put(serverCopyOf(table, result.row as SyncTables[T]));
    return;
  }
  const known = await getServerCopy(database, table, id);
  const knownRow = known?.row as SyncTables[T] | undefined;
  const base = new Map(knownRow ? [[id, knownRow]] : []);
  const { rows } = await replayLocalMutations(database, table, base, [id], [sentEntry]);
  const assumed = rows.get(id);
  if (!assumed || assumed === knownRow) return;
  // The server's next version; its change number comes with the pull.
  await database.serverRows.put(
    serverCopyOf(table, { ...assumed, changeSeq: knownRow?.changeSeq ?? 0 }),
  );
}
