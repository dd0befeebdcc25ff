import { heldAppointment } from '@bedside/shared';
import {
  insertAddendaWrite,
  insertRecordsWrite,
  releaseAppointmentNotes,
  selectAppointmentNoteHolders,
  selectAddendaByIds,
  selectAddendaChangedSince,
  selectRecordsByIds,
  selectRecordsChangedSince,
  updateRecordsWrite,
} from '../../storage/record-queries.ts';
import { openRows, openRowsOfAnyClinic, phiTables, sealRows } from '../../phi/phi-fields.ts';
import { neverUpdated, type TableStore } from '../sync/table-store.ts';

/** How a push reads and writes records. */
export const recordStore: TableStore<'records'> = {
  sqlTable: 'records',
  async selectChangedSince(db, page, phi) {
    const rows = await selectRecordsChangedSince(db, page);
    return openRows(await phi.opener(db, page.clinicId), phiTables.records, rows);
  },
  holdsPatientData: true,
  async selectByIds(db, ids, phi) {
    return openRowsOfAnyClinic(db, phi, phiTables.records, await selectRecordsByIds(db, ids));
  },
  // The photos the answers list are written in clear beside them, for the cleanup.
  insert: (stamp, rows) =>
    insertRecordsWrite(stamp.clinicId, sealRows(stamp.cipher, phiTables.records, rows), rows),
  update: (stamp, rows) =>
    updateRecordsWrite(stamp.clinicId, sealRows(stamp.cipher, phiTables.records, rows), rows),
  /** The live note of each appointment (`appointment` is the records' one unique key). */
  async selectHolders(db, clinicId, _key, values) {
    const holders = await selectAppointmentNoteHolders(db, clinicId, values);
    return holders.map(({ id, appointmentId }) => ({ id, value: appointmentId }));
  },
  // A note deleted in the batch gives up its appointment first: another note of it written in
  // the same statement would otherwise clash under the unique index, depending on the order.
  async beforeWrites(db, clinicId, changes) {
    const released = changes
      .filter(({ stored, final }) => heldAppointment(stored) !== null && !heldAppointment(final))
      .map(({ final }) => final);
    if (released.length > 0) await releaseAppointmentNotes(db, clinicId, released);
  },
};

/** Addenda are only ever inserted. */
export const addendumStore: TableStore<'addenda'> = {
  sqlTable: 'record_addenda',
  async selectChangedSince(db, page, phi) {
    const rows = await selectAddendaChangedSince(db, page);
    return openRows(await phi.opener(db, page.clinicId), phiTables.addenda, rows);
  },
  holdsPatientData: true,
  async selectByIds(db, ids, phi) {
    return openRowsOfAnyClinic(db, phi, phiTables.addenda, await selectAddendaByIds(db, ids));
  },
  insert: (stamp, rows) =>
    insertAddendaWrite(stamp.clinicId, sealRows(stamp.cipher, phiTables.addenda, rows)),
  update: neverUpdated('addenda'),
};
