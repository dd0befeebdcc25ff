import { fromAbsolute } from '@internationalized/date';
import * as v from 'valibot';

export const MAX_SERIES_COUNT = 52;
export const MAX_SERIES_EVERY_WEEKS = 12;

/** What a "repeat" form asks, with the messages it shows. */
export const WeeklyRepeat = v.strictObject({
  everyWeeks: v.pipe(
    v.number('Enter how many weeks apart.'),
    v.integer('Weeks apart must be a whole number.'),
    v.minValue(1, 'Repeat at least every week.'),
    v.maxValue(MAX_SERIES_EVERY_WEEKS, `Repeat at most every ${MAX_SERIES_EVERY_WEEKS} weeks.`),
  ),
  count: v.pipe(
    v.number('Enter how many appointments.'),
    v.integer('The number of appointments must be a whole number.'),
    v.minValue(1, 'A series has at least one appointment.'),
    v.maxValue(MAX_SERIES_COUNT, `A series has at most ${MAX_SERIES_COUNT} appointments.`),
  ),
});
export type WeeklyRepeat = v.InferOutput<typeof WeeklyRepeat>;

export type SeriesTimes = { startsAt: string; endsAt: string };

/**
 * The start and end of each appointment of a weekly series, the first being the one given. Each
 * keeps the first one's wall-clock start time in the clinic's IANA zone, across changes to and
 * from daylight saving time, and its length. A start that falls in a skipped hour moves later by
 * the gap, as clocks do. Throws a RangeError for counts or gaps outside `WeeklyRepeat` (check the
 * form with it first) and for an unknown time zone.
 *
 * @example
 * weeklySeries({ startsAt: '2026-03-23T08:00:00.000Z', endsAt: '2026-03-23T09:00:00.000Z',
 *   timeZone: 'Europe/Berlin', everyWeeks: 1, count: 2 })
 * // → 09:00 in Berlin both times: 08:00Z, then 07:00Z on 30 March (summer time)
 */
export function weeklySeries(
  input: SeriesTimes & { timeZone: string } & WeeklyRepeat,
): SeriesTimes[] {
  const repeat = v.safeParse(WeeklyRepeat, { everyWeeks: input.everyWeeks, count: input.count });
  if (!repeat.success) throw new RangeError(repeat.issues[0].message);
  // Throws a RangeError for a zone the platform does not know.
  new Intl.DateTimeFormat('en', { timeZone: input.timeZone });
  const first = fromAbsolute(Date.parse(input.startsAt), input.timeZone);
  const length = Date.parse(input.endsAt) - Date.parse(input.startsAt);
  return Array.from({ length: repeat.output.count }, (_, index) => {
    const start = first
      .add({ weeks: index * repeat.output.everyWeeks })
      .toDate()
      .getTime();
    return {
      startsAt: new Date(start).toISOString(),
      endsAt: new Date(start + length).toISOString(),
    };
  });
}
