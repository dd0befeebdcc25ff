import type { EntityTableName } from '@bedside/shared';
import { openRows, phiTables } from '../../phi/phi-fields.ts';
import { selectConflictsChangedSince } from '../../storage/conflict-queries.ts';
import { selectPurgesChangedSince } from '../../storage/purge-queries.ts';
import { appointmentStore, appointmentTypeStore } from '../appointments/appointment-stores.ts';
import { patientStore } from '../patients/patient-store.ts';
import { photoStore } from '../photos/photo-store.ts';
import { addendumStore, recordStore } from '../records/record-stores.ts';
import { templateStore, templateVersionStore } from '../templates/template-stores.ts';
import type { PullSource, TableStore } from './table-store.ts';

/** Every synced table's store; TypeScript checks that no entity is missing. */
export const tableStores: { [T in EntityTableName]: TableStore<T> } = {
  patients: patientStore,
  templateVersions: templateVersionStore,
  templates: templateStore,
  appointmentTypes: appointmentTypeStore,
  appointments: appointmentStore,
  records: recordStore,
  addenda: addendumStore,
  photos: photoStore,
};

/** Conflicts are synced too, though no mutation writes them: a push does, from overwrites. */
export const conflictSource: PullSource<'conflicts'> = {
  sqlTable: 'conflicts',
  async selectChangedSince(db, page, phi) {
    const rows = await selectConflictsChangedSince(db, page);
    return openRows(await phi.opener(db, page.clinicId), phiTables.conflicts, rows);
  },
};

/** Rows deleted for good, so devices forget them; the cleanup writes these, no mutation does. */
export const purgeSource: PullSource<'purges'> = {
  sqlTable: 'purged_rows',
  selectChangedSince: selectPurgesChangedSince,
};
