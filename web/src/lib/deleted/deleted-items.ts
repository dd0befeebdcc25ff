import Dexie, { liveQuery, type Observable } from 'dexie';
import { db, type BedsideDatabase } from '$lib/db/database';
import { toLocalParts } from '$lib/appointments/clinic-time';
import { patientName } from '$lib/patients/patient-format';
import { restoreAppointmentType } from '$lib/appointments/appointment-type-actions';
import { restoreAppointment } from '$lib/appointments/appointment-actions';
import { restorePatient } from '$lib/patients/patient-actions';
import { restorePhoto } from '$lib/photos/photo-actions';
import { restoreRecord } from '$lib/records/record-actions';
import { restoreTemplate } from '$lib/templates/template-actions';
import type { ActionResult } from '$lib/api/action-result';
import {
  deletedWith,
  photoIdsInData,
  type ClinicalRecord,
  type Patient,
  type Photo,
} from '@bedside/shared';

/** The kinds of thing that can be deleted and restored, as Recently deleted groups them. */
export const deletedKinds = [
  'patient',
  'record',
  'photo',
  'appointment',
  'template',
  'appointmentType',
] as const;
export type DeletedKind = (typeof deletedKinds)[number];

/** One soft-deleted row as Recently deleted lists it. */
export type DeletedItem = {
  kind: DeletedKind;
  id: string;
  /** What it is, in words: "Lee, Ann", "Draft note of Lee, Ann", "Photo of Lee, Ann". */
  title: string;
  deletedAt: string;
  deletedBy: string | null;
};

type Deleted = { id: string; deletedAt: string | null; deletedBy: string | null };

/**
 * Everything soft-deleted on this device, newest deletion first, live. Reads each table's
 * deleted rows through an index (`deletedAt`, or the patients' `[listed+sortKey]`), never a
 * whole table; the patients named are read by id.
 */
export function watchRecentlyDeleted(timeZone: string): Observable<DeletedItem[]> {
  return liveQuery(() => recentlyDeleted(db, timeZone));
}

export async function recentlyDeleted(
  database: BedsideDatabase,
  timeZone: string,
): Promise<DeletedItem[]> {
  const deleted = <T extends Deleted>(rows: T[]) =>
    rows.filter((row): row is T & { deletedAt: string } => row.deletedAt !== null);
  const [patients, records, photos, appointments, templates, types] = await Promise.all([
    database.patients
      .where('[listed+sortKey]')
      .between([0, Dexie.minKey], [0, Dexie.maxKey])
      .toArray(),
    database.records.where('deletedAt').aboveOrEqual('').toArray(),
    database.photos.where('deletedAt').aboveOrEqual('').toArray(),
    database.appointments.where('deletedAt').aboveOrEqual('').toArray(),
    database.templates.where('deletedAt').aboveOrEqual('').toArray(),
    database.appointmentTypes.where('deletedAt').aboveOrEqual('').toArray(),
  ]);
  const patientIds = new Set([...records, ...photos, ...appointments].map((row) => row.patientId));
  const names = new Map<string, string>();
  for (const patient of await database.patients.bulkGet([...patientIds]))
    if (patient) names.set(patient.id, patientName(patient));
  const nameOf = (id: string) => names.get(id) ?? 'a patient not on this device';

  const item = (kind: DeletedKind, row: Deleted & { deletedAt: string }, title: string) => ({
    kind,
    id: row.id,
    title,
    deletedAt: row.deletedAt,
    deletedBy: row.deletedBy,
  });
  const items: DeletedItem[] = [
    ...deleted(patients).map((row) => item('patient', row, patientName(row))),
    ...deleted(records).map((row) => item('record', row, `Draft note of ${nameOf(row.patientId)}`)),
    ...deleted(photos)
      .filter((row) => !wentWithOwner(row, patients, records))
      .map((row) =>
        item(
          'photo',
          row,
          `${row.kind === 'attachment' ? 'Attachment' : 'Photo'} of ${nameOf(row.patientId)}`,
        ),
      ),
    ...deleted(appointments).map((row) => {
      const { date, time } = toLocalParts(row.startsAt, timeZone);
      return item('appointment', row, `Appointment of ${nameOf(row.patientId)}, ${date} ${time}`);
    }),
    ...deleted(templates).map((row) => item('template', row, `Template “${row.name}”`)),
    ...deleted(types).map((row) => item('appointmentType', row, `Appointment type “${row.name}”`)),
  ];
  return items.sort((a, b) => (a.deletedAt < b.deletedAt ? 1 : a.deletedAt > b.deletedAt ? -1 : 0));
}

/**
 * Whether a deleted photo was deleted with its patient or with a note that lists it (see
 * `deletedWith`): it comes back with them, so the list shows them alone.
 */
function wentWithOwner(
  photo: Photo,
  patients: readonly Patient[],
  notes: readonly ClinicalRecord[],
): boolean {
  return (
    patients.some((patient) => patient.id === photo.patientId && deletedWith(photo, patient)) ||
    notes.some(
      (note) =>
        note.patientId === photo.patientId &&
        deletedWith(photo, note) &&
        photoIdsInData(note.data).includes(photo.id),
    )
  );
}

/**
 * Days it can still be restored for under the clinic's retention, a part-day counting as a
 * day: 30 just after it was deleted, 0 once it is due for removal.
 *
 * @example daysLeft('2026-03-01T10:00:00Z', 30, new Date('2026-03-11T10:00:00Z')) // 20
 */
export function daysLeft(deletedAt: string, retentionDays: number, now: Date): number {
  const elapsed = (now.getTime() - Date.parse(deletedAt)) / 86_400_000;
  return Math.max(0, Math.ceil(retentionDays - elapsed));
}

const restorers: Record<DeletedKind, (id: string) => Promise<ActionResult>> = {
  patient: restorePatient,
  record: restoreRecord,
  photo: restorePhoto,
  appointment: restoreAppointment,
  template: restoreTemplate,
  appointmentType: restoreAppointmentType,
};

/** Restores a deleted item on this device (queued for the server like any change). */
export function restoreDeleted(item: Pick<DeletedItem, 'kind' | 'id'>): Promise<ActionResult> {
  return restorers[item.kind](item.id);
}
