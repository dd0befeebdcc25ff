import {
  fromAbsolute,
  parseDate,
  parseTime,
  startOfWeek,
  toCalendarDateTime,
  toZoned,
  today,
} from '@internationalized/date';

/**
 * Wall-clock times in the clinic's time zone (`session.me.clinic.timezone`), never the device's:
 * every screen shows and takes appointment times through these. A time in the hour skipped when
 * clocks go forward moves later by the gap; one in the hour repeated when they go back is the
 * first of the two (as `weeklySeries` and Temporal's "compatible" do).
 */

/**
 * A date and a time on the clinic's clock as an instant (`toISOString()` form).
 *
 * @example toInstant('2026-03-30', '09:00', 'Europe/Berlin') // '2026-03-30T07:00:00.000Z'
 */
export function toInstant(localDate: string, localTime: string, timeZone: string): string {
  const dateTime = toCalendarDateTime(parseDate(localDate), parseTime(localTime));
  return toZoned(dateTime, timeZone, 'compatible').toDate().toISOString();
}

/**
 * An instant as the clinic's date and time (`YYYY-MM-DD`, `HH:MM`).
 *
 * @example toLocalParts('2026-03-30T07:00:00.000Z', 'Europe/Berlin') // { date: '2026-03-30', time: '09:00' }
 */
export function toLocalParts(instant: string, timeZone: string): { date: string; time: string } {
  const ms = Date.parse(instant);
  const wall = new Date(ms + offsetAt(ms, timeZone));
  return {
    date: `${String(wall.getUTCFullYear()).padStart(4, '0')}-${pad(wall.getUTCMonth() + 1)}-${pad(wall.getUTCDate())}`,
    time: `${pad(wall.getUTCHours())}:${pad(wall.getUTCMinutes())}`,
  };
}

const HOUR_MS = 3_600_000;
/** The zone's offset through each UTC hour that has one offset throughout, by `zone hour`. */
const offsetsByHour = new Map<string, number>();

/**
 * The zone's offset from UTC at an instant, in ms. Asking the zone database is slow (the week
 * view asks a thousand times), so an hour's offset is kept once both its ends agree; an hour
 * holding a change of the clocks is asked about each instant.
 */
function offsetAt(ms: number, timeZone: string): number {
  const hourStart = Math.floor(ms / HOUR_MS) * HOUR_MS;
  const key = `${timeZone} ${hourStart}`;
  const known = offsetsByHour.get(key);
  if (known !== undefined) return known;
  const first = fromAbsolute(hourStart, timeZone).offset;
  const last = fromAbsolute(hourStart + HOUR_MS - 1, timeZone).offset;
  if (first !== last) return fromAbsolute(ms, timeZone).offset;
  if (offsetsByHour.size >= 20_000) offsetsByHour.clear();
  offsetsByHour.set(key, first);
  return first;
}

/**
 * A clinic day as instants, from its first moment to the next day's (23 or 25 hours long on the
 * days the clocks change).
 *
 * @example clinicDayRange('2026-03-29', 'Europe/Berlin') // { from: '2026-03-28T23:00:00.000Z', to: '2026-03-29T22:00:00.000Z' }
 */
export function clinicDayRange(date: string, timeZone: string): { from: string; to: string } {
  const day = parseDate(date);
  return {
    from: toZoned(day, timeZone).toDate().toISOString(),
    to: toZoned(day.add({ days: 1 }), timeZone)
      .toDate()
      .toISOString(),
  };
}

/** Today's date on the clinic's clock. @example clinicToday('Europe/Berlin') // '2026-03-30' */
export function clinicToday(timeZone: string): string {
  return today(timeZone).toString();
}

/** A date `days` days after `date` (negative: before). @example addDays('2026-03-31', 1) // '2026-04-01' */
export function addDays(date: string, days: number): string {
  return parseDate(date).add({ days }).toString();
}

/** The Monday of the week of `date`. @example mondayOf('2026-04-02') // '2026-03-30' */
export function mondayOf(date: string): string {
  return startOfWeek(parseDate(date), 'en-GB').toString();
}

/** Minutes between two instants. */
export function minutesBetween(from: string, to: string): number {
  return Math.round((Date.parse(to) - Date.parse(from)) / 60_000);
}

/** An instant `minutes` later. */
export function addMinutes(instant: string, minutes: number): string {
  return new Date(Date.parse(instant) + minutes * 60_000).toISOString();
}

function pad(value: number): string {
  return String(value).padStart(2, '0');
}
