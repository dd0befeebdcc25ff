import {
  insertAddendaWrite,
  insertRecordsWrite,
  selectAddendaByIds,
  selectAddendaChangedSince,
  selectRecordsByIds,
  selectRecordsChangedSince,
  updateRecordsWrite,
} from '../../storage/record-queries.ts';
import { neverUpdated, type TableStore } from '../sync/table-store.ts';

/** How a push reads and writes records. */
export const recordStore: TableStore<'records'> = {
  sqlTable: 'records',
  selectChangedSince: selectRecordsChangedSince,
  holdsPatientData: true,
  selectByIds: selectRecordsByIds,
  insert: (stamp, rows) => insertRecordsWrite(stamp.clinicId, rows),
  update: (stamp, rows) => updateRecordsWrite(stamp.clinicId, rows),
};

/** Addenda are only ever inserted. */
export const addendumStore: TableStore<'addenda'> = {
  sqlTable: 'record_addenda',
  selectChangedSince: selectAddendaChangedSince,
  holdsPatientData: true,
  selectByIds: selectAddendaByIds,
  insert: (stamp, rows) => insertAddendaWrite(stamp.clinicId, rows),
  update: neverUpdated('addenda'),
};
