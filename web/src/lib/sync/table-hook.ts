import type { SyncTables, WorkingState } from '@bedside/shared';
import type { Table } from 'dexie';
import type {
  BedsideDatabase,
  OutboxEntry,
  RejectedMutation,
  SyncedTableName,
  ViewRows,
} from '$lib/db/database';

/** Views of some rows of one table, just stored by `storeViews`. */
export type StoredViews<T extends SyncedTableName> = {
  ids: readonly string[];
  /** Each row's stored view before and after, in the order of `ids` (undefined: none). */
  before: readonly (ViewRows[T] | undefined)[];
  after: readonly (ViewRows[T] | undefined)[];
  /** Everything the replay of this device's changes wrote, side writes of other tables included. */
  replay: WorkingState;
  /** Recomputes the views of rows of another table (`rebuildViews`, in the same transaction). */
  rebuild: (table: SyncedTableName, ids: readonly string[]) => Promise<void>;
};

/** How a row with nothing pending is its view, both ways (see `TableHooks.serverRowView`). */
export type ServerRowView<T extends SyncedTableName> = {
  toView: (row: SyncTables[T]) => ViewRows[T];
  toServerRow: (view: ViewRows[T]) => SyncTables[T];
};

/** How the rows of a table are stored as its views, all at once (what they need read once). */
type StoredViewsOf<T extends SyncedTableName> = (
  database: BedsideDatabase,
  rows: SyncTables[T][],
) => Promise<ViewRows[T][]>;

/** A table whose view rows are its rows may say how they are stored; any other one must. */
type ViewHook<T extends SyncedTableName> = [SyncTables[T]] extends [ViewRows[T]]
  ? { storedViews?: StoredViewsOf<T> }
  : { storedViews: StoredViewsOf<T> };

/**
 * What a synced table adds to the device's generic sync steps (views, push results, rejected
 * changes). Every hook is optional: a table without one is stored and synced as is. Each entity's
 * folder defines its own; `tableHooks` lists them.
 *
 * @example
 * export const noteHooks: TableHooks<'notes'> = {
 *   viewsStored: (database, { ids, rebuild }) => rebuild('attachments', attachmentsOf(ids)),
 * };
 */
export type TableHooks<T extends SyncedTableName> = ViewHook<T> & {
  /**
   * Present when the view of a row with no change pending is worked out from the server's row
   * alone (no other rows, no outbox). Such rows keep no server copy: a pull stores their views
   * straight away (`toView`, which must agree with `storedViews`), and the server's row is taken
   * back out of the view (`toServerRow`, dropping what `toView` added) when a local change first
   * needs it as its base. Without it, every row of the table keeps a server copy.
   */
  serverRowView?: ServerRowView<T>;
  /**
   * After views of rows of this table were stored: rebuilds what depends on them. Call inside
   * a transaction over `localWriteTables(database)`.
   */
  viewsStored?: (database: BedsideDatabase, stored: StoredViews<T>) => Promise<void>;
  /**
   * After the server copy of a row this mutation wrote was stored (the mutation leaves the
   * outbox): keeps what the mutation made elsewhere until the pull brings the server's rows.
   */
  serverCopyStored?: (database: BedsideDatabase, processed: OutboxEntry) => Promise<void>;
  /** What discarding a rejected change of this table must also undo, and the tables it writes. */
  discard?: {
    tables: (database: BedsideDatabase) => Table[];
    undo: (database: BedsideDatabase, rejected: RejectedMutation) => Promise<void>;
  };
  /**
   * What forgetting purged rows of this table (`applyPurges`) must also remove that the device
   * keeps beside their views, and the tables it writes. Only rows with nothing pending come
   * here: a row with unsent or refused changes keeps what those changes need.
   */
  purge?: {
    tables: (database: BedsideDatabase) => Table[];
    forget: (database: BedsideDatabase, ids: readonly string[]) => Promise<void>;
  };
  /** Where the user fixes a refused change of this table (default: the home page). */
  rejectedChangePath?: (database: BedsideDatabase, rejected: RejectedMutation) => Promise<string>;
};
