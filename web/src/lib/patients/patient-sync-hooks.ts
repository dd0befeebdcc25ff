import type { TableHooks } from '$lib/sync/table-hook';
import { toPatientRow } from './search-index';

/** What patients add to sync: the search fields of their views, and the form to fix a refusal. */
export const patientSyncHooks: TableHooks<'patients'> = {
  storedViews: async (_database, rows) => rows.map((row) => toPatientRow(row)),
  rejectedChangePath: async (_database, rejected) =>
    `/patients/${rejected.entityId}?fix=${encodeURIComponent(rejected.id)}`,
};
