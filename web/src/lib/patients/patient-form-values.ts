import { patientFields, type PatientField } from '@bedside/shared';

/** What the form's inputs hold: every field as text, empty for "not recorded". */
export type PatientFormValues = Record<PatientField, string>;

type PatientLike = { [K in PatientField]?: string | null };

/** Builds a record with one entry per patient field; the compiler checks none is missing. */
function mapFields<T>(valueOf: (field: PatientField) => T): Record<PatientField, T> {
  return {
    givenName: valueOf('givenName'),
    familyName: valueOf('familyName'),
    birthDate: valueOf('birthDate'),
    sex: valueOf('sex'),
    identifier: valueOf('identifier'),
    phone: valueOf('phone'),
    email: valueOf('email'),
    notes: valueOf('notes'),
  };
}

export function formValuesOf(patient: PatientLike | undefined): PatientFormValues {
  return mapFields((field) => patient?.[field] ?? '');
}

/**
 * A form value as an action takes it. Empty optional fields become null (the date and sex
 * schemas refuse ""); names stay text so an empty one gets the schema's "is required".
 */
function toFieldValue(field: PatientField, value: string): string | null {
  if (field === 'givenName' || field === 'familyName') return value;
  return value.trim() === '' ? null : value;
}

/** Every field, for `createPatient`. */
export function createFields(values: PatientFormValues): Record<PatientField, string | null> {
  return mapFields((field) => toFieldValue(field, values[field]));
}

/**
 * Only the fields whose meaning changed, for `updatePatient`: surrounding spaces and
 * empty-versus-missing are not changes, so an untouched form sends nothing.
 */
export function changedFields(
  original: PatientLike,
  values: PatientFormValues,
): Partial<Record<PatientField, string | null>> {
  const changed: Partial<Record<PatientField, string | null>> = {};
  for (const field of patientFields) {
    const before = (original[field] ?? '').trim();
    if (values[field].trim() !== before) changed[field] = toFieldValue(field, values[field]);
  }
  return changed;
}

/** Whether the inputs differ from what the form opened with (every keystroke counts). */
export function isDirty(initial: PatientFormValues, values: PatientFormValues): boolean {
  return patientFields.some((field) => initial[field] !== values[field]);
}
