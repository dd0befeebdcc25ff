import * as v from 'valibot';
import type { FieldIssue } from './problems.ts';

/** Flattens valibot issues into `{field, message}` pairs: the same text on device and server. */
export function toFieldIssues(issues: readonly v.BaseIssue<unknown>[]): FieldIssue[] {
  return issues.map((issue) => ({
    field: v.getDotPath(issue) ?? '',
    message: issue.message,
  }));
}

export type Validated<T> = { ok: true; value: T } | { ok: false; issues: FieldIssue[] };

export function validate<const S extends v.GenericSchema>(
  schema: S,
  input: unknown,
): Validated<v.InferOutput<S>> {
  // One message per field: the first rule a value breaks is the one worth fixing first.
  const result = v.safeParse(schema, input, { abortPipeEarly: true });
  return result.success
    ? { ok: true, value: result.output }
    : { ok: false, issues: toFieldIssues(result.issues) };
}
