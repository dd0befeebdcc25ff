import type { Conflict, PullResponse, SyncTables } from '@bedside/shared';
import type { BedsideDatabase, StoredConflict, SyncedTableName, ViewRows } from '$lib/db/database';
import { setMeta } from '$lib/db/meta';
import { applyPurges, purgeTables } from './apply-purges';
import { pullChunks, type PulledRows } from './pull-chunks';
import { pendingEntityIds, serverCopyOf } from './server-copies';
import { tableHooks } from './table-hooks';
import {
  localWriteTables,
  pendingRows,
  rebuildPendingViews,
  rebuildViews,
  replayViews,
  storeServerRowViews,
  storeViews,
  syncedTableNames,
  viewTable,
} from './views';

function pulledTables(database: BedsideDatabase) {
  return [...localWriteTables(database), ...purgeTables(database)];
}

/** Rows stored per transaction: a screen's read or a save waits for one chunk at most. */
const CHUNK_ROWS = 1000;

/**
 * Stores one pull page: the device's view of each row (the server row with this device's
 * unsent and rejected changes replayed on top, over a server copy kept for them, so local edits
 * never disappear on pull; a row with nothing pending is stored once, as its view) and the
 * conflicts to show. A large page goes in chunks of the server's change order, each in its own
 * transaction (`pullChunks`); the last one also stores the conflicts, forgets the purged rows
 * (`applyPurges`) and stores the cursor, so a pull cut short in between fetches the page again
 * and stores the same rows harmlessly.
 */
export async function applyPullPage(database: BedsideDatabase, page: PullResponse): Promise<void> {
  const chunks = pullChunks(page, syncedTableNames, CHUNK_ROWS);
  for (const [index, rows] of chunks.entries()) {
    const last = index === chunks.length - 1;
    await database.transaction('rw', pulledTables(database), async () => {
      for (const table of syncedTableNames) await storeChunkRows(database, table, rows);
      if (!last) return;
      await storeConflicts(database, page.changes.conflicts ?? []);
      // After the rows and conflicts: a purge comes after everything of its row.
      const purged = await applyPurges(database, page.changes.purges ?? []);
      // Pending changes are decided against the rows they point at, which may have just come
      // or gone; a purged row's own changes now stand alone.
      if (purged || syncedTableNames.some((table) => (page.changes[table] ?? []).length > 0))
        await rebuildPendingViews(database);
      await setMeta(database, 'cursor', page.cursor);
    });
  }
}

async function storeConflicts(database: BedsideDatabase, conflicts: Conflict[]): Promise<void> {
  if (conflicts.length === 0) return;
  const known = await database.conflicts.bulkGet(conflicts.map((conflict) => conflict.id));
  await database.conflicts.bulkPut(
    conflicts.map((conflict, index): StoredConflict => ({
      ...conflict,
      seenAt: known[index]?.seenAt ?? null,
    })),
  );
}

/**
 * Stores rows the server answered outside a pull (the photo `complete` sends the uploaded row)
 * as a pull would, so the device shows them at once; an older row than the one stored is
 * ignored, and the next pull brings the same row again harmlessly.
 */
export async function applyServerRows<T extends SyncedTableName>(
  database: BedsideDatabase,
  table: T,
  rows: SyncTables[T][],
): Promise<void> {
  // An async function: Dexie follows native awaits inside it only then.
  await database.transaction('rw', localWriteTables(database), async () =>
    storeRows(database, table, rows),
  );
}

async function storeChunkRows<T extends SyncedTableName>(
  database: BedsideDatabase,
  table: T,
  rows: PulledRows,
): Promise<void> {
  // `rows[table]` holds rows of `table`; the index type is lost on the generic key.
  await storeRows(database, table, (rows[table] ?? []) as SyncTables[T][]);
}

/**
 * Stores pulled rows of one table, leaving out any older than the view stored (a page read
 * before a concurrent push committed can arrive after that push's answer brought the newer
 * version; a view carries its server version). A row with changes pending keeps a server copy
 * and its view is replayed; any other row of a table with a `serverRowView` hook is stored once,
 * as its view.
 */
async function storeRows<T extends SyncedTableName>(
  database: BedsideDatabase,
  table: T,
  pulled: SyncTables[T][],
): Promise<void> {
  if (pulled.length === 0) return;
  const stored = await storedViewsOf(
    database,
    table,
    pulled.map((row) => row.id),
  );
  const rows: SyncTables[T][] = [];
  const before: (ViewRows[T] | undefined)[] = [];
  pulled.forEach((row, index) => {
    if (row.version < (stored[index]?.version ?? 0)) return;
    rows.push(row);
    before.push(stored[index]);
  });
  if (rows.length === 0) return;

  const pending = tableHooks[table].serverRowView ? await pendingEntityIds(database) : undefined;
  const direct = pending ? rows.filter((row) => !pending.has(row.id)) : [];
  if (direct.length > 0)
    await storeServerRowViews(
      database,
      table,
      direct,
      before.filter((_, index) => !pending?.has(rows[index]!.id)),
    );

  const replayed = pending ? rows.filter((row) => pending.has(row.id)) : rows;
  if (replayed.length === 0) return;
  await database.serverRows.bulkPut(replayed.map((row) => serverCopyOf(table, row)));
  await rebuildViews(
    database,
    table,
    replayed.map((row) => row.id),
    new Map(replayed.map((row) => [row.id, row])),
  );
}

/**
 * The stored views of these rows, in their order (undefined where none). Read through the
 * primary key, which steps over ids not stored: a new device's first pull reads nothing at
 * all, where a `bulkGet` asks for each of the page's rows one by one.
 */
async function storedViewsOf<T extends SyncedTableName>(
  database: BedsideDatabase,
  table: T,
  ids: string[],
): Promise<(ViewRows[T] | undefined)[]> {
  const found = await viewTable(database, table).where(':id').anyOf(ids).toArray();
  const byId = new Map(found.map((view) => [view.id, view]));
  return ids.map((id) => byId.get(id));
}

/**
 * Forgets everything the server sent (cursor, server copies, views), keeping the outbox, the
 * rejected changes and the conflicts the user already dismissed; rows with local changes are
 * rebuilt from those changes alone until the next pull brings their server copy back.
 */
export async function forgetServerData(database: BedsideDatabase): Promise<void> {
  await database.transaction('rw', pulledTables(database), async () => {
    await database.meta.delete('cursor');
    await database.serverRows.clear();
    await database.conflicts.filter((conflict) => conflict.seenAt === null).delete();
    // Replayed while the rows they point at are still here, then stored over empty views:
    // until the pull brings those rows back, local changes show as they did.
    const replayed = [];
    for (const { table, ids } of await pendingRows(database))
      replayed.push(await replayViews(database, table, ids));
    for (const table of syncedTableNames) await viewTable(database, table).clear();
    for (const views of replayed) await storeViews(database, views);
  });
}
