import type { Patient } from '@bedside/shared';
import {
  insertPatientsWrite,
  releaseIdentifiers,
  selectIdentifierHolders,
  selectPatientsByIds,
  selectPatientsChangedSince,
  updatePatientsWrite,
} from '../../storage/patient-queries.ts';
import { openRows, openRowsOfAnyClinic, phiTables, sealRows } from '../../phi/phi-fields.ts';
import type { TableStore } from '../sync/table-store.ts';

/** The identifier a row holds under the unique index: none once deleted. */
const heldIdentifier = (row: Patient) => (row.deletedAt ? null : row.identifier);

/** How a push reads and writes patients. */
export const patientStore: TableStore<'patients'> = {
  sqlTable: 'patients',
  async selectChangedSince(db, page, phi) {
    const rows = await selectPatientsChangedSince(db, page);
    return openRows(await phi.opener(db, page.clinicId), phiTables.patients, rows);
  },
  holdsPatientData: true,
  async selectByIds(db, ids, phi) {
    return openRowsOfAnyClinic(db, phi, phiTables.patients, await selectPatientsByIds(db, ids));
  },
  insert: (stamp, rows) =>
    insertPatientsWrite(stamp, sealRows(stamp.cipher, phiTables.patients, rows)),
  update: (stamp, rows) =>
    updatePatientsWrite(stamp, sealRows(stamp.cipher, phiTables.patients, rows)),
  async selectHolders(db, clinicId, _key, values) {
    const holders = await selectIdentifierHolders(db, clinicId, values);
    return holders.map(({ id, identifier }) => ({ id, value: identifier }));
  },
  // Rows that give up or change their identifier free it first: rows that swap identifiers
  // would clash under the unique index in the middle of one statement.
  async beforeWrites(db, clinicId, changes) {
    const moving = changes
      .filter(({ stored, final }) => {
        const before = heldIdentifier(stored);
        return before !== null && before !== heldIdentifier(final);
      })
      .map(({ final }) => final.id);
    if (moving.length > 0) await releaseIdentifiers(db, clinicId, moving);
  },
};
