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

/** The editable fields of a patient, each with the message a clinician sees. */
export const patientFieldSchemas = {
  givenName: requiredText('Given name', 100),
  familyName: requiredText('Family name', 100),
  birthDate,
  sex: v.optional(v.nullable(v.picklist(sexValues, 'Sex must be female, male, other or unknown.'))),
  identifier: optionalText('Identifier', 64),
  phone: v.optional(
    v.nullable(
      v.pipe(
        v.string('Phone must be text.'),
        v.trim(),
        v.maxLength(32, 'Phone must be at most 32 characters.'),
        v.regex(/^[+0-9 ()./-]*$/, 'Phone may contain only digits, spaces and + ( ) . / -'),
        v.transform((value) => (value === '' ? null : value)),
      ),
    ),
  ),
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
};
