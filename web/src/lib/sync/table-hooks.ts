import {
  appointmentSyncHooks,
  appointmentTypeSyncHooks,
} from '$lib/appointments/appointment-sync-hooks';
import { patientSyncHooks } from '$lib/patients/patient-sync-hooks';
import { photoSyncHooks } from '$lib/photos/photo-sync-hooks';
import { addendumSyncHooks, recordSyncHooks } from '$lib/records/record-sync-hooks';
import { templateSyncHooks } from '$lib/templates/template-sync-hooks';
import type { SyncedTableName } from '$lib/db/database';
import type { TableHooks } from './table-hook';

/**
 * Every synced table's hooks, each from its entity's folder; TypeScript checks that no table is
 * missing. The only file in sync/ that names an entity.
 */
export const tableHooks: { [T in SyncedTableName]: TableHooks<T> } = {
  patients: patientSyncHooks,
  templateVersions: {},
  templates: templateSyncHooks,
  appointmentTypes: appointmentTypeSyncHooks,
  appointments: appointmentSyncHooks,
  records: recordSyncHooks,
  addenda: addendumSyncHooks,
  photos: photoSyncHooks,
};
