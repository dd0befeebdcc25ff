import type { EntityTableName, SyncTables } from '@bedside/shared';
import type { Db } from './db.ts';
import {
  insertPatientsWrite,
  releaseIdentifiers,
  selectIdentifierHolders,
  selectPatientsByIds,
  updatePatientsWrite,
  type WriteStamp,
} from './patient-queries.ts';
import { insertPhotosWrite, selectPhotosByIds, updatePhotosWrite } from './photo-queries.ts';
import {
  insertAddendaWrite,
  insertRecordsWrite,
  selectAddendaByIds,
  selectRecordsByIds,
  updateRecordsWrite,
} from './record-queries.ts';
import {
  insertTemplatesWrite,
  insertTemplateVersionsWrite,
  selectTemplatesByIds,
  selectTemplateVersionsByIds,
  updateTemplatesWrite,
} from './template-queries.ts';
import type { Write } from './write.ts';

/** A row a batch rewrites: as stored before it, and as the batch leaves it. */
export type RowChange<Row> = { stored: Row; final: Row };

/**
 * How a push reads and writes one synced table. Rows are read by id in ANY clinic (the rules tell
 * the clinic's own from others'); writes touch only the stamp's clinic.
 */
export type TableStore<T extends EntityTableName> = {
  selectByIds(db: Db, ids: string[]): Promise<SyncTables[T][]>;
  /** Rows new to the server: the batch checked under the clinic's lock that the ids are free. */
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

function neverUpdated(table: string) {
  return () => {
    throw new Error(`rows of ${table} never change once written`);
  };
}

const patients: TableStore<'patients'> = {
  selectByIds: selectPatientsByIds,
  insert: insertPatientsWrite,
  update: updatePatientsWrite,
  async selectHolders(db, clinicId, _key, values) {
    const holders = await selectIdentifierHolders(db, clinicId, values);
    return holders.map(({ id, identifier }) => ({ id, value: identifier }));
  },
  // Rows that give up or change their identifier free it first: rows that swap identifiers
  // would clash under the unique index in the middle of one statement.
  async beforeWrites(db, clinicId, changes) {
    const held = (row: SyncTables['patients']) => (row.deletedAt ? null : row.identifier);
    const moving = changes
      .filter(({ stored, final }) => held(stored) !== null && held(stored) !== held(final))
      .map(({ final }) => final.id);
    if (moving.length > 0) await releaseIdentifiers(db, clinicId, moving);
  },
};

/** Every synced table's store; TypeScript checks that no entity is missing. */
export const tableStores: { [T in EntityTableName]: TableStore<T> } = {
  patients,
  templateVersions: {
    selectByIds: selectTemplateVersionsByIds,
    insert: (_stamp, rows) => insertTemplateVersionsWrite(rows),
    update: neverUpdated('template versions'),
  },
  templates: {
    selectByIds: selectTemplatesByIds,
    insert: (_stamp, rows) => insertTemplatesWrite(rows),
    update: (stamp, rows) => updateTemplatesWrite(stamp.clinicId, rows),
  },
  records: {
    selectByIds: selectRecordsByIds,
    insert: (stamp, rows) => insertRecordsWrite(stamp.clinicId, rows),
    update: (stamp, rows) => updateRecordsWrite(stamp.clinicId, rows),
  },
  addenda: {
    selectByIds: selectAddendaByIds,
    insert: (stamp, rows) => insertAddendaWrite(stamp.clinicId, rows),
    update: neverUpdated('addenda'),
  },
  photos: {
    selectByIds: selectPhotosByIds,
    insert: (stamp, rows) => insertPhotosWrite(stamp.clinicId, rows),
    update: (stamp, rows) => updatePhotosWrite(stamp.clinicId, rows),
  },
};
