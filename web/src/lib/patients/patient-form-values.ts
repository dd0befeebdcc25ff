import { jsonEqual, type PatientField } from '@bedside/shared';

/** The fields a form edits as one text input each. */
export type PatientTextField = Exclude<PatientField, 'allergies' | 'reminderConsent'>;

/** What the form's inputs hold: text fields empty for "not recorded", allergies as a list. */
export type PatientFormValues = Record<PatientTextField, string> & {
  /** One input per allergy, as typed. */
  allergies: string[];
  /** "No known allergies" ticked: with no allergy listed, the list is recorded as empty. */
  noKnownAllergies: boolean;
  /** "May receive appointment reminders by email". */
  reminderConsent: boolean;
};

type PatientLike = { [K in PatientTextField]?: string | null } & {
  allergies?: readonly string[] | null;
  reminderConsent?: boolean;
};

/**
 * The values a form sends: text or null, the allergy list (null when not recorded) and the
 * reminder consent.
 */
export type PatientFieldValues = Record<PatientTextField, string | null> & {
  allergies: string[] | null;
  reminderConsent: boolean;
};

/** Builds a record with one entry per text field; the compiler checks none is missing. */
function mapFields<T>(valueOf: (field: PatientTextField) => T): Record<PatientTextField, T> {
  return {
    givenName: valueOf('givenName'),
    familyName: valueOf('familyName'),
    birthDate: valueOf('birthDate'),
    sex: valueOf('sex'),
    identifier: valueOf('identifier'),
    phone: valueOf('phone'),
    email: valueOf('email'),
    notes: valueOf('notes'),
    address: valueOf('address'),
    emergencyName: valueOf('emergencyName'),
    emergencyRelationship: valueOf('emergencyRelationship'),
    emergencyPhone: valueOf('emergencyPhone'),
  };
}

const textFields = Object.keys(mapFields(() => null)) as PatientTextField[];

export function formValuesOf(patient: PatientLike | undefined): PatientFormValues {
  const allergies = patient?.allergies ?? null;
  return {
    ...mapFields((field) => patient?.[field] ?? ''),
    allergies: allergies ? [...allergies] : [],
    noKnownAllergies: allergies !== null && allergies.length === 0,
    // A row stored before the consent existed has none recorded: off.
    reminderConsent: patient?.reminderConsent ?? false,
  };
}

/**
 * A form value as an action takes it. Empty optional fields become null (the date and sex
 * schemas refuse ""); names stay text so an empty one gets the schema's "is required".
 */
function toFieldValue(field: PatientTextField, value: string): string | null {
  if (field === 'givenName' || field === 'familyName') return value;
  return value.trim() === '' ? null : value;
}

/**
 * The allergy list the form records: the allergies listed (blank inputs left out), else an
 * empty list when "No known allergies" is ticked, else null (not recorded). A listed allergy
 * always wins over the box, so one is never lost to it.
 */
export function allergiesValue(values: Pick<PatientFormValues, 'allergies' | 'noKnownAllergies'>) {
  const listed = values.allergies.map((entry) => entry.trim()).filter((entry) => entry !== '');
  if (listed.length > 0) return listed;
  return values.noKnownAllergies ? [] : null;
}

/** Every field, for `createPatient`. */
export function createFields(values: PatientFormValues): PatientFieldValues {
  return {
    ...mapFields((field) => toFieldValue(field, values[field])),
    allergies: allergiesValue(values),
    reminderConsent: values.reminderConsent,
  };
}

/**
 * Only the fields whose meaning changed, for `updatePatient`: surrounding spaces and
 * empty-versus-missing are not changes, so an untouched form sends nothing.
 */
export function changedFields(
  original: PatientLike,
  values: PatientFormValues,
): Partial<PatientFieldValues> {
  const changed: Partial<PatientFieldValues> = {};
  for (const field of textFields) {
    const before = (original[field] ?? '').trim();
    if (values[field].trim() !== before) changed[field] = toFieldValue(field, values[field]);
  }
  const allergies = allergiesValue(values);
  if (!jsonEqual(allergies, original.allergies ?? null)) changed.allergies = allergies;
  if (values.reminderConsent !== (original.reminderConsent ?? false))
    changed.reminderConsent = values.reminderConsent;
  return changed;
}

/** Whether the inputs differ from what the form opened with (every keystroke counts). */
export function isDirty(initial: PatientFormValues, values: PatientFormValues): boolean {
  return (
    textFields.some((field) => initial[field] !== values[field]) ||
    initial.noKnownAllergies !== values.noKnownAllergies ||
    initial.reminderConsent !== values.reminderConsent ||
    !jsonEqual(initial.allergies, values.allergies)
  );
}
