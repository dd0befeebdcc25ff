import {
  entityTables,
  LoadedState,
  tableOfMutation,
  WorkingState,
  type SyncTables,
} from '@bedside/shared';
import type { Table } from 'dexie';
import type { BedsideDatabase, SyncedTableName, ViewRows } from '$lib/db/database';
import { pendingByEntity } from './outbox';
import { replayLocalMutations } from './local-replay';
import { serverRowsFromViews } from './server-copies';
import { tableHooks } from './table-hooks';

/** The synced tables this device keeps a view of: the registry's, rows after those they point at. */
export const syncedTableNames: readonly SyncedTableName[] = entityTables;

/** What is stored as the views of these rows: the table's hook says, or the rows as they are. */
async function storedViews<T extends SyncedTableName>(
  database: BedsideDatabase,
  table: T,
  rows: SyncTables[T][],
): Promise<ViewRows[T][]> {
  const hook = tableHooks[table].storedViews;
  // `TableHooks` requires the hook of every table whose view rows are not its rows.
  return hook ? hook(database, rows) : (rows as unknown as ViewRows[T][]);
}

/** The view table of `table`. */
export function viewTable<T extends SyncedTableName>(
  database: BedsideDatabase,
  table: T,
): Table<ViewRows[T], string> {
  // Each view table is declared on the database under its own name with its own row type.
  return database[table] as unknown as Table<ViewRows[T], string>;
}

/**
 * Every table a local write or a sync step may touch: views, server copies, outbox, rejected
 * changes and meta (the seq), and the clinic's users (a rule asks whether a clinician is a
 * member). One transaction over them keeps a row and its mutation together.
 */
export function localWriteTables(database: BedsideDatabase) {
  return [
    ...syncedTableNames.map((table) => viewTable(database, table)),
    database.serverRows,
    database.outbox,
    database.rejected,
    database.meta,
    database.users,
  ];
}

// Kept importable from here, beside the views they stand behind.
export { getServerCopy, serverCopyOf, type ServerCopy } from './server-copies';

async function serverRowsOf<T extends SyncedTableName>(
  database: BedsideDatabase,
  table: T,
  ids: readonly string[],
): Promise<Map<string, SyncTables[T]>> {
  const copies = await database.serverRows.bulkGet(ids.map((id) => [table, id]));
  const rows = new Map<string, SyncTables[T]>();
  // Stored under [table, id]: each copy found is a `table` row.
  for (const copy of copies) if (copy) rows.set(copy.id, copy.row as SyncTables[T]);
  return rows;
}

/**
 * A row as the device shows it: its version and change number are the server copy's (0 for a
 * row the server has not seen), which local changes sit on until the server numbers them.
 */
function onServerVersion<Row extends SyncTables[SyncedTableName]>(row: Row, server?: Row): Row {
  return { ...row, version: server?.version ?? 0, changeSeq: server?.changeSeq ?? 0 };
}

/** The views of some rows of one table, worked out and not stored yet (see `storeViews`). */
export type ReplayedViews<T extends SyncedTableName = SyncedTableName> = {
  table: T;
  ids: string[];
  views: ViewRows[T][];
  /** Rows nothing is left of (a discarded create). */
  gone: string[];
  /** Everything the replay wrote, side writes of other tables included. */
  replay: WorkingState;
};

/**
 * The view of these rows: the server copy (or `serverRows`, when the caller has just fetched
 * them) with this device's queued and rejected changes replayed on top through the shared rules
 * (`replayLocalMutations`), so local edits never disappear. A row that keeps no server copy
 * (nothing pending) is its own base: its view is the server's row.
 */
export async function replayViews<T extends SyncedTableName>(
  database: BedsideDatabase,
  table: T,
  ids: Iterable<string>,
  serverRows?: ReadonlyMap<string, SyncTables[T]>,
): Promise<ReplayedViews<T>> {
  const unique = [...new Set(ids)];
  const [servers, pending] = await Promise.all([
    serverRows ? new Map(serverRows) : serverRowsOf(database, table, unique),
    pendingByEntity(database, unique),
  ]);
  const uncopied = unique.filter((id) => !servers.has(id) && !pending.has(id));
  for (const [id, row] of await serverRowsFromViews(database, table, uncopied))
    servers.set(id, row);
  const replayed = await replayLocalMutations(
    database,
    table,
    servers,
    unique,
    [...pending.values()].flat(),
  );

  const rows: SyncTables[T][] = [];
  const gone: string[] = [];
  for (const id of unique) {
    const row = replayed.rows.get(id);
    if (row) rows.push(onServerVersion(row, servers.get(id)));
    else gone.push(id);
  }
  const views = await storedViews(database, table, rows);
  return { table, ids: unique, views, gone, replay: replayed.state };
}

