import { isDeepStrictEqual } from 'node:util';
import {
  makeProblem,
  validateRecordData,
  validateRecordPatch,
  type ClinicalRecord,
  type Overwrite,
  type Photo,
  type Problem,
  type RecordCreateArgs,
  type RecordData,
  type RecordIdArgs,
  type RecordStatus,
  type RecordUpdateArgs,
} from '@bedside/shared';
import type { FieldChangeSummary } from '../storage/history-queries.ts';
import type { VersionFields } from '../storage/template-queries.ts';
import { touched, type Author } from './batch.ts';
import { validationProblem } from './problems.ts';
import { foreignPhotoIssues, listedPhotos } from './record-photos.ts';
import { changesSinceBase, overwritesOf } from './overwrites.ts';

/** What the rules may ask about the clinic's records, as of this point in the batch. */
export type RecordView = {
  clinicId: string;
  /** The record with this id in ANY clinic, so an id taken elsewhere is refused without saying so. */
  record(id: string): ClinicalRecord | undefined;
  /** Whether the clinic has this patient (deleted or not). */
  hasPatient(id: string): boolean;
  /** The clinic's template version with this id. */
  version(id: string): VersionFields | undefined;
  /** The clinic's photo with this id, if the batch loaded it (photos its records list). */
  photo(id: string): Photo | undefined;
  /** Field changes other pushes made after `baseVersion`, oldest first. */
  changesAfter(rowId: string, baseVersion: number): FieldChangeSummary[];
};

export type RecordDraft = Omit<ClinicalRecord, 'changeSeq'>;
/** `data.<fieldId>` for an answer, `_status` for signing and archiving. */
export type RecordEdit = { field: string; oldValue: unknown; newValue: unknown };

export type RecordOutcome =
  | { kind: 'rejected'; problem: Problem }
  | { kind: 'unchanged'; row: ClinicalRecord }
  | {
      kind: 'written';
      row: RecordDraft;
      edits: RecordEdit[];
      overwrites: Overwrite[];
      /** Photos the change lists: they become committed with it. */
      photoIds?: string[];
    };

export const recordNotFound = makeProblem(
  'not-found',
  404,
  'This record does not exist on the server.',
);
const signed = makeProblem(
  'record-finalized',
  409,
  'This record has been signed. Add an addendum instead.',
);
const notSigned = makeProblem(
  'record-not-finalized',
  409,
  'Only a signed record can be archived; delete a draft instead.',
);

function rejected(problem: Problem): RecordOutcome {
  return { kind: 'rejected', problem };
}

export function ownRecord(view: RecordView, id: string): ClinicalRecord | undefined {
  const row = view.record(id);
  return row?.clinicId === view.clinicId ? row : undefined;
}

/** The version a stored record points at; the foreign key guarantees it is there. */
function versionOf(view: RecordView, record: ClinicalRecord): VersionFields {
  const version = view.version(record.templateVersionId);
  if (!version) throw new Error('template version of a stored record not loaded');
  return version;
}

function statusChange(row: RecordDraft, from: RecordStatus): RecordOutcome {
  return {
    kind: 'written',
    row,
    edits: [{ field: '_status', oldValue: from, newValue: row.status }],
    overwrites: [],
  };
}

/** The answers without the cleared ones: a null answer is stored as no answer. */
function answered(data: RecordData): RecordData {
  return Object.fromEntries(Object.entries(data).filter(([, value]) => value !== null));
}

function answerOf(data: RecordData, fieldId: string): unknown {
  return Object.hasOwn(data, fieldId) ? data[fieldId] : null;
}

/**
 * A draft against a version of the clinic's templates (of a deleted template too: a device may
 * have written it offline before the delete). Only the shape of the data is checked.
 */
export function createRecord(
  view: RecordView,
  args: RecordCreateArgs,
  author: Author,
): RecordOutcome {
  if (view.record(args.id))
    return rejected(makeProblem('conflict', 409, 'This record already exists.'));
  if (!view.hasPatient(args.patientId))
    return rejected(makeProblem('not-found', 404, 'This patient does not exist on the server.'));
  const version = view.version(args.templateVersionId);
  if (!version) {
    return rejected(
      makeProblem('not-found', 404, 'This template version does not exist on the server.'),
    );
  }
  const issues = validateRecordData(version.fields, args.data, 'draft');
  if (issues.length > 0) return rejected(validationProblem(issues));
  const foreign = foreignPhotoIssues(version.fields, args.data, args.patientId, (id) =>
    view.photo(id),
  );
  if (foreign.length > 0) return rejected(validationProblem(foreign));
  const row: RecordDraft = {
    id: args.id,
    clinicId: view.clinicId,
    patientId: args.patientId,
    templateId: version.templateId,
    templateVersionId: version.id,
    status: 'draft',
    data: answered(args.data),
    finalizedAt: null,
    finalizedBy: null,
    archivedAt: null,
    archivedBy: null,
    createdAt: author.at,
    createdBy: author.userId,
    updatedAt: author.at,
    updatedBy: author.userId,
    version: 1,
    deletedAt: null,
    deletedBy: null,
  };
  return {
    kind: 'written',
    row,
    edits: [],
    overwrites: [],
    photoIds: photoIdsIn(version, args.data),
  };
}

