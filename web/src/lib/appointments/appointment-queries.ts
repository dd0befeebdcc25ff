import {
  MAX_APPOINTMENT_MS,
  overlapsOf,
  type Appointment,
  type AppointmentType,
} from '@bedside/shared';
import { liveQuery, type Observable } from 'dexie';
import { db, type BedsideDatabase } from '$lib/db/database';
import { toLocalParts } from './clinic-time';

export type Clinician = { id: string; name: string };

/**
 * The appointments (cancelled ones too, not deleted ones) that start before `to` and end after
 * `from`, by start; only those of `clinicianIds` when given.
 *
 * @example watchAppointmentsBetween(day.from, day.to, [clinicianId])
 */
export function watchAppointmentsBetween(
  from: string,
  to: string,
  clinicianIds?: string[],
): Observable<Appointment[]> {
  return liveQuery(() => appointmentsBetween(db, from, to, clinicianIds));
}

/** `watchAppointmentsBetween` read once (in a transaction, or for a warning before saving). */
export async function appointmentsBetween(
  database: BedsideDatabase,
  from: string,
  to: string,
  clinicianIds?: readonly string[],
): Promise<Appointment[]> {
  // No appointment lasts longer than a day: one that ends after `from` starts after this.
  const earliest = new Date(Date.parse(from) - MAX_APPOINTMENT_MS).toISOString();
  const clinicians = clinicianIds && new Set(clinicianIds);
  // Read in one getAll and filtered here: a Dexie `.filter()` would walk a cursor row by row,
  // three times slower for a busy week.
  const rows = await database.appointments
    .where('startsAt')
    .between(earliest, to, true, false)
    .toArray();
  return rows.filter(
    (row) =>
      row.deletedAt === null &&
      row.endsAt > from &&
      (clinicians === undefined || clinicians.has(row.clinicianId)),
  );
}

export function watchAppointment(id: string): Observable<Appointment | undefined> {
  return liveQuery(() => db.appointments.get(id));
}

/** A patient's appointments that are not deleted, cancelled ones too, by start. */
export function watchPatientAppointments(patientId: string): Observable<Appointment[]> {
  return liveQuery(() =>
    db.appointments
      .where('patientId')
      .equals(patientId)
      .filter((row) => row.deletedAt === null)
      .sortBy('startsAt'),
  );
}

/** The clinic's appointment types that are not deleted, by name. */
export function watchAppointmentTypes(): Observable<AppointmentType[]> {
  return liveQuery(async () =>
    byName((await db.appointmentTypes.toArray()).filter((type) => type.deletedAt === null)),
  );
}

/** Every appointment type this device has, deleted ones too (the settings page), by name. */
export function watchAllAppointmentTypes(): Observable<AppointmentType[]> {
  return liveQuery(async () => byName(await db.appointmentTypes.toArray()));
}

function byName(types: AppointmentType[]): AppointmentType[] {
  return types.sort((a, b) => a.name.localeCompare(b.name));
}

/**
 * The clinic's users who see patients (owners and clinicians), by name, as last fetched: the
 * people an appointment can be booked with.
 */
export function watchClinicians(): Observable<Clinician[]> {
  return liveQuery(async () =>
    (await db.users.orderBy('name').toArray())
      .filter((user) => user.role === 'owner' || user.role === 'clinician')
      .map(({ id, name }) => ({ id, name })),
  );
}

type Booking = Pick<
  Appointment,
  'id' | 'clinicianId' | 'startsAt' | 'endsAt' | 'status' | 'deletedAt'
>;

/**
 * A plain sentence for each booking of the same clinician that overlaps `appointment`
 * (`overlapsOf`), with its times on the clinic's clock; `names` gives the patient's name.
 *
 * @example overlapWarnings(draft, sameDay, { timeZone, patientName: (id) => names.get(id) })
 * // ['Overlaps with Ann Lee, 09:30–10:00 on 2026-03-30.']
 */
export function overlapWarnings(
  appointment: Booking,
  others: readonly Appointment[],
  describe: { timeZone: string; patientName?: (patientId: string) => string | undefined } = {
    timeZone: 'UTC',
  },
): string[] {
  return overlapsOf(appointment, others).map((other) => {
    const start = toLocalParts(other.startsAt, describe.timeZone);
    const end = toLocalParts(other.endsAt, describe.timeZone);
    const name = describe.patientName?.(other.patientId);
    const who = name ? `${name}'s appointment` : 'another appointment';
    const until = end.date === start.date ? end.time : `${end.date} ${end.time}`;
    return `Overlaps with ${who}, ${start.time}–${until} on ${start.date}.`;
  });
}

/** A clinician's bookings from `from` to `to` and their patients' names: what overlap warnings say. */
export type ClinicianBookings = { appointments: Appointment[]; names: Record<string, string> };

export function watchClinicianBookings(
  from: string,
  to: string,
  clinicianId: string,
): Observable<ClinicianBookings> {
  return liveQuery(async () => {
    if (!from || !to || !clinicianId) return { appointments: [], names: {} };
    const appointments = await appointmentsBetween(db, from, to, [clinicianId]);
    const patients = await db.patients.bulkGet([...new Set(appointments.map((a) => a.patientId))]);
    const names: Record<string, string> = {};
    for (const patient of patients)
      if (patient) names[patient.id] = `${patient.givenName} ${patient.familyName}`;
    return { appointments, names };
  });
}
