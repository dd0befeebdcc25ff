import type { PatientField, Sex } from '@bedside/shared';

/** "Family, Given" — the form every list and heading uses, and the one searches match. */
export function patientName(patient: { familyName?: unknown; givenName?: unknown }): string {
  const family = typeof patient.familyName === 'string' ? patient.familyName.trim() : '';
  const given = typeof patient.givenName === 'string' ? patient.givenName.trim() : '';
  if (family && given) return `${family}, ${given}`;
  return family || given || 'Unnamed patient';
}

export const patientFieldLabels: Record<PatientField, string> = {
  givenName: 'Given name',
  familyName: 'Family name',
  birthDate: 'Birth date',
  sex: 'Sex',
  identifier: 'Identifier',
  phone: 'Phone',
  email: 'Email',
  notes: 'Notes',
  address: 'Address',
  emergencyName: 'Emergency contact name',
  emergencyRelationship: 'Emergency contact relationship',
  emergencyPhone: 'Emergency contact phone',
  allergies: 'Allergies',
  reminderConsent: 'May receive appointment reminders',
};

/**
 * The label for an issue path from the shared schemas: "phone" on a create, "fields.phone" on
 * an update. Unknown paths fall back to the path itself so nothing is silently hidden.
 */
export function fieldLabel(path: string): string {
  const field = path.split('.').findLast((key) => Object.hasOwn(patientFieldLabels, key));
  return field === undefined ? path : patientFieldLabels[field as PatientField];
}

export const sexLabels: Record<Sex, string> = {
  female: 'Female',
  male: 'Male',
  other: 'Other',
  unknown: 'Unknown',
};

/** A calendar date "YYYY-MM-DD" as "2 Apr 1981" in the user's locale, never shifted by time zone. */
export function formatBirthDate(isoDate: string): string {
  const date = new Date(`${isoDate}T00:00:00Z`);
  if (Number.isNaN(date.getTime())) return isoDate;
  // Made once: each list row shows a birth date, and a new formatter costs more than the row.
  birthDateFormat ??= new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeZone: 'UTC' });
  return birthDateFormat.format(date);
}

let birthDateFormat: Intl.DateTimeFormat | undefined;

/** Today's calendar date on this device, as "YYYY-MM-DD". */
export function localToday(now = new Date()): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`;
}

/**
 * Age the way a chart shows it: days under a month, months under two years, then years.
 * Both arguments are calendar dates, so birthdays count on the day itself.
 */
export function formatAgeFromBirthDate(birthDate: string, today: string): string | null {
  const birth = parseDate(birthDate);
  const now = parseDate(today);
  if (!birth || !now || birthDate > today) return null;

  let months = (now.year - birth.year) * 12 + (now.month - birth.month);
  if (now.day < birth.day) months -= 1;
  if (months >= 24) return `${Math.floor(months / 12)} y`;
  if (months >= 1) return `${months} mo`;
  const days = Math.round(
    (Date.UTC(now.year, now.month - 1, now.day) -
      Date.UTC(birth.year, birth.month - 1, birth.day)) /
      86_400_000,
  );
  return days === 1 ? '1 day' : `${days} days`;
}

function parseDate(value: string): { year: number; month: number; day: number } | null {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (!match) return null;
  return { year: Number(match[1]), month: Number(match[2]), day: Number(match[3]) };
}

/** A field value as a sentence can quote it: empty values read "(empty)". */
export function quoteValue(value: unknown): string {
  if (value === null || value === undefined || value === '') return '(empty)';
  if (typeof value === 'string' && Object.hasOwn(sexLabels, value)) {
    return sexLabels[value as Sex];
  }
  if (typeof value === 'boolean') return value ? 'on' : 'off';
  if (Array.isArray(value)) return value.length === 0 ? '(none)' : value.join(', ');
  return typeof value === 'string' ? value : JSON.stringify(value);
}
