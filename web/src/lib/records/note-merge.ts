import { isEmptyValue, jsonEqual, type RecordData, type TemplateField } from '@bedside/shared';
import { displayLines } from './record-values';

/** What copying one note's answers into another changes, and what found no field of its own. */
export type NoteMerge = {
  /** Answers to save into the other note (only fields that change). */
  patch: RecordData;
  /** "Label: text" lines of answers that could not go into a field of the same id. */
  leftover: string[];
};

/**
 * Copies the answers of `mine` (written with `mineFields`) into the note `theirs` (written with
 * `theirFields`): a field empty there takes my answer; a text field with text there keeps both,
 * theirs first, separated; any other answer that differs, or whose field that note lacks, is put
 * as a "Label: value" line at the end of its last long-text field (in `leftover` when it has none).
 *
 * @example mergeNoteAnswers(soap, { plan: 'Rest' }, soap, { plan: 'Ice' }).patch // { plan: 'Ice\n\nRest' }
 */
export function mergeNoteAnswers(
  theirFields: readonly TemplateField[],
  theirs: RecordData,
  mineFields: readonly TemplateField[],
  mine: RecordData,
): NoteMerge {
  const patch: RecordData = {};
  const leftover: string[] = [];
  for (const field of mineFields) {
    const value = mine[field.id];
    if (isEmptyValue(field, value)) continue;
    const target = theirFields.find((candidate) => candidate.id === field.id);
    const current = theirs[field.id];
    if (target && target.type === field.type) {
      if (isEmptyValue(target, current)) patch[field.id] = value;
      else if (jsonEqual(current, value)) continue;
      else if (typeof current === 'string' && typeof value === 'string')
        patch[field.id] = `${current}${separator(target)}${value}`;
      else leftover.push(line(field, value));
    } else leftover.push(line(field, value));
  }
  const notes = theirFields.filter((field) => field.type === 'textarea').at(-1);
  if (leftover.length === 0 || !notes) return { patch, leftover };
  const before = patch[notes.id] ?? theirs[notes.id];
  const text = leftover.join('\n');
  patch[notes.id] = typeof before === 'string' && before.trim() ? `${before}\n\n${text}` : text;
  return { patch, leftover: [] };
}

function separator(field: TemplateField): string {
  return field.type === 'textarea' ? '\n\n' : ' / ';
}

function line(field: TemplateField, value: unknown): string {
  return `${field.label}: ${displayLines(field, value).join('; ')}`;
}

/** My answers as "Label: text" lines in my template's order, for an addendum. */
export function answersAsText(fields: readonly TemplateField[], data: RecordData): string {
  return fields
    .filter((field) => !isEmptyValue(field, data[field.id]))
    .map((field) => line(field, data[field.id]))
    .join('\n');
}
