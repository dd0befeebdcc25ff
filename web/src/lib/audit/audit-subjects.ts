import { liveQuery, type Observable } from 'dexie';
import type { AuditEntry } from '@bedside/shared/audit';
import { db } from '$lib/db/database';
import { patientName } from '$lib/patients/patient-format';

export type AuditSubjects = {
  /** A row id (note, addendum, photo, appointment) → its patient's id, as this device has it. */
  patientOf: Map<string, string>;
  /** Patient id → "Lee, Ann", for the patients on this device. */
  names: Map<string, string>;
};

/**
 * The patients the events touched, named from this device's rows (the server sends ids only).
 *
 * @example const subjects = live(() => watchAuditSubjects(events), emptySubjects);
 */
export function watchAuditSubjects(events: readonly AuditEntry[]): Observable<AuditSubjects> {
  const idsOf = (entity: string) => [
    ...new Set(events.filter((e) => e.entity === entity).flatMap((e) => e.entityIds)),
  ];
  return liveQuery(async () => {
    const patientOf = new Map<string, string>();
    const rows = [
      ...(await db.records.bulkGet(idsOf('records'))),
      ...(await db.addenda.bulkGet(idsOf('addenda'))),
      ...(await db.photos.bulkGet(idsOf('photos'))),
      ...(await db.appointments.bulkGet(idsOf('appointments'))),
    ];
    for (const row of rows) if (row) patientOf.set(row.id, row.patientId);
    const patientIds = [...new Set([...idsOf('patients'), ...patientOf.values()])];
    const names = new Map<string, string>();
    for (const patient of await db.patients.bulkGet(patientIds))
      if (patient) names.set(patient.id, patientName(patient));
    return { patientOf, names };
  });
}

export const emptySubjects: AuditSubjects = { patientOf: new Map(), names: new Map() };
