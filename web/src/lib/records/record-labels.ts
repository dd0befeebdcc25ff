import {
  problemCode,
  type FieldIssue,
  type Problem,
  type RecordStatus,
  type TemplateField,
} from '@bedside/shared';
import { countOf } from '$lib/ui/plural';
import { displayLines } from '$lib/records/record-values';
import type { RecordHistoryEntry } from '@bedside/shared';
import type { RecordSyncState } from '$lib/records/record-queries';

const statusLabels: Record<RecordStatus, string> = {
  draft: 'Draft',
  finalized: 'Signed',
  archived: 'Archived',
};

/** "Draft", "Signed", "Archived"; a deleted draft reads "Deleted draft". */
export function recordStatusLabel(status: RecordStatus, deleted = false): string {
  return deleted ? 'Deleted draft' : statusLabels[status];
}

export const recordSyncLabels: Record<RecordSyncState, string> = {
  synced: 'Synced',
  pending: 'Waiting to sync',
  rejected: 'Needs attention',
};

/** "1 addendum" / "3 addenda". */
export function addendaCount(count: number): string {
  return countOf(count, 'addendum', 'addenda');
}

/** "Written with SOAP note version 2"; a version this device made and has not synced says so. */
export function writtenWith(templateName: string, versionNumber: number | null): string {
  return versionNumber === null
    ? `Written with ${templateName}`
    : `Written with ${templateName} version ${versionNumber}`;
}

/** Whether the server refused this device's edits because the record had been signed. */
export function wasSignedElsewhere(rejected: readonly { problem: Problem }[]): boolean {
  return rejected.some((mutation) => problemCode(mutation.problem) === 'record-finalized');
}

/**
 * The template field an issue or a history change is about. Issue paths name the field id first
 * (`vitals.heartRate`, `meds.0.drug`); conflicts and history say `data.<fieldId>`.
 */
export function fieldOf(fields: readonly TemplateField[], path: string): TemplateField | undefined {
  const [first, second] = path.split('.');
  const id = first === 'data' && second !== undefined ? second : first;
  return fields.find((field) => field.id === id);
}

/** A field's label for a sentence; unknown ids (a field a later version dropped) show as is. */
export function fieldLabelOf(fields: readonly TemplateField[], path: string): string {
  return fieldOf(fields, path)?.label ?? path.replace(/^data\./, '');
}

/** Issues that name no field of the form (shown in full in the summary). */
export function formLevelMessages(
  fields: readonly TemplateField[],
  issues: readonly FieldIssue[],
): string[] {
  const messages = issues
    .filter((issue) => fieldOf(fields, issue.field) === undefined)
    .map((issue) => issue.message);
  return [...new Set(messages)];
}

/** A field's value in a sentence ("120/80 mmHg; Heart rate: 72/min"); nothing reads "(empty)". */
export function describeValue(field: TemplateField | undefined, value: unknown): string {
  if (value === null || value === undefined) return '(empty)';
  if (!field) return typeof value === 'string' ? value : JSON.stringify(value);
  return displayLines(field, value).join('; ') || '(empty)';
}

type HistoryChange = RecordHistoryEntry['changes'][number];

/**
 * One line of a version in the history view. The first version lists the answers it was
 * created with (no "before"); `_status` is the signing or archiving of the record.
 */
export function describeHistoryChange(
  fields: readonly TemplateField[],
  change: HistoryChange,
  initial: boolean,
): { label: string; from: string | null; to: string } {
  if (change.fieldId === '_status') {
    const status = (value: unknown) =>
      isRecordStatus(value) ? statusLabels[value] : describeValue(undefined, value);
    return {
      label: 'Status',
      from: initial ? null : status(change.oldValue),
      to: status(change.newValue),
    };
  }
  const field = fieldOf(fields, change.fieldId);
  return {
    label: fieldLabelOf(fields, change.fieldId),
    from: initial ? null : describeValue(field, change.oldValue),
    to: describeValue(field, change.newValue),
  };
}

function isRecordStatus(value: unknown): value is RecordStatus {
  return typeof value === 'string' && Object.hasOwn(statusLabels, value);
}
