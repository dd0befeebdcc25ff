import type { Photo } from '../photos.ts';
import type { FieldIssue } from '../problems.ts';
import type { RecordData } from '../record-values.ts';
import type { TemplateField } from '../template-fields.ts';

/**
 * The photo ids that `data` (a whole record's answers or a patch) lists in `photos` fields. The
 * data was checked against the fields first, so a photos answer is a list of ids or null.
 */
export function listedPhotos(
  fields: readonly TemplateField[],
  data: RecordData,
): { field: TemplateField; ids: string[] }[] {
  return fields.flatMap((field) => {
    const value = field.type === 'photos' && Object.hasOwn(data, field.id) ? data[field.id] : null;
    return Array.isArray(value)
      ? [{ field, ids: value.filter((id): id is string => typeof id === 'string') }]
      : [];
  });
}

/**
 * One issue per photos field that lists a photo which is not one of this patient's in the clinic
 * (another patient's, another clinic's, or one the server has never seen).
 */
export function foreignPhotoIssues(
  fields: readonly TemplateField[],
  data: RecordData,
  patientId: string,
  photo: (id: string) => Photo | undefined,
): FieldIssue[] {
  return listedPhotos(fields, data)
    .filter(({ ids }) => ids.some((id) => photo(id)?.patientId !== patientId))
    .map(({ field }) => ({
      field: field.id,
      message: `A photo in ${field.label} does not belong to this patient.`,
    }));
}
