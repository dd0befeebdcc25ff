import type { SyncTables } from '@bedside/shared';
import type { Table } from 'dexie';
import type { BedsideDatabase, ServerRow, SyncedTableName, ViewRows } from '$lib/db/database';
import { tableHooks } from './table-hooks';

/**
 * The last rows the server sent, as this device keeps them. A row with changes pending (queued
 * or rejected) keeps a server copy in `serverRows`, the base those changes are replayed onto. A
 * row of a table with a `serverRowView` hook and nothing pending keeps none: its view is the
 * server's row (`toServerRow` takes it back out), so a pull of 50,000 patients stores each once.
 * A row gets its copy when a local change of it is first queued (`keepServerCopy`).
 */

export type ServerCopy<T extends SyncedTableName> = Extract<ServerRow, { table: T }>;

/** How a server row of `table` is stored as its server copy. */
export function serverCopyOf<T extends SyncedTableName>(table: T, row: SyncTables[T]): ServerRow {
  // `row` belongs to `table`, which is what the union member for `table` says.
  return { table, id: row.id, version: row.version, row } as ServerRow;
}

function viewsOf<T extends SyncedTableName>(
  database: BedsideDatabase,
  table: T,
): Table<ViewRows[T], string> {
  // Each view table is declared on the database under its own name with its own row type.
  return database[table] as unknown as Table<ViewRows[T], string>;
}

/** The ids of every row this device has changes pending for (queued or rejected). */
export async function pendingEntityIds(database: BedsideDatabase): Promise<Set<string>> {
  const [queued, rejected] = await Promise.all([
    database.outbox.orderBy('entityId').uniqueKeys(),
    database.rejected.orderBy('entityId').uniqueKeys(),
  ]);
  return new Set([...queued, ...rejected].map(String));
}

async function hasPending(database: BedsideDatabase, id: string): Promise<boolean> {
  const [queued, rejected] = await Promise.all([
    database.outbox.where('entityId').equals(id).count(),
    database.rejected.where('entityId').equals(id).count(),
  ]);
  return queued + rejected > 0;
}

/**
 * The server's rows read back from the views of rows that keep no server copy. Only for rows
 * with nothing pending (their view is the server's row); a view the server has not numbered
 * (version 0, a local create) is no server row.
 */
export async function serverRowsFromViews<T extends SyncedTableName>(
  database: BedsideDatabase,
  table: T,
  ids: readonly string[],
): Promise<Map<string, SyncTables[T]>> {
  const rows = new Map<string, SyncTables[T]>();
  const hook = tableHooks[table].serverRowView;
  if (!hook || ids.length === 0) return rows;
  const views = await viewsOf(database, table).bulkGet([...ids]);
  for (const view of views) if (view && view.version > 0) rows.set(view.id, hook.toServerRow(view));
  return rows;
}

/**
 * The last copy of a row the server sent, if any: the stored server copy, or for a row that
 * keeps none (nothing pending) its view.
 *
 * @example const server = await getServerCopy(database, 'records', id); // baseVersion: server?.version
 */
export async function getServerCopy<T extends SyncedTableName>(
  database: BedsideDatabase,
  table: T,
  id: string,
): Promise<ServerCopy<T> | undefined> {
  // Stored under [table, id]: what is there is a copy of a `table` row.
  const stored = (await database.serverRows.get([table, id])) as ServerCopy<T> | undefined;
  if (stored || !tableHooks[table].serverRowView || (await hasPending(database, id))) return stored;
  const row = (await serverRowsFromViews(database, table, [id])).get(id);
  return row && (serverCopyOf(table, row) as ServerCopy<T>);
}

/**
 * Before a local change of a row is queued: a row that keeps no server copy gets one from its
 * view, while that view is still the server's row. The change is then replayed onto it, and
 * conflicts, push results and discarding a refused change find it as for any other row. Call
 * inside the action's transaction (views, `serverRows`, `outbox`, `rejected`).
 */
export async function keepServerCopy<T extends SyncedTableName>(
  database: BedsideDatabase,
  table: T,
  id: string,
): Promise<void> {
  const hook = tableHooks[table].serverRowView;
  if (!hook) return;
  // A create's row has no view yet: nothing to keep, and one read to say so.
  const view = await viewsOf(database, table).get(id);
  if (!view || view.version === 0) return;
  if (await database.serverRows.get([table, id])) return;
  if (await hasPending(database, id)) return;
  await database.serverRows.put(serverCopyOf(table, hook.toServerRow(view)));
}
