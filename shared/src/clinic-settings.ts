import * as v from 'valibot';
import { Timezone } from './accounts.ts';
import { requiredText } from './common.ts';

/** The days of a week in the clinic's order (ISO: Monday first), as working hours key them. */
export const weekdays = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
export type Weekday = (typeof weekdays)[number];

const TimeOfDay = v.pipe(
  v.string('Enter a time such as 08:00.'),
  v.regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'Enter a time such as 08:00.'),
);

/** One day's opening, `from` before `to` (local times in the clinic's zone); null: closed. */
export const WorkingDay = v.nullable(
  v.pipe(
    v.strictObject({ from: TimeOfDay, to: TimeOfDay }),
    v.check((day) => day.from < day.to, 'The opening time must be before the closing time.'),
  ),
);
export type WorkingDay = v.InferOutput<typeof WorkingDay>;

/** When the clinic is open, every weekday named: `{ mon: { from: '08:00', to: '18:00' }, …, sun: null }`. */
export const WorkingHours = v.strictObject(
  Object.fromEntries(weekdays.map((day) => [day, WorkingDay])) as Record<
    Weekday,
    typeof WorkingDay
  >,
  'Working hours must name every weekday.',
);
export type WorkingHours = Record<Weekday, WorkingDay>;

/** What a new clinic gets (and the column's default): Monday to Friday, 08:00–18:00. */
export const defaultWorkingHours: WorkingHours = {
  mon: { from: '08:00', to: '18:00' },
  tue: { from: '08:00', to: '18:00' },
  wed: { from: '08:00', to: '18:00' },
  thu: { from: '08:00', to: '18:00' },
  fri: { from: '08:00', to: '18:00' },
  sat: null,
  sun: null,
};

/** The bounds an owner may set for `retentionDays` (the column itself allows 1–3650). */
export const retentionBounds = { min: 7, max: 3650 } as const;

const retentionMessage = `Keep deleted items between ${retentionBounds.min} and ${retentionBounds.max} days.`;

/**
 * How many days deleted patients, notes and photos stay restorable before the nightly clean-up
 * removes them for good: a whole number from 7 to 3650.
 */
export const RetentionDays = v.pipe(
  v.number(retentionMessage),
  v.integer(retentionMessage),
  v.minValue(retentionBounds.min, retentionMessage),
  v.maxValue(retentionBounds.max, retentionMessage),
);

/** The clinic as `GET /api/clinic` answers it, and as the device keeps it for offline use. */
export type ClinicSettings = {
  id: string;
  name: string;
  timezone: string;
  workingHours: WorkingHours;
  /** Days a deleted item stays restorable (see `RetentionDays`). */
  retentionDays: number;
  /** Every member must sign in with two-factor (an owner with two-factor on may turn it on). */
  requireTwoFactor: boolean;
};

/** `PATCH /api/clinic` (owner only): whichever of the five it names changes. */
export const ClinicSettingsUpdate = v.strictObject(
  {
    name: v.optional(requiredText('Clinic name', 120)),
    timezone: v.optional(Timezone),
    workingHours: v.optional(WorkingHours),
    retentionDays: v.optional(RetentionDays),
    requireTwoFactor: v.optional(v.boolean('Two-factor is required or not.')),
  },
  'Only the name, time zone, working hours, retention and two-factor requirement can be changed.',
);
export type ClinicSettingsUpdate = v.InferOutput<typeof ClinicSettingsUpdate>;

/**
 * The opening of the clinic on the weekday of `date` as seen in `timezone`, or null when closed.
 *
 * @example
 * workingDayOn(settings.workingHours, new Date('2027-01-04T09:00:00Z'), 'Europe/Berlin');
 * // → { from: '08:00', to: '18:00' } (a Monday in Berlin)
 */
export function workingDayOn(hours: WorkingHours, date: Date, timezone: string): WorkingDay {
  const name = new Intl.DateTimeFormat('en-US', { weekday: 'short', timeZone: timezone })
    .format(date)
    .toLowerCase();
  const day = weekdays.find((weekday) => name.startsWith(weekday));
  return day ? hours[day] : null;
}
