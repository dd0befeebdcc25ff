import type { TableHooks } from '$lib/sync/table-hook';

/**
 * Where a refused appointment change is fixed: its patient's page with the appointment open,
 * where the dialog says why the server refused it and saving sends it again.
 */
export const appointmentSyncHooks: TableHooks<'appointments'> = {
  async rejectedChangePath(database, rejected) {
    const appointment = await database.appointments.get(rejected.entityId);
    const patientId = appointment?.patientId ?? rejected.args['patientId'];
    if (typeof patientId !== 'string') return '/calendar';
    return `/patients/${patientId}?appointment=${encodeURIComponent(rejected.entityId)}`;
  },
};

/** A refused appointment type change is fixed on the types page. */
export const appointmentTypeSyncHooks: TableHooks<'appointmentTypes'> = {
  rejectedChangePath: async () => '/settings/appointment-types',
};
