const dayMonthYear = new Intl.DateTimeFormat('en-GB', {
  weekday: 'long',
  day: 'numeric',
  month: 'long',
  year: 'numeric',
  timeZone: 'UTC',
});
const dayMonth = new Intl.DateTimeFormat('en-GB', {
  day: 'numeric',
  month: 'short',
  timeZone: 'UTC',
});
const dayMonthShortYear = new Intl.DateTimeFormat('en-GB', {
  day: 'numeric',
  month: 'short',
  year: 'numeric',
  timeZone: 'UTC',
});

const asDate = (date: string) => new Date(`${date}T00:00:00Z`);

/**
 * The heading of the shown clinic dates: one day in full, or a span.
 *
 * @example rangeTitle(['2026-03-30']) // 'Monday, 30 March 2026'
 * @example rangeTitle(['2026-03-30', …, '2026-04-05']) // '30 Mar – 5 Apr 2026'
 */
export function rangeTitle(dates: readonly string[]): string {
  const first = dates[0];
  const last = dates.at(-1);
  if (!first || !last) return '';
  if (first === last) return dayMonthYear.format(asDate(first));
  const sameYear = first.slice(0, 4) === last.slice(0, 4);
  const start = (sameYear ? dayMonth : dayMonthShortYear).format(asDate(first));
  return `${start} – ${dayMonthShortYear.format(asDate(last))}`;
}
