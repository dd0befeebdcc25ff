import ical, { ICalCalendarMethod } from 'ical-generator';
import type { MailAppointment } from './mailer.ts';

/**
 * The .ics of an appointment: one event, UID the appointment's id, times as UTC instants, the
 * summary "Appointment at <clinic>" and the room. Never the reason for the visit or notes.
 *
 * @example
 * appointmentIcs({ id, startsAt, endsAt, clinicName: 'Oak Clinic', location: null, sequence: 1, method: 'REQUEST' })
 */
export function appointmentIcs(appointment: MailAppointment, now: Date): string {
  const calendar = ical({
    prodId: { company: 'Bedside', product: 'Reminders', language: 'EN' },
    method:
      appointment.method === 'CANCEL' ? ICalCalendarMethod.CANCEL : ICalCalendarMethod.REQUEST,
  });
  calendar.createEvent({
    id: appointment.id,
    sequence: appointment.sequence,
    stamp: now,
    start: appointment.startsAt,
    end: appointment.endsAt,
    timezone: null,
    summary: `Appointment at ${appointment.clinicName}`,
    location: appointment.location,
  });
  return calendar.toString();
}
