import * as v from 'valibot';

export const Uuid = v.pipe(v.string('Must be text.'), v.uuid('Must be a valid id.'));

/** A calendar date with no time zone, as clinicians write it. */
export const IsoDate = v.pipe(
  v.string('Must be a date.'),
  v.isoDate('Use the format YYYY-MM-DD.'),
  v.check((value) => {
    const date = new Date(value + 'T00:00:00Z');
    return !Number.isNaN(date.getTime()) && date.toISOString().startsWith(value);
  }, 'This date does not exist.'),
);

export const optionalText = (label: string, max: number) =>
  v.optional(
    v.nullable(
      v.pipe(
        v.string(`${label} must be text.`),
        v.trim(),
        v.maxLength(max, `${label} must be at most ${max} characters.`),
        v.transform((value) => (value === '' ? null : value)),
      ),
    ),
  );

export const requiredText = (label: string, max: number) =>
  v.pipe(
    v.string(`${label} is required.`),
    v.trim(),
    v.nonEmpty(`${label} is required.`),
    v.maxLength(max, `${label} must be at most ${max} characters.`),
  );

/** Columns every synced row carries, as the device receives them from a pull. */
export type SyncedRowMeta = {
  id: string;
  clinicId: string;
  createdAt: string;
  createdBy: string;
  updatedAt: string;
  updatedBy: string;
  version: number;
  deletedAt: string | null;
  deletedBy: string | null;
  changeSeq: number;
};
