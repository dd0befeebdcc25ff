import { skipReasonLabels, type MessageKind, type SkipReason } from '@bedside/shared/reminders';

const formats = new Map<string, Intl.DateTimeFormat>();

function formatIn(timeZone: string, options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  const key = `${timeZone}|${JSON.stringify(options)}`;
  let format = formats.get(key);
  if (!format) {
    format = new Intl.DateTimeFormat(undefined, { ...options, timeZone });
    formats.set(key, format);
  }
  return format;
}

/**
 * A day on the clinic's calendar, as this device writes dates.
 *
 * @example formatClinicDate('2027-01-05T09:00:00Z', 'Europe/Berlin') // '5 Jan 2027' (en-GB)
 */
export function formatClinicDate(iso: string, timeZone: string): string {
  return formatIn(timeZone, { dateStyle: 'medium' }).format(new Date(iso));
}

/**
 * A moment on the clinic's clock, as this device writes dates and times.
 *
 * @example formatClinicDateTime('2027-01-05T09:00:00Z', 'Europe/Berlin') // '5 Jan 2027, 10:00'
 */
export function formatClinicDateTime(iso: string, timeZone: string): string {
  return formatIn(timeZone, { dateStyle: 'medium', timeStyle: 'short' }).format(new Date(iso));
}

/**
 * How long before an appointment, in words: "24 hours", "2 days", "90 minutes", "1 hour".
 *
 * @example leadTimeWords(1440) // '24 hours'
 */
export function leadTimeWords(minutes: number): string {
  const unit = (count: number, word: string) => `${count} ${word}${count === 1 ? '' : 's'}`;
  if (minutes >= 48 * 60 && minutes % (24 * 60) === 0) return unit(minutes / (24 * 60), 'day');
  if (minutes % 60 === 0) return unit(minutes / 60, 'hour');
  return unit(minutes, 'minute');
}

export const messageKindLabels: Record<MessageKind, string> = {
  reminder: 'Reminder',
  confirmation: 'Booking confirmation',
  cancellation: 'Cancellation',
  test: 'Test message',
};

/** Why a message was skipped, in words; an unknown reason is shown as the server wrote it. */
export function skipReasonWords(reason: string | null): string {
  if (reason === null) return 'Skipped';
  return Object.hasOwn(skipReasonLabels, reason) ? skipReasonLabels[reason as SkipReason] : reason;
}
