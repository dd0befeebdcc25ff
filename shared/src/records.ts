import * as v from 'valibot';
import { requiredText, Uuid, type SyncedRowMeta } from './common.ts';
import { jsonValueDepthWithin, MAX_JSON_DEPTH } from './json-depth.ts';
import { FieldId } from './template-fields.ts';
import type { RecordData } from './record-values.ts';

export const recordStatuses = ['draft', 'finalized', 'archived'] as const;
export type RecordStatus = (typeof recordStatuses)[number];

/** A clinical record, written against one template version. */
export type ClinicalRecord = SyncedRowMeta & {
  patientId: string;
  templateId: string;
  templateVersionId: string;
  /** The appointment this record is the note of; at most one live record per appointment. */
  appointmentId: string | null;
  status: RecordStatus;
  data: RecordData;
  /** When and by whom it was signed; null while a draft. */
  finalizedAt: string | null;
  finalizedBy: string | null;
  archivedAt: string | null;
  archivedBy: string | null;
};

/** A note added to a signed record. Immutable: a correction is another addendum. */
export type RecordAddendum = SyncedRowMeta & {
  recordId: string;
  patientId: string;
  text: string;
};

/** One saved version of a record, as `GET /api/records/:id/history` answers it. */
export type RecordHistoryEntry = {
  version: number;
  changedAt: string;
  changedBy: string;
  /** `fieldId` is a template field's id, or `_status` for signing and archiving. */
  changes: { fieldId: string; oldValue: unknown; newValue: unknown }[];
};

/** Largest record `data` a mutation may carry, as JSON text. */
export const MAX_RECORD_DATA_CHARS = 256 * 1024;

/**
 * Field answers as a device sends them. Their shape and rules are checked against the template
 * version by `validateRecordData`, which needs that version, so only the envelope is checked here.
 */
const RecordDataInput = v.pipe(
  v.record(FieldId, v.unknown(), 'Record data must be an object.'),
  v.check(
    (data) => jsonValueDepthWithin(data),
    `Record data nested deeper than ${MAX_JSON_DEPTH} levels is not accepted.`,
  ),
  // Too deep is the check above's to report: `JSON.stringify` would overflow the stack on it.
  v.check(
    (data) => !jsonValueDepthWithin(data) || JSON.stringify(data).length <= MAX_RECORD_DATA_CHARS,
    'This record is too large to save.',
  ),
);

export const RecordCreateArgs = v.strictObject({
  id: Uuid,
  patientId: Uuid,
  templateVersionId: Uuid,
  data: v.optional(RecordDataInput, {}),
  /** The appointment this record is the note of. */
  appointmentId: v.optional(v.nullable(Uuid)),
});
export type RecordCreateArgs = v.InferOutput<typeof RecordCreateArgs>;

/** Changes some answers of a draft; null clears an answer. Each field id merges on its own. */
export const RecordUpdateArgs = v.strictObject({
  id: Uuid,
  baseVersion: v.pipe(v.number(), v.integer(), v.minValue(1)),
  data: v.pipe(
    RecordDataInput,
    v.check((data) => Object.keys(data).length > 0, 'An update must change at least one field.'),
  ),
});
export type RecordUpdateArgs = v.InferOutput<typeof RecordUpdateArgs>;

export const RecordIdArgs = v.strictObject({ id: Uuid });
export type RecordIdArgs = v.InferOutput<typeof RecordIdArgs>;

export const AddendumCreateArgs = v.strictObject({
  id: Uuid,
  recordId: Uuid,
  text: requiredText('Addendum', 10_000),
});
export type AddendumCreateArgs = v.InferOutput<typeof AddendumCreateArgs>;
