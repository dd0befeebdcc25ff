import { appointmentStatuses, statusMoveAllowed, type AppointmentStatus } from '@bedside/shared';

/** A status a clinician sets from Today (cancelling has its own dialog, with a reason). */
export type DayStatus = 'booked' | 'arrived' | 'completed' | 'no-show';

export const statusLabels: Record<AppointmentStatus, string> = {
  booked: 'Booked',
  arrived: 'Arrived',
  completed: 'Completed',
  cancelled: 'Cancelled',
  'no-show': 'No-show',
};

/** The buttons a row offers for an appointment in `status`, in the order of the day's work. */
export function statusActions(status: AppointmentStatus): { to: DayStatus; label: string }[] {
  const actions: { to: DayStatus; label: string }[] = [
    { to: 'arrived', label: 'Arrived' },
    { to: 'completed', label: 'Completed' },
    { to: 'no-show', label: 'No-show' },
  ];
  return status === 'cancelled'
    ? []
    : actions.filter((action) => action.to !== status && statusMoveAllowed(status, action.to));
}

/**
 * The steps that take an appointment back from `now` to `before` (an undo), each one a move the
 * server allows: completed goes back through arrived. Empty when there is no way back.
 *
 * @example undoSteps('completed', 'booked') // ['arrived', 'booked']
 */
export function undoSteps(now: AppointmentStatus, before: AppointmentStatus): DayStatus[] {
  if (now === before || before === 'cancelled') return [];
  if (statusMoveAllowed(now, before)) return [before];
  if (statusMoveAllowed(now, 'arrived') && statusMoveAllowed('arrived', before))
    return ['arrived', before];
  return [];
}

/** How many of the appointments are in each status, every status listed (0 included). */
export function countsByStatus(
  statuses: readonly AppointmentStatus[],
): Record<AppointmentStatus, number> {
  const counts = Object.fromEntries(appointmentStatuses.map((status) => [status, 0])) as Record<
    AppointmentStatus,
    number
  >;
  for (const status of statuses) counts[status]++;
  return counts;
}

/** A draft started more than 24 hours before `now` (the list marks it). */
export function isOldDraft(createdAt: string, now: number): boolean {
  return now - Date.parse(createdAt) > 24 * 60 * 60 * 1000;
}
