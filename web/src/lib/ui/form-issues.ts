import type { FieldIssue } from '@bedside/shared';

export type FormErrors<F extends string> = {
  /** The first message for each field, shown beside it. */
  fields: Partial<Record<F, string>>;
  /** Messages that belong to no field on this form, shown in the summary. */
  other: string[];
};

/**
 * Sorts validation issues onto a form's fields. Issue paths come from the shared schemas:
 * "phone" on a create, "fields.phone" on an update; the last segment naming a form field names
 * it ("fields.allergies.2" is the allergies field).
 */
export function formErrors<F extends string>(
  issues: readonly FieldIssue[],
  formFields: readonly F[],
  fallbackMessage?: string,
): FormErrors<F> {
  const fields: Partial<Record<F, string>> = {};
  const other: string[] = [];
  for (const issue of issues) {
    const segments = issue.field.split('.');
    const field = segments.findLast((key): key is F => formFields.some((f) => f === key));
    if (field === undefined) {
      if (!other.includes(issue.message)) other.push(issue.message);
    } else {
      fields[field] ??= issue.message;
    }
  }
  if (issues.length === 0 && fallbackMessage) other.push(fallbackMessage);
  return { fields, other };
}

/** The error summary's links: each field with an error, in form order, pointing at its input. */
export function summaryLinks<F extends string>(
  errors: FormErrors<F>,
  formFields: readonly F[],
  labels: Record<F, string>,
  inputId: (field: F) => string = (field) => field,
): { id: string; label: string }[] {
  return formFields
    .filter((field) => errors.fields[field])
    .map((field) => ({ id: inputId(field), label: labels[field] }));
}
