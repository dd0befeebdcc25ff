import { weekdays, type Weekday, type WorkingHours } from '@bedside/shared';

/** One weekday as the clinic form edits it: the times stay while a day is ticked closed. */
export type FormDay = { open: boolean; from: string; to: string };
export type FormDays = Record<Weekday, FormDay>;

export const weekdayNames: Record<Weekday, string> = {
  mon: 'Monday',
  tue: 'Tuesday',
  wed: 'Wednesday',
  thu: 'Thursday',
  fri: 'Friday',
  sat: 'Saturday',
  sun: 'Sunday',
};

/** What a closed day offers when it is opened. */
const usualDay = { from: '08:00', to: '18:00' };

/**
 * The form's days from stored working hours.
 *
 * @example
 * toFormDays(defaultWorkingHours).sat // { open: false, from: '08:00', to: '18:00' }
 */
export function toFormDays(hours: WorkingHours): FormDays {
  return Object.fromEntries(
    weekdays.map((day) => {
      const opening = hours[day];
      return [day, opening ? { open: true, ...opening } : { open: false, ...usualDay }];
    }),
  ) as FormDays;
}

/** Working hours to send from the form's days: a closed day is null, whatever its times. */
export function fromFormDays(days: FormDays): WorkingHours {
  return Object.fromEntries(
    weekdays.map((day) => {
      const { open, from, to } = days[day];
      return [day, open ? { from, to } : null];
    }),
  ) as WorkingHours;
}

/**
 * The retention to send from the form's text: a whole number when the text is one, else the
 * text as typed, so the shared schema refuses it with its one sentence.
 *
 * @example
 * retentionFromForm(' 90 ') // 90
 * retentionFromForm('ninety') // 'ninety' (refused: "Keep deleted items between 7 and 3650 days.")
 */
export function retentionFromForm(text: string): number | string {
  const trimmed = text.trim();
  return /^\d{1,6}$/.test(trimmed) ? Number(trimmed) : trimmed;
}

/**
 * What the retention means, in one sentence for the clinic page.
 *
 * @example
 * retentionMeaning(30) // 'Deleted patients, notes and photos can be restored for 30 days; …'
 */
export function retentionMeaning(days: number): string {
  return `Deleted patients, notes and photos can be restored for ${days} ${days === 1 ? 'day' : 'days'}; after that they are removed for good.`;
}