/**
 * Stores views `replayViews` worked out, then lets the table's hook rebuild what depends on
 * them (`viewsStored`). Call inside a transaction over `localWriteTables(database)`.
 */
export async function storeViews<T extends SyncedTableName>(
  database: BedsideDatabase,
  { table, ids, views, gone, replay }: ReplayedViews<T>,
): Promise<void> {
  const target = viewTable(database, table);
  const { viewsStored } = tableHooks[table];
  const before = viewsStored ? await target.bulkGet(ids) : [];
  await target.bulkPut(views);
  if (gone.length > 0) await target.bulkDelete(gone);
  if (!viewsStored) return;
  const after = await target.bulkGet(ids);
  await viewsStored(database, {
    ids,
    before,
    after,
    replay,
    rebuild: (other, otherIds) => rebuildViews(database, other, otherIds),
  });
}

/**
 * Stores pulled rows of a table with a `serverRowView` hook that have nothing pending: their
 * views straight from the rows (one `bulkPut`, no replay) and no server copy, an older one
 * dropped. `before` holds each row's stored view, in the order of `rows`. Call inside a
 * transaction over `localWriteTables(database)`.
 */
export async function storeServerRowViews<T extends SyncedTableName>(
  database: BedsideDatabase,
  table: T,
  rows: readonly SyncTables[T][],
  before: readonly (ViewRows[T] | undefined)[],
): Promise<void> {
  const { serverRowView, viewsStored } = tableHooks[table];
  if (!serverRowView) throw new Error(`${table} keeps a server copy of every row.`);
  const views = rows.map((row) => serverRowView.toView(row));
  await viewTable(database, table).bulkPut(views);
  // Only a row stored before can have a copy (kept while it had changes pending).
  const copied = rows.filter((_, index) => before[index] !== undefined);
  if (copied.length > 0) await database.serverRows.bulkDelete(copied.map((row) => [table, row.id]));
  await viewsStored?.(database, {
    ids: rows.map((row) => row.id),
    before,
    after: views,
    replay: new WorkingState(new LoadedState(), 'this-device'),
    rebuild: (other, otherIds) => rebuildViews(database, other, otherIds),
  });
}

/**
 * Recomputes the stored view of these rows (`replayViews`, then `storeViews`). Call inside a
 * transaction over `localWriteTables(database)`.
 */
export async function rebuildViews<T extends SyncedTableName>(
  database: BedsideDatabase,
  table: T,
  ids: Iterable<string>,
  serverRows?: ReadonlyMap<string, SyncTables[T]>,
): Promise<void> {
  const replayed = await replayViews(database, table, ids, serverRows);
  if (replayed.ids.length > 0) await storeViews(database, replayed);
}

/**
 * The rows this device has changes pending for (queued or rejected), table by table in the
 * registry's order, so a row comes after the rows it points at.
 */
export async function pendingRows(
  database: BedsideDatabase,
): Promise<{ table: SyncedTableName; ids: Set<string> }[]> {
  const [queued, rejected] = await Promise.all([
    database.outbox.toArray(),
    database.rejected.toArray(),
  ]);
  const idsByTable = new Map<SyncedTableName, Set<string>>();
  for (const mutation of [...queued, ...rejected]) {
    const table = tableOfMutation(mutation.name);
    idsByTable.set(table, (idsByTable.get(table) ?? new Set()).add(mutation.entityId));
  }
  return syncedTableNames.flatMap((table) => {
    const ids = idsByTable.get(table);
    return ids ? [{ table, ids }] : [];
  });
}

/**
 * Rebuilds the view of every row this device has changes pending for. The shared rules read
 * the rows those point at, so a pull that brings them changes what the replay gives. Call inside a transaction over
 * `localWriteTables(database)`.
 */
export async function rebuildPendingViews(database: BedsideDatabase): Promise<void> {
  for (const { table, ids } of await pendingRows(database))
    await rebuildViews(database, table, ids);
}
