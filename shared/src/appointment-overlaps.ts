import type { Appointment } from './appointments.ts';

type Booking = Pick<
  Appointment,
  'id' | 'clinicianId' | 'startsAt' | 'endsAt' | 'status' | 'deletedAt'
>;

/** Whether the appointment still takes up its clinician's time: live, not cancelled or missed. */
function holdsTime(appointment: Booking): boolean {
  return (
    appointment.deletedAt === null &&
    appointment.status !== 'cancelled' &&
    appointment.status !== 'no-show'
  );
}

/**
 * The other bookings of the same clinician whose time ranges intersect `appointment`'s (an end
 * touching a start is no overlap). Deleted, cancelled and no-show appointments overlap nothing.
 * Overlaps are allowed; every device shows this as a warning.
 *
 * @example overlapsOf(draft, await appointmentsOfDay(clinicianId, day))
 */
export function overlapsOf<T extends Booking>(appointment: Booking, others: readonly T[]): T[] {
  if (!holdsTime(appointment)) return [];
  const start = Date.parse(appointment.startsAt);
  const end = Date.parse(appointment.endsAt);
  return others.filter(
    (other) =>
      other.id !== appointment.id &&
      other.clinicianId === appointment.clinicianId &&
      holdsTime(other) &&
      Date.parse(other.startsAt) < end &&
      start < Date.parse(other.endsAt),
  );
}
