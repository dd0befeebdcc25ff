import type { Appointment, AppointmentStatus, AppointmentType } from '@bedside/shared';
import type { Calendar } from '@event-calendar/core';
import { toLocalParts } from '$lib/appointments/clinic-time';
import { textColourOn } from './text-colour';

/** Where an appointment's changes are, as the patient badges say it. */
export type AppointmentSyncState = 'synced' | 'waiting' | 'needs-attention';

/** What the calendar draws of one appointment (its `extendedProps`). */
export type CalendarEntry = {
  status: AppointmentStatus;
  patientName: string;
  typeName: string | null;
  sync: AppointmentSyncState;
};

/** An appointment without a type: a neutral slate blue (white text reads 7:1 on it). */
export const untypedColour = '#46596e';

const statusLabels: Partial<Record<AppointmentStatus, string>> = {
  arrived: 'Arrived',
  completed: 'Completed',
  cancelled: 'Cancelled',
  'no-show': 'No-show',
};

/** The word shown beside an appointment whose status is not plain "booked". */
export function statusLabel(status: AppointmentStatus): string | undefined {
  return statusLabels[status];
}

/**
 * An instant as the calendar's floating wall time on the clinic's clock
 * (`YYYY-MM-DDTHH:MM:00`): the calendar draws it as written, whatever the device's own zone.
 *
 * @example wallTime('2026-03-30T07:00:00.000Z', 'Europe/Berlin') // '2026-03-30T09:00:00'
 */
export function wallTime(instant: string, timeZone: string): string {
  const { date, time } = toLocalParts(instant, timeZone);
  return `${date}T${time}:00`;
}

/**
 * One appointment as a calendar event: at its clinic wall times, in its clinician's column,
 * coloured by its type with readable text. Cancelled and no-show ones are drawn pale (a class
 * the route styles) and cannot be dragged; neither can completed ones.
 *
 * @example calendarEvent(appointment, { timeZone, patientName: 'Ann Lee', type, sync: 'waiting' })
 */
export function calendarEvent(
  appointment: Appointment,
  about: {
    timeZone: string;
    patientName: string;
    type: AppointmentType | undefined;
    sync: AppointmentSyncState;
  },
): Calendar.EventInput {
  const colour = about.type?.colour ?? untypedColour;
  const { status } = appointment;
  const inactive = status === 'cancelled' || status === 'no-show';
  const movable = !inactive && status !== 'completed';
  const classNames = [`bs-status-${status}`];
  if (about.sync !== 'synced') classNames.push(`bs-sync-${about.sync}`);
  const entry: CalendarEntry = {
    status,
    patientName: about.patientName,
    typeName: about.type?.name ?? null,
    sync: about.sync,
  };
  return {
    id: appointment.id,
    start: wallTime(appointment.startsAt, about.timeZone),
    end: wallTime(appointment.endsAt, about.timeZone),
    resourceIds: [appointment.clinicianId],
    title: about.patientName,
    // Inactive ones keep the type's colour as their border only (route styles), on a pale ground.
    backgroundColor: inactive ? 'var(--surface-sunken)' : colour,
    textColor: inactive ? 'var(--text)' : textColourOn(colour),
    styles: [`--bs-type-colour: ${colour}`],
    classNames,
    // Each named: the calendar's own defaults would otherwise let it be dragged or resized.
    editable: movable,
    startEditable: movable,
    durationEditable: movable,
    extendedProps: entry,
  };
}
