import { toInstant, toLocalParts } from '$lib/appointments/clinic-time';

function pad(value: number): string {
  return String(value).padStart(2, '0');
}

/**
 * The instant of a date the calendar hands back (from a click, a drop or a resize). The calendar
 * gives its wall-clock time in the Date's local fields, so those are read as a time on the
 * clinic's clock.
 *
 * @example instantOfCalendarDate(new Date(2026, 2, 30, 9, 0), 'Europe/Berlin') // '2026-03-30T07:00:00.000Z'
 */
export function instantOfCalendarDate(date: Date, timeZone: string): string {
  const day = `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`;
  return toInstant(day, `${pad(date.getHours())}:${pad(date.getMinutes())}`, timeZone);
}

/**
 * The clinic's UTC offset at `at` as the calendar's `timeZone` option takes it (`+01:00`): it
 * places "today" and the current time line on the clinic's clock. Events are given as the
 * clinic's wall times, so the offset decides nothing about where they are drawn.
 *
 * @example clinicOffset('Europe/Berlin', new Date('2026-07-01T12:00:00Z')) // '+02:00'
 */
export function clinicOffset(timeZone: string, at: Date = new Date()): string {
  const { date, time } = toLocalParts(at.toISOString(), timeZone);
  const wallAsUtc = Date.parse(`${date}T${time}:00Z`);
  const atMinute = Math.floor(at.getTime() / 60_000) * 60_000;
  const minutes = Math.round((wallAsUtc - atMinute) / 60_000);
  const sign = minutes < 0 ? '-' : '+';
  const absolute = Math.abs(minutes);
  return `${sign}${pad(Math.floor(absolute / 60))}:${pad(absolute % 60)}`;
}
