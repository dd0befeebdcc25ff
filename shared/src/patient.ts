import * as v from 'valibot';
import { IsoDate, optionalText, requiredText, Uuid, type SyncedRowMeta } from './common.ts';

export const sexValues = ['female', 'male', 'other', 'unknown'] as const;
export type Sex = (typeof sexValues)[number];

const birthDate = v.optional(
  v.nullable(
    v.pipe(
      IsoDate,
      v.check((value) => value >= '1880-01-01', 'Birth date is too far in the past.'),
    ),
  ),
);

/** A phone number as a clinic writes it; empty means none. */
const phoneNumber = (label: string) =>
  v.optional(
    v.nullable(
      v.pipe(
        v.string(`${label} must be text.`),
        v.trim(),
        v.maxLength(32, `${label} must be at most 32 characters.`),
        v.regex(/^[+0-9 ()./-]*$/, `${label} may contain only digits, spaces and + ( ) . / -`),
        v.transform((value) => (value === '' ? null : value)),
      ),
    ),
  );

export const MAX_ALLERGIES = 50;
export const MAX_ALLERGY_LENGTH = 200;

/** Trimmed, empty entries dropped, and a name given twice (in any case) kept once. */
function distinctAllergies(entries: string[]): string[] {
  const seen = new Set<string>();
  return entries.filter((entry) => {
    const key = entry.toLocaleLowerCase();
    if (entry === '' || seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/**
 * Allergies as one list: null is "not recorded", an empty list is "no known allergies". The
 * list is one field, so two devices editing it never interleave their entries.
 */
const allergies = v.optional(
  v.nullable(
    v.pipe(
      v.array(
        v.pipe(
          v.string('Each allergy must be text.'),
          v.trim(),
          v.maxLength(
            MAX_ALLERGY_LENGTH,
            `Each allergy must be at most ${MAX_ALLERGY_LENGTH} characters.`,
          ),
        ),
        'Allergies must be a list.',
      ),
      v.transform(distinctAllergies),
      v.maxLength(MAX_ALLERGIES, `At most ${MAX_ALLERGIES} allergies can be recorded.`),
    ),
  ),
);

/** The editable fields of a patient, each with the message a clinician sees. */
export const patientFieldSchemas = {
  givenName: requiredText('Given name', 100),
  familyName: requiredText('Family name', 100),
  birthDate,
  sex: v.optional(v.nullable(v.picklist(sexValues, 'Sex must be female, male, other or unknown.'))),
  identifier: optionalText('Identifier', 64),
  phone: phoneNumber('Phone'),
  email: v.optional(
    v.nullable(
      v.pipe(
        v.string('Email must be text.'),
        v.trim(),
        v.maxLength(254, 'Email must be at most 254 characters.'),
        v.transform((value) => (value === '' ? null : value)),
        v.nullable(v.pipe(v.string(), v.email('Enter a valid email address.'))),
      ),
    ),
  ),
  notes: optionalText('Notes', 5000),
  address: optionalText('Address', 500),
  emergencyName: optionalText('Emergency contact name', 100),
  emergencyRelationship: optionalText('Emergency contact relationship', 50),
  emergencyPhone: phoneNumber('Emergency contact phone'),
  allergies,
  /** "May receive reminders", recorded by the clinic; absent on a create means off. */
  reminderConsent: v.optional(v.boolean('May receive reminders must be on or off.')),
};

export type PatientField = keyof typeof patientFieldSchemas;
export const patientFields = Object.keys(patientFieldSchemas) as PatientField[];

export const PatientFields = v.strictObject(patientFieldSchemas, 'Unknown patient field.');
export type PatientFieldValues = v.InferOutput<typeof PatientFields>;

export const PatientCreateArgs = v.strictObject(
  { id: Uuid, ...patientFieldSchemas },
  'Unknown patient field.',
);
export type PatientCreateArgs = v.InferOutput<typeof PatientCreateArgs>;

export const PatientUpdateArgs = v.strictObject({
  id: Uuid,
  baseVersion: v.pipe(v.number(), v.integer(), v.minValue(1)),
  fields: v.pipe(
    v.strictObject(
      Object.fromEntries(
        Object.entries(patientFieldSchemas).map(([key, schema]) => [key, v.optional(schema)]),
      ) as { [K in PatientField]: v.OptionalSchema<(typeof patientFieldSchemas)[K], undefined> },
      'Unknown patient field.',
    ),
    v.check(
      (fields) => Object.keys(fields).length > 0,
      'An update must change at least one field.',
    ),
  ),
});
export type PatientUpdateArgs = v.InferOutput<typeof PatientUpdateArgs>;

export const PatientIdArgs = v.strictObject({ id: Uuid });
export type PatientIdArgs = v.InferOutput<typeof PatientIdArgs>;

export type Patient = SyncedRowMeta & {
  givenName: string;
  familyName: string;
  birthDate: string | null;
  sex: Sex | null;
  identifier: string | null;
  phone: string | null;
  email: string | null;
  notes: string | null;
  address: string | null;
  emergencyName: string | null;
  emergencyRelationship: string | null;
  emergencyPhone: string | null;
  /** Null: not recorded. Empty: no known allergies. */
  allergies: string[] | null;
  /** Whether the clinic recorded the patient's consent to reminders by email. */
  reminderConsent: boolean;
};
