import type { Appointment, AppointmentType, ClinicalRecord, RecordStatus } from '@bedside/shared';
import { liveQuery, type Observable } from 'dexie';
import { db, type BedsideDatabase } from '$lib/db/database';
import { patientName } from '$lib/patients/patient-format';
import { notesOfAppointments } from './appointment-notes';

/** An appointment as Today lists it, with what its row shows. */
export type DayAppointment = {
  appointment: Appointment;
  patientName: string;
  clinicianName: string;
  type: AppointmentType | undefined;
  /** Its live note on this device (draft or signed), if any. */
  note: { id: string; status: RecordStatus } | null;
  /** This device has changes of the appointment waiting to sync, or refused. */
  syncState: 'synced' | 'pending' | 'rejected';
};

/** A draft of mine, as "My drafts" lists it. */
export type DraftItem = {
  record: ClinicalRecord;
  patientName: string;
  templateName: string;
};

/** A clinic day as instants: `[from, to)`. */
export type DayRange = { from: string; to: string };

/** No appointment lasts longer than a day, so one that overlaps the day starts at most 24 h before it. */
const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * The appointments overlapping the day, by start, live; those of one clinician when given. Reads
 * only the day's rows through the `startsAt` indexes.
 *
 * @example watchDay(clinicDayRange('2026-03-02', 'Europe/London'), me.id)
 */
export function watchDay(range: DayRange, clinicianId?: string): Observable<DayAppointment[]> {
  return liveQuery(async () => {
    const appointments = await appointmentsOverlapping(db, range, clinicianId);
    return describeAppointments(db, appointments);
  });
}

async function appointmentsOverlapping(
  database: BedsideDatabase,
  { from, to }: DayRange,
  clinicianId: string | undefined,
): Promise<Appointment[]> {
  const earliest = new Date(Date.parse(from) - DAY_MS).toISOString();
  const rows =
    clinicianId === undefined
      ? await database.appointments.where('startsAt').between(earliest, to, true, false).toArray()
      : await database.appointments
          .where('[clinicianId+startsAt]')
          .between([clinicianId, earliest], [clinicianId, to], true, false)
          .toArray();
  return rows
    .filter((row) => row.deletedAt === null && row.endsAt > from)
    .sort((a, b) => compare(a.startsAt, b.startsAt) || compare(a.endsAt, b.endsAt));
}

async function describeAppointments(
  database: BedsideDatabase,
  appointments: Appointment[],
): Promise<DayAppointment[]> {
  const ids = appointments.map((row) => row.id);
  const [patients, types, users, notes, queued, refused] = await Promise.all([
    database.patients.bulkGet(unique(appointments.map((row) => row.patientId))),
    database.appointmentTypes.bulkGet(
      unique(appointments.flatMap((row) => (row.typeId ? [row.typeId] : []))),
    ),
    database.users.bulkGet(unique(appointments.map((row) => row.clinicianId))),
    notesOfAppointments(database, ids),
    database.outbox.where('entityId').anyOf(ids).toArray(),
    database.rejected.where('entityId').anyOf(ids).toArray(),
  ]);
  const patientById = byId(patients);
  const typeById = byId(types);
  const userById = byId(users);
  const waiting = new Set(queued.map((entry) => entry.entityId));
  const refusedIds = new Set(refused.map((mutation) => mutation.entityId));
  return appointments.map((appointment) => {
    const patient = patientById.get(appointment.patientId);
    const note = notes.get(appointment.id);
    return {
      appointment,
      patientName: patient ? patientName(patient) : 'Patient not on this device yet',
      clinicianName: userById.get(appointment.clinicianId)?.name ?? 'Unknown clinician',
      type: appointment.typeId ? typeById.get(appointment.typeId) : undefined,
      note: note ? { id: note.id, status: note.status } : null,
      syncState: refusedIds.has(appointment.id)
        ? 'rejected'
        : waiting.has(appointment.id)
          ? 'pending'
          : 'synced',
    };
  });
}

/** My drafts that are not deleted, newest first, live. */
export function watchMyDrafts(userId: string): Observable<DraftItem[]> {
  return liveQuery(async () => {
    const drafts = await db.records
      .where('status')
      .equals('draft')
      .filter((record) => record.createdBy === userId && record.deletedAt === null)
      .toArray();
    drafts.sort((a, b) => compare(b.createdAt, a.createdAt) || compare(b.id, a.id));
    const [patients, versions] = await Promise.all([
      db.patients.bulkGet(unique(drafts.map((record) => record.patientId))),
      db.templateVersions.bulkGet(unique(drafts.map((record) => record.templateVersionId))),
    ]);
    const patientById = byId(patients);
    const versionById = byId(versions);
    return drafts.map((record) => {
      const patient = patientById.get(record.patientId);
      return {
        record,
        patientName: patient ? patientName(patient) : 'Patient not on this device yet',
        templateName: versionById.get(record.templateVersionId)?.name ?? 'Record',
      };
    });
  });
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function unique(ids: string[]): string[] {
  return [...new Set(ids)];
}

function byId<T extends { id: string }>(rows: (T | undefined)[]): Map<string, T> {
  return new Map(rows.flatMap((row) => (row ? [[row.id, row] as const] : [])));
}
