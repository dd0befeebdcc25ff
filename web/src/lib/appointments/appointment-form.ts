import type { Appointment } from '@bedside/shared';
import { weeklySeries, WeeklyRepeat } from '@bedside/shared/weekly-series';
import * as v from 'valibot';
import { addMinutes, minutesBetween, toInstant, toLocalParts } from './clinic-time';

/** What the appointment form holds: dates and times on the clinic's clock, as typed. */
export type AppointmentFormValues = {
  patientId: string;
  clinicianId: string;
  typeId: string;
  date: string;
  startTime: string;
  durationMinutes: number;
  reason: string;
  location: string;
  notes: string;
  repeat: boolean;
  everyWeeks: number;
  count: number;
};

export const DEFAULT_DURATION = 30;

/** The form's fields, in the order their problems are listed, with their labels. */
export const appointmentFormLabels = {
  patientId: 'Patient',
  clinicianId: 'Clinician',
  typeId: 'Type',
  date: 'Date',
  startTime: 'Start time',
  endsAt: 'Duration',
  reason: 'Reason for visit',
  location: 'Location',
  notes: 'Notes',
  everyWeeks: 'Every … weeks',
  count: 'Number of appointments',
} as const;
export type AppointmentFormField = keyof typeof appointmentFormLabels;
export const appointmentFormFields = Object.keys(appointmentFormLabels) as AppointmentFormField[];

/**
 * The start and end instants the form says, or undefined while the date or time is incomplete.
 *
 * @example formTimes({ date: '2026-03-30', startTime: '09:00', durationMinutes: 30 }, 'Europe/Berlin')
 * // { startsAt: '2026-03-30T07:00:00.000Z', endsAt: '2026-03-30T07:30:00.000Z' }
 */
export function formTimes(
  values: Pick<AppointmentFormValues, 'date' | 'startTime' | 'durationMinutes'>,
  timeZone: string,
): { startsAt: string; endsAt: string } | undefined {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(values.date) || !/^\d{2}:\d{2}$/.test(values.startTime))
    return undefined;
  try {
    const startsAt = toInstant(values.date, values.startTime, timeZone);
    const minutes = Number.isFinite(values.durationMinutes) ? values.durationMinutes : 0;
    return { startsAt, endsAt: addMinutes(startsAt, minutes) };
  } catch {
    return undefined;
  }
}

/** The end time on the clinic's clock, for the "ends at" field. */
export function endTimeOf(startsAt: string, durationMinutes: number, timeZone: string): string {
  return toLocalParts(addMinutes(startsAt, durationMinutes), timeZone).time;
}

/** Minutes from the start to an end time the user typed (the next day when earlier). */
export function durationToEnd(
  values: Pick<AppointmentFormValues, 'date' | 'startTime'>,
  endTime: string,
  timeZone: string,
): number | undefined {
  if (!/^\d{2}:\d{2}$/.test(endTime) || !/^\d{2}:\d{2}$/.test(values.startTime)) return undefined;
  const startsAt = toInstant(values.date, values.startTime, timeZone);
  const endsAt = toInstant(values.date, endTime, timeZone);
  const minutes = minutesBetween(startsAt, endsAt);
  return minutes > 0 ? minutes : minutes + 24 * 60;
}

/** An existing appointment as the form shows it. */
export function formValuesOf(
  appointment: Pick<Appointment, 'patientId' | 'clinicianId' | 'startsAt' | 'endsAt'> &
    Partial<Pick<Appointment, 'typeId' | 'reason' | 'location' | 'notes'>>,
  timeZone: string,
): AppointmentFormValues {
  const start = toLocalParts(appointment.startsAt, timeZone);
  return {
    patientId: appointment.patientId,
    clinicianId: appointment.clinicianId,
    typeId: appointment.typeId ?? '',
    date: start.date,
    startTime: start.time,
    durationMinutes: minutesBetween(appointment.startsAt, appointment.endsAt),
    reason: appointment.reason ?? '',
    location: appointment.location ?? '',
    notes: appointment.notes ?? '',
    repeat: false,
    everyWeeks: 1,
    count: 6,
  };
}

/**
 * The start and end of every appointment the form will make: one, or the weekly series
 * (empty while the repeat is out of range; the form says why).
 */
export function plannedTimes(
  values: AppointmentFormValues,
  timeZone: string,
): { startsAt: string; endsAt: string }[] {
  const first = formTimes(values, timeZone);
  if (!first) return [];
  if (!values.repeat) return [first];
  const repeat = { everyWeeks: values.everyWeeks, count: values.count };
  if (!v.is(WeeklyRepeat, repeat)) return [];
  return weeklySeries({ ...first, ...repeat, timeZone });
}
