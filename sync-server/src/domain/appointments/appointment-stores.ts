import { appointmentTypeNameKey } from '@bedside/shared';
import {
  insertAppointmentsWrite,
  insertAppointmentTypesWrite,
  selectAppointmentsByIds,
  selectAppointmentsChangedSince,
  selectAppointmentTypesByIds,
  selectAppointmentTypesChangedSince,
  selectLiveAppointmentTypeNames,
  updateAppointmentsWrite,
  updateAppointmentTypesWrite,
} from '../../storage/appointment-queries.ts';
import { openRows, openRowsOfAnyClinic, phiTables, sealRows } from '../../phi/phi-fields.ts';
import type { TableStore } from '../sync/table-store.ts';

/** How a push reads and writes appointments. */
export const appointmentStore: TableStore<'appointments'> = {
  sqlTable: 'appointments',
  async selectChangedSince(db, page, phi) {
    const rows = await selectAppointmentsChangedSince(db, page);
    return openRows(await phi.opener(db, page.clinicId), phiTables.appointments, rows);
  },
  holdsPatientData: true,
  async selectByIds(db, ids, phi) {
    const rows = await selectAppointmentsByIds(db, ids);
    return openRowsOfAnyClinic(db, phi, phiTables.appointments, rows);
  },
  insert: (stamp, rows) =>
    insertAppointmentsWrite(stamp.clinicId, sealRows(stamp.cipher, phiTables.appointments, rows)),
  update: (stamp, rows) =>
    updateAppointmentsWrite(stamp.clinicId, sealRows(stamp.cipher, phiTables.appointments, rows)),
};

/** How a push reads and writes appointment types; they hold no patient data. */
export const appointmentTypeStore: TableStore<'appointmentTypes'> = {
  sqlTable: 'appointment_types',
  selectChangedSince: selectAppointmentTypesChangedSince,
  holdsPatientData: false,
  selectByIds: selectAppointmentTypesByIds,
  insert: (_stamp, rows) => insertAppointmentTypesWrite(rows),
  update: (stamp, rows) => updateAppointmentTypesWrite(stamp.clinicId, rows),
  /**
   * Which live type holds each name key (`name` is the one unique key). Keys are compared as
   * the shared rule makes them, in JavaScript, so device and server never lower-case apart.
   */
  async selectHolders(db, clinicId, _key, values) {
    const wanted = new Set(values);
    const live = await selectLiveAppointmentTypeNames(db, clinicId);
    return live.flatMap(({ id, name }) => {
      const value = appointmentTypeNameKey(name);
      return wanted.has(value) ? [{ id, value }] : [];
    });
  },
};
