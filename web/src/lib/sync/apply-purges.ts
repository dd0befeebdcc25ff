import type { Purge } from '@bedside/shared';
import type { BedsideDatabase, SyncedTableName } from '$lib/db/database';
import { pendingEntityIds } from './server-copies';
import { tableHooks } from './table-hooks';
import { syncedTableNames, viewTable } from './views';

/** What `applyPurges` writes besides `localWriteTables`: conflicts, and what the hooks keep. */
export function purgeTables(database: BedsideDatabase) {
  return [
    database.conflicts,
    ...syncedTableNames.flatMap((table) => tableHooks[table].purge?.tables(database) ?? []),
  ];
}

/**
 * Forgets rows the server deleted for good (`purges`, each naming one row by table and id; the
 * server lists every row that went with a purged one, so nothing is worked out here): their
 * views, server copies and conflicts, and what the table's `purge` hook keeps beside them
 * (bytes, an upload). A row with changes the server has not accepted (queued or refused) keeps them,
 * and everything they need: it loses only its server copy. Call `rebuildPendingViews` after,
 * in the same transaction: such a row then shows as its changes alone make it (an unsent
 * create as it was made; an edit alone, as nothing: the row it changed is gone), and changes that point at a purged row
 * are decided again. Returns whether anything was purged. Call inside a transaction over
 * `localWriteTables(database)` and `purgeTables(database)`.
 *
 * @example
 * if (await applyPurges(database, page.changes.purges ?? [])) await rebuildPendingViews(database);
 */
export async function applyPurges(
  database: BedsideDatabase,
  purges: readonly Purge[],
): Promise<boolean> {
  if (purges.length === 0) return false;
  const pending = await pendingEntityIds(database);
  const idsByTable = new Map<string, string[]>();
  for (const { entity, id } of purges) {
    const ids = idsByTable.get(entity);
    if (ids) ids.push(id);
    else idsByTable.set(entity, [id]);
  }
  for (const table of syncedTableNames) {
    const ids = idsByTable.get(table);
    if (ids) await forgetRows(database, table, ids, pending);
  }
  await database.conflicts
    .where('rowId')
    .anyOf(purges.map((purge) => purge.id))
    .delete();
  return true;
}

async function forgetRows(
  database: BedsideDatabase,
  table: SyncedTableName,
  ids: string[],
  pending: ReadonlySet<string>,
): Promise<void> {
  await database.serverRows.bulkDelete(ids.map((id): [string, string] => [table, id]));
  const forgotten = ids.filter((id) => !pending.has(id));
  if (forgotten.length === 0) return;
  await viewTable(database, table).bulkDelete(forgotten);
  await tableHooks[table].purge?.forget(database, forgotten);
}
