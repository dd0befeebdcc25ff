import type { ServerRowView, TableHooks } from '$lib/sync/table-hook';
import { fromPatientRow, toPatientRow } from './search-index';

/** A patient's view is its row plus the search fields, and nothing else (no other row, no outbox). */
const serverRowView: ServerRowView<'patients'> = {
  toView: (row) => toPatientRow(row),
  toServerRow: fromPatientRow,
};

/** What patients add to sync: the search fields of their views, and the form to fix a refusal. */
export const patientSyncHooks: TableHooks<'patients'> = {
  storedViews: async (_database, rows) => rows.map(serverRowView.toView),
  serverRowView,
  rejectedChangePath: async (_database, rejected) =>
    `/patients/${rejected.entityId}?fix=${encodeURIComponent(rejected.id)}`,
};
