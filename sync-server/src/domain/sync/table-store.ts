import type { EntityTableName, SyncTableName, SyncTables } from '@bedside/shared';
import type { PhiKeys } from '../../phi/phi-keys.ts';
import type { ChangePage } from '../../storage/change-page.ts';
import type { Db } from '../../storage/db.ts';
import type { Write, WriteStamp } from '../../storage/write.ts';

/** A row a batch rewrites: as stored before it, and as the batch leaves it. */
export type RowChange<Row> = { stored: Row; final: Row };

/** How a pull reads one synced table. */
export type PullSource<T extends SyncTableName> = {
  /** The table's SQL name. */
  sqlTable: string;
  /** A page of the clinic's rows changed after the page's cursor, in change order, PHI opened. */
  selectChangedSince(db: Db, page: ChangePage, phi: PhiKeys): Promise<SyncTables[T][]>;
};

/**
 * How a push reads and writes one synced table. Rows are read by id in ANY clinic (the rules tell
 * the clinic's own from others'); writes touch only the stamp's clinic.
 */
export type TableStore<T extends EntityTableName> = PullSource<T> & {
  /** Whether its rows are patient data, whose every read is audited (templates are not). */
  holdsPatientData: boolean;
  /** Rows by id in any clinic, each one's PHI opened with its own clinic's key. */
  selectByIds(db: Db, ids: string[], phi: PhiKeys): Promise<SyncTables[T][]>;
  /**
   * Rows new to the server: the batch checked under the clinic's lock that the ids are free.
   * Writes seal the rows' PHI with the stamp's cipher.
   */
  insert(stamp: WriteStamp, rows: SyncTables[T][]): Write;
  /** New states of stored rows. */
  update(stamp: WriteStamp, rows: SyncTables[T][]): Write;
  /** The clinic's live rows holding these values under a unique key. */
  selectHolders?(
    db: Db,
    clinicId: string,
    key: string,
    values: string[],
  ): Promise<{ id: string; value: string }[]>;
  /** Runs before the batch's one statement, for what that statement cannot do in any order. */
  beforeWrites?(db: Db, clinicId: string, changes: RowChange<SyncTables[T]>[]): Promise<void>;
};

/** For tables whose rows are written once (versions, addenda): an update is a bug. */
export function neverUpdated(table: string) {
  return () => {
    throw new Error(`rows of ${table} never change once written`);
  };
}