function photoIdsIn(version: VersionFields, data: RecordData): string[] {
  return listedPhotos(version.fields, data).flatMap(({ ids }) => ids);
}

/**
 * Changes some answers of a draft. Each field merges on its own; one another device changed
 * since `baseVersion` is overwritten (the later arrival wins) and reported. Null clears it.
 */
export function updateRecord(
  view: RecordView,
  args: RecordUpdateArgs,
  author: Author,
): RecordOutcome {
  const current = ownRecord(view, args.id);
  if (!current) return rejected(recordNotFound);
  if (current.status !== 'draft') return rejected(signed);
  if (current.deletedAt) {
    return rejected(
      makeProblem(
        'deleted',
        409,
        'This record was deleted on another device. Restore it to apply your change.',
      ),
    );
  }
  if (args.baseVersion > current.version) {
    return rejected(
      makeProblem(
        'conflict',
        409,
        'This device has a newer copy of the record than the server. Sync again, then retry.',
      ),
    );
  }
  const version = versionOf(view, current);
  const issues = validateRecordPatch(version.fields, args.data);
  if (issues.length > 0) return rejected(validationProblem(issues));
  const foreign = foreignPhotoIssues(version.fields, args.data, current.patientId, (id) =>
    view.photo(id),
  );
  if (foreign.length > 0) return rejected(validationProblem(foreign));

  const data: RecordData = { ...current.data };
  const edits: RecordEdit[] = [];
  for (const [fieldId, value] of Object.entries(args.data)) {
    const oldValue = answerOf(current.data, fieldId);
    if (isDeepStrictEqual(oldValue, value)) continue;
    edits.push({ field: `data.${fieldId}`, oldValue, newValue: value });
    if (value === null) delete data[fieldId];
    else data[fieldId] = value;
  }
  if (edits.length === 0) return { kind: 'unchanged', row: current };

  const overwrites = overwritesOf(edits, changesSinceBase(view, current, args.baseVersion));
  return {
    kind: 'written',
    row: { ...touched(current, author), data },
    edits,
    overwrites,
    photoIds: photoIdsIn(version, args.data),
  };
}

/** Signs a complete draft; from then on it never changes but by addenda. */
export function finalizeRecord(
  view: RecordView,
  args: RecordIdArgs,
  author: Author,
): RecordOutcome {
  const current = ownRecord(view, args.id);
  if (!current) return rejected(recordNotFound);
  if (current.status === 'finalized') return { kind: 'unchanged', row: current };
  if (current.status === 'archived') return rejected(signed);
  if (current.deletedAt) {
    return rejected(
      makeProblem('deleted', 409, 'This record was deleted. Restore it before signing it.'),
    );
  }
  const issues = validateRecordData(versionOf(view, current).fields, current.data, 'final');
  if (issues.length > 0) {
    return rejected(makeProblem('validation', 422, 'This record is not complete yet.', { issues }));
  }
  return statusChange(
    {
      ...touched(current, author),
      status: 'finalized',
      finalizedAt: author.at,
      finalizedBy: author.userId,
    },
    current.status,
  );
}

export function archiveRecord(view: RecordView, args: RecordIdArgs, author: Author): RecordOutcome {
  const current = ownRecord(view, args.id);
  if (!current) return rejected(recordNotFound);
  if (current.status === 'draft') return rejected(notSigned);
  if (current.status === 'archived') return { kind: 'unchanged', row: current };
  return statusChange(
    {
      ...touched(current, author),
      status: 'archived',
      archivedAt: author.at,
      archivedBy: author.userId,
    },
    current.status,
  );
}

/** Back from the archive to signed. */
export function unarchiveRecord(
  view: RecordView,
  args: RecordIdArgs,
  author: Author,
): RecordOutcome {
  const current = ownRecord(view, args.id);
  if (!current) return rejected(recordNotFound);
  if (current.status === 'draft') return rejected(notSigned);
  if (current.status === 'finalized') return { kind: 'unchanged', row: current };
  return statusChange(
    { ...touched(current, author), status: 'finalized', archivedAt: null, archivedBy: null },
    current.status,
  );
}

/** Soft delete, of drafts only. */
export function deleteRecord(view: RecordView, args: RecordIdArgs, author: Author): RecordOutcome {
  const current = ownRecord(view, args.id);
  if (!current) return rejected(recordNotFound);
  if (current.status !== 'draft') {
    return rejected(
      makeProblem('record-finalized', 409, 'A signed record can only be archived, never deleted.'),
    );
  }
  if (current.deletedAt) return { kind: 'unchanged', row: current };
  const row = { ...touched(current, author), deletedAt: author.at, deletedBy: author.userId };
  return { kind: 'written', row, edits: [], overwrites: [] };
}

export function restoreRecord(view: RecordView, args: RecordIdArgs, author: Author): RecordOutcome {
  const current = ownRecord(view, args.id);
  if (!current) return rejected(recordNotFound);
  if (!current.deletedAt) return { kind: 'unchanged', row: current };
  const row = { ...touched(current, author), deletedAt: null, deletedBy: null };
  return { kind: 'written', row, edits: [], overwrites: [] };
}
