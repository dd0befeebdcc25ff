import {
  insertAddendaWrite,
  insertRecordsWrite,
  selectAddendaByIds,
  selectRecordsByIds,
  updateRecordsWrite,
} from '../../storage/record-queries.ts';
import { neverUpdated, type TableStore } from '../sync/table-store.ts';

/** How a push reads and writes records. */
export const recordStore: TableStore<'records'> = {
  selectByIds: selectRecordsByIds,
  insert: (stamp, rows) => insertRecordsWrite(stamp.clinicId, rows),
  update: (stamp, rows) => updateRecordsWrite(stamp.clinicId, rows),
};

/** Addenda are only ever inserted. */
export const addendumStore: TableStore<'addenda'> = {
  selectByIds: selectAddendaByIds,
  insert: (stamp, rows) => insertAddendaWrite(stamp.clinicId, rows),
  update: neverUpdated('addenda'),
};
