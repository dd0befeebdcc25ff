import type { SyncTables } from '@bedside/shared';
import type { Table } from 'dexie';
import type { BedsideDatabase, ServerRow, SyncedTableName, ViewRows } from '$lib/db/database';
import { toPatientRow } from '$lib/patients/search-index';
import { rebuildTemplateVersionViews } from '$lib/templates/template-versions-view';
import { pendingByEntity } from './outbox';
import { photoIdsOfRecords, photosSavedWithRecords } from './photo-links';
import { replay } from './view-rules';

export const syncedTableNames = [
  'patients',
  'templates',
  'templateVersions',
  'records',
  'addenda',
  'photos',
] as const satisfies readonly SyncedTableName[];

/** What a view needs to know beyond the row and its own changes. */
type ViewContext = {
  /** Photos a queued record change lists: committed on the device as on the server. */
  savedWithRecords: ReadonlySet<string>;
};

/** What is stored as the view of a row: patients add what search needs, the rest store as is. */
const storedView: {
  [T in SyncedTableName]: (row: SyncTables[T], context: ViewContext) => ViewRows[T];
} = {
  patients: toPatientRow,
  templates: (row) => row,
  templateVersions: (row) => row,
  records: (row) => row,
  addenda: (row) => row,
  photos: (row, { savedWithRecords }) =>
    row.status === 'pending' && savedWithRecords.has(row.id)
      ? { ...row, status: 'committed' }
      : row,
};

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
 * changes and meta (the seq). One transaction over them keeps a row and its mutation together.
 */
export function localWriteTables(database: BedsideDatabase) {
  return [
    ...syncedTableNames.map((table) => viewTable(database, table)),
    database.serverRows,
    database.outbox,
    database.rejected,
    database.meta,
  ];
}

export type ServerCopy<T extends SyncedTableName> = Extract<ServerRow, { table: T }>;

/** The last copy of a row the server sent, if any. */
export async function getServerCopy<T extends SyncedTableName>(
  database: BedsideDatabase,
  table: T,
  id: string,
): Promise<ServerCopy<T> | undefined> {
  // Stored under [table, id]: what is there is a copy of a `table` row.
  return (await database.serverRows.get([table, id])) as ServerCopy<T> | undefined;
}

/** How a server row of `table` is stored as its server copy. */
export function serverCopyOf<T extends SyncedTableName>(table: T, row: SyncTables[T]): ServerRow {
  // `row` belongs to `table`, which is what the union member for `table` says.
  return { table, id: row.id, version: row.version, row } as ServerRow;
}

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
 * Recomputes the stored view of these rows: the server copy (or `serverRows`, when the caller
 * has just fetched them) with this device's queued and rejected changes replayed on top, so
 * local edits never disappear. A row nothing is left of (a discarded create) is removed. A
 * template also brings its versions in line, and a record the photos it lists (or listed).
 * Call inside a transaction over `localWriteTables(database)`.
 */
export async function rebuildViews<T extends SyncedTableName>(
  database: BedsideDatabase,
  table: T,
  ids: Iterable<string>,
  serverRows?: ReadonlyMap<string, SyncTables[T]>,
): Promise<void> {
  const unique = [...new Set(ids)];
  if (unique.length === 0) return;
  const [servers, pending, savedWithRecords] = await Promise.all([
    serverRows ?? serverRowsOf(database, table, unique),
    pendingByEntity(database, unique),
    table === 'photos' ? photosSavedWithRecords(database, unique) : new Set<string>(),
  ]);
  const context: ViewContext = { savedWithRecords };

  const views: ViewRows[T][] = [];
  const gone: string[] = [];
  for (const id of unique) {
    const row = replay(table, servers.get(id), pending.get(id) ?? [], database.owner);
    if (row) views.push(storedView[table](row, context));
    else gone.push(id);
  }
  const target = viewTable(database, table);
  // A record's photos before and after: one it no longer lists may be pending again.
  const before = table === 'records' ? await database.records.bulkGet(unique) : [];
  await target.bulkPut(views);
  if (gone.length > 0) await target.bulkDelete(gone);
  if (table === 'templates') await rebuildTemplateVersionViews(database, unique, pending);
  if (table === 'records') {
    const after = await database.records.bulkGet(unique);
    const photoIds = photoIdsOfRecords([...before, ...after]);
    if (photoIds.length > 0) await rebuildViews(database, 'photos', photoIds);
  }
}
