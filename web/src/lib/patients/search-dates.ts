/** The order a locale writes a date's day, month and year in: "dmy" for 14/03/1948. */
export type DateOrder = 'dmy' | 'mdy' | 'ymd';

/**
 * The date order of `locale` (the browser's own when omitted), from how it formats a date.
 * `localeDateOrder('en-GB')` → "dmy", `localeDateOrder('en-US')` → "mdy".
 */
export function localeDateOrder(locale?: string): DateOrder {
  if (locale === undefined) return (browserDateOrder ??= localeDateOrder(browserLocale()));
  const parts = new Intl.DateTimeFormat(locale, {
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  }).formatToParts(new Date(Date.UTC(2001, 10, 22)));
  const order = parts
    .map((part) => part.type)
    .filter((type) => type === 'day' || type === 'month' || type === 'year')
    .map((type) => type[0])
    .join('');
  return order === 'mdy' || order === 'ymd' ? order : 'dmy';
}

/** Asked on every keystroke of a search: the browser's order is worked out once. */
let browserDateOrder: DateOrder | undefined;

function browserLocale(): string {
  return new Intl.DateTimeFormat().resolvedOptions().locale;
}

/**
 * A date typed as the clinic writes it, as "YYYY-MM-DD"; null when `text` is not a whole,
 * valid date. ISO is accepted in every locale. `typedDate('14/03/1948', 'dmy')` → "1948-03-14".
 */
export function typedDate(text: string, order: DateOrder): string | null {
  const iso = /^(\d{4})-(\d{1,2})-(\d{1,2})$/.exec(text);
  const groups = iso ? null : /^(\d{1,4})[./-](\d{1,2})[./-](\d{1,4})$/.exec(text);
  let year: string | undefined, month: string | undefined, day: string | undefined;
  if (iso) [, year, month, day] = iso;
  else if (groups) {
    const [, a, b, c] = groups;
    if (order === 'dmy') [day, month, year] = [a, b, c];
    else if (order === 'mdy') [month, day, year] = [a, b, c];
    else [year, month, day] = [a, b, c];
  }
  if (year?.length !== 4 || month === undefined || day === undefined) return null;
  const pad = (value: string) => value.padStart(2, '0');
  const date = `${year}-${pad(month)}-${pad(day)}`;
  const parsed = new Date(`${date}T00:00:00Z`);
  return !Number.isNaN(parsed.getTime()) && parsed.toISOString().startsWith(date) ? date : null;
}

/** How to write a date for `order`, for hints: `dateHint('dmy')` → "DD/MM/YYYY". */
export function dateHint(order: DateOrder): string {
  return { dmy: 'DD/MM/YYYY', mdy: 'MM/DD/YYYY', ymd: 'YYYY-MM-DD' }[order];
}
