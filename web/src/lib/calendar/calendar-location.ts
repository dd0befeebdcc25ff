import { addDays, clinicDayRange, mondayOf } from '$lib/appointments/clinic-time';

/** The calendar's three views: a day with a column per clinician, a week, and a list of a week. */
export const calendarViews = ['day', 'week', 'list'] as const;
export type CalendarViewName = (typeof calendarViews)[number];

export const calendarViewLabels: Record<CalendarViewName, string> = {
  day: 'Day',
  week: 'Week',
  list: 'List',
};

/**
 * Where the calendar is: its view, a clinic date inside what it shows, and the clinicians it
 * shows (none named: all of them). Kept in the address so reload and Back return to it.
 */
export type CalendarLocation = {
  view: CalendarViewName;
  date: string;
  clinicians: string[];
};

const datePattern = /^\d{4}-\d{2}-\d{2}$/;

function isRealDate(text: string): boolean {
  if (!datePattern.test(text)) return false;
  const date = new Date(`${text}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().startsWith(text);
}

/**
 * Reads the calendar's place from the address; what is missing or wrong falls back to today and
 * the view that fits the screen (a list on a phone, a week on wider screens).
 *
 * @example
 * readCalendarLocation(new URLSearchParams('view=day&date=2026-03-30'), { today: '2026-03-28', narrow: false })
 * // → { view: 'day', date: '2026-03-30', clinicians: [] }
 */
export function readCalendarLocation(
  params: URLSearchParams,
  fallback: { today: string; narrow: boolean },
): CalendarLocation {
  const view = params.get('view');
  const date = params.get('date');
  const clinicians = params.get('clinicians');
  return {
    view: calendarViews.find((name) => name === view) ?? (fallback.narrow ? 'list' : 'week'),
    date: date !== null && isRealDate(date) ? date : fallback.today,
    clinicians: clinicians ? clinicians.split(',').filter(Boolean) : [],
  };
}

/**
 * The address's query for a calendar place, in a stable order.
 *
 * @example calendarSearch({ view: 'week', date: '2026-03-30', clinicians: [] }) // '?view=week&date=2026-03-30'
 */
export function calendarSearch(location: CalendarLocation): string {
  const params = new URLSearchParams({ view: location.view, date: location.date });
  if (location.clinicians.length > 0) params.set('clinicians', location.clinicians.join(','));
  return `?${params.toString()}`;
}

/** The clinic dates a view shows around `date`: the day itself, or its Monday-to-Sunday week. */
export function visibleDates(view: CalendarViewName, date: string): string[] {
  if (view === 'day') return [date];
  const monday = mondayOf(date);
  return Array.from({ length: 7 }, (_, index) => addDays(monday, index));
}

/**
 * The instants a view covers, from the first shown day's midnight to the end of the last, on the
 * clinic's clock: what the appointments query reads.
 *
 * @example visibleRange('day', '2026-03-29', 'Europe/Berlin') // { from: '2026-03-28T23:00:00.000Z', to: '2026-03-29T22:00:00.000Z' }
 */
export function visibleRange(
  view: CalendarViewName,
  date: string,
  timeZone: string,
): { from: string; to: string } {
  const dates = visibleDates(view, date);
  return {
    from: clinicDayRange(dates[0] ?? date, timeZone).from,
    to: clinicDayRange(dates.at(-1) ?? date, timeZone).to,
  };
}

/** The date one step (a day or a week) before (-1) or after (1) `date` in `view`. */
export function stepDate(view: CalendarViewName, date: string, direction: 1 | -1): string {
  return addDays(date, direction * (view === 'day' ? 1 : 7));
}
