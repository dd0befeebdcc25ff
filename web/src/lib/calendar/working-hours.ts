import type { WorkingHours } from '@bedside/shared';
import type { Calendar } from '@event-calendar/core';

/** Working hours' day names in `Date.getUTCDay()` order. */
const daysFromSunday = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'] as const;

/** The weekday of a `YYYY-MM-DD` clinic date (a calendar date needs no time zone). */
function weekdayOf(date: string): keyof WorkingHours {
  return daysFromSunday[new Date(`${date}T12:00:00Z`).getUTCDay()] ?? 'mon';
}

/** The hours of `date` (00:00 to 24:00 on the wall clock) the clinic is closed. */
function closedSpans(date: string, hours: WorkingHours): { from: string; to: string }[] {
  const open = hours[weekdayOf(date)];
  if (!open) return [{ from: '00:00', to: '24:00' }];
  return [
    { from: '00:00', to: open.from },
    { from: open.to, to: '24:00' },
  ].filter((span) => span.from < span.to);
}

/** `24:00` as the next midnight, which the calendar's floating times need. */
function wallTime(date: string, time: string): string {
  if (time !== '24:00') return `${date}T${time}:00`;
  const next = new Date(`${date}T00:00:00Z`);
  next.setUTCDate(next.getUTCDate() + 1);
  return `${next.toISOString().slice(0, 10)}T00:00:00`;
}

/**
 * Background events shading the times each shown date is outside the clinic's working hours
 * (in every clinician's column of a day view), on the clinic's wall clock.
 *
 * @example
 * closedHours(['2026-03-30'], { mon: { from: '08:00', to: '18:00' }, …, sun: null }, ['u1'])
 * // → shading 00:00–08:00 and 18:00–24:00 of Monday the 30th
 */
export function closedHours(
  dates: readonly string[],
  hours: WorkingHours,
  resourceIds: readonly string[],
): Calendar.EventInput[] {
  return dates.flatMap((date) =>
    closedSpans(date, hours).map((span) => ({
      id: `closed-${date}-${span.from}`,
      start: wallTime(date, span.from),
      end: wallTime(date, span.to),
      display: 'background' as const,
      resourceIds: [...resourceIds],
      classNames: ['bs-closed'],
    })),
  );
}
