import type { AppointmentStatus } from '@bedside/shared';

/** How each status reads on screen. */
export const statusLabels: Record<AppointmentStatus, string> = {
  booked: 'Booked',
  arrived: 'Arrived',
  completed: 'Completed',
  cancelled: 'Cancelled',
  'no-show': 'No-show',
};
