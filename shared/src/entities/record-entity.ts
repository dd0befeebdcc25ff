import { jsonEqual } from '../json-equal.ts';
import { makeProblem } from '../problems.ts';
import { validateRecordData, validateRecordPatch } from '../record-validation.ts';
import type { RecordData } from '../record-values.ts';
import {
  RecordCreateArgs,
  RecordIdArgs,
  RecordUpdateArgs,
  type ClinicalRecord,
  type RecordStatus,
} from '../records.ts';
import {
  defineEntity,
  defineMutation,
  type Author,
  type Draft,
  type FieldEdit,
  type Need,
  type Outcome,
  type RuleView,
  type SideWrite,
} from '../sync/entity-definition.ts';
import {
  alreadyExists,
  createdMeta,
  editRefusal,
  freshRowNeed,
  historyNeed,
  ownRow,
  overwritesOf,
  rejected,
  restoreMutation,
  rowNeed,
  softDeleted,
  touched,
  validationProblem,
  written,
} from '../sync/mutation-kit.ts';
import type { TemplateVersion } from '../templates.ts';
import { foreignPhotoIssues, listedPhotos } from './record-photos.ts';

const table = 'records';

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
/**
 * A stored record's version is always there on the server (a foreign key); a device that lacks
 * it leaves the record as it is rather than failing the sync step that replays it.
 */
const versionMissing = makeProblem(
  'not-found',
  404,
  'The template version of this record is not here yet.',
);
const notSigned = makeProblem(
  'record-not-finalized',
  409,
  'Only a signed record can be archived; delete a draft instead.',
);

/** The clinic's template version with this id. */
function versionOf(view: RuleView, id: string | undefined): TemplateVersion | undefined {
  return id === undefined ? undefined : ownRow(view, 'templateVersions', id);
}

/** The record's version, and the photos `data` lists under it: read once the version is. */
function versionAndPhotoNeeds(view: RuleView, versionId: string, data: RecordData): Need[] {
  const version = versionOf(view, versionId);
  const photos = version ? listedPhotos(version.fields, data).flatMap(({ ids }) => ids) : [];
  return [rowNeed('templateVersions', versionId), ...photos.map((id) => rowNeed('photos', id))];
}

/**
 * The pending photos `data` lists become committed with the record, with new versions, so every
 * device sees them leave "pending".
 */
function commitListedPhotos(
  view: RuleView,
  version: TemplateVersion,
  data: RecordData,
  author: Author,
): SideWrite[] {
  return listedPhotos(version.fields, data).flatMap(({ ids }) =>
    ids.flatMap((id): SideWrite[] => {
      const photo = view.row('photos', id);
      if (photo?.status !== 'pending') return [];
      const row = { ...touched(photo, author), status: 'committed' as const };
      return [{ table: 'photos', row, audit: 'photo.commit' }];
    }),
  );
}

/** The answers without the cleared ones: a null answer is stored as no answer. */
function answered(data: RecordData): RecordData {
  return Object.fromEntries(Object.entries(data).filter(([, value]) => value !== null));
}

function answerOf(data: RecordData, fieldId: string): unknown {
  return Object.hasOwn(data, fieldId) ? data[fieldId] : null;
}

/** Signing and archiving are recorded in history as a change of `_status`. */
function statusChange(row: Draft<'records'>, from: RecordStatus): Outcome<'records'> {
  return written(row, [{ field: '_status', oldValue: from, newValue: row.status }]);
}

/** A status change of a signed record, the only kind it takes: `change` decides from the status. */
function statusMutation(change: (current: ClinicalRecord, author: Author) => Outcome<'records'>) {
  return defineMutation({
    table,
    args: RecordIdArgs,
    needs: (args) => [rowNeed(table, args.id)],
    decide(view, args, author) {
      const current = ownRow(view, table, args.id);
      return current ? change(current, author) : rejected(recordNotFound);
    },
  });
}

/**
 * Clinical records: a draft merges answer by answer (`data.<fieldId>`); signing makes it
 * immutable, changed only by addenda; a signed record archives, a draft deletes.
 */
export const recordEntity = defineEntity({
  table,
  mutations: {
    /**
     * A draft against a version of the clinic's templates (of a deleted template too: a device
     * may have written it offline before the delete). Only the shape of the data is checked.
     */
    'record.create': defineMutation({
      table,
      args: RecordCreateArgs,
      needs: (args, view) => [
        freshRowNeed(table, args.id),
        rowNeed('patients', args.patientId),
        ...versionAndPhotoNeeds(view, args.templateVersionId, args.data),
      ],
      decide(view, args, author) {
        if (view.row(table, args.id)) return rejected(alreadyExists('record'));
        if (!ownRow(view, 'patients', args.patientId))
          return rejected(
            makeProblem('not-found', 404, 'This patient does not exist on the server.'),
          );
        const version = versionOf(view, args.templateVersionId);
        if (!version) {
          return rejected(
            makeProblem('not-found', 404, 'This template version does not exist on the server.'),
          );
        }
        const issues = validateRecordData(version.fields, args.data, 'draft');
        if (issues.length > 0) return rejected(validationProblem(issues));
        const foreign = foreignPhotoIssues(version.fields, args.data, args.patientId, (id) =>
          ownRow(view, 'photos', id),
        );
        if (foreign.length > 0) return rejected(validationProblem(foreign));
        const row = {
          ...createdMeta(args.id, view.clinicId, author),
          patientId: args.patientId,
          templateId: version.templateId,
          templateVersionId: version.id,
          status: 'draft' as const,
          data: answered(args.data),
          finalizedAt: null,
          finalizedBy: null,
          archivedAt: null,
          archivedBy: null,
        };
        return { ...written(row), after: commitListedPhotos(view, version, args.data, author) };
      },
    }),

    /**
     * Changes some answers of a draft. Each field merges on its own; one another device changed
     * since `baseVersion` is overwritten (the later arrival wins) and reported. Null clears it.
     */
    'record.update': defineMutation({
      table,
      args: RecordUpdateArgs,
      needs(args, view) {
        const current = ownRow(view, table, args.id);
        return [
          rowNeed(table, args.id),
          ...(current ? versionAndPhotoNeeds(view, current.templateVersionId, args.data) : []),
          historyNeed(table, args.id, args.baseVersion),
        ];
      },
      decide(view, args, author) {
        const current = ownRow(view, table, args.id);
        if (!current) return rejected(recordNotFound);
        if (current.status !== 'draft') return rejected(signed);
        const refusal = editRefusal(current, args.baseVersion, 'record');
        if (refusal) return rejected(refusal);
        const version = versionOf(view, current.templateVersionId);
        if (!version) return rejected(versionMissing);
        const issues = validateRecordPatch(version.fields, args.data);
        if (issues.length > 0) return rejected(validationProblem(issues));
        const foreign = foreignPhotoIssues(version.fields, args.data, current.patientId, (id) =>
          ownRow(view, 'photos', id),
        );
        if (foreign.length > 0) return rejected(validationProblem(foreign));

        const data: RecordData = { ...current.data };
        const edits: FieldEdit[] = [];
        for (const [fieldId, value] of Object.entries(args.data)) {
          const oldValue = answerOf(current.data, fieldId);
          if (jsonEqual(oldValue, value)) continue;
          edits.push({ field: `data.${fieldId}`, oldValue, newValue: value });
          if (value === null) delete data[fieldId];
          else data[fieldId] = value;
        }
        if (edits.length === 0) return { kind: 'unchanged', row: current };
        const overwrites = overwritesOf(view, table, current, args.baseVersion, edits);
        return {
          ...written({ ...touched(current, author), data }, edits, overwrites),
          after: commitListedPhotos(view, version, args.data, author),
        };
      },
    }),

    /** Signs a complete draft; from then on it never changes but by addenda. */
    'record.finalize': defineMutation({
      table,
      args: RecordIdArgs,
      needs(args, view) {
        const current = ownRow(view, table, args.id);
        return [
          rowNeed(table, args.id),
          ...(current ? [rowNeed('templateVersions', current.templateVersionId)] : []),
        ];
      },
      decide(view, args, author) {
        const current = ownRow(view, table, args.id);
        if (!current) return rejected(recordNotFound);
        if (current.status === 'finalized') return { kind: 'unchanged', row: current };
        if (current.status === 'archived') return rejected(signed);
        if (current.deletedAt) {
          return rejected(
            makeProblem('deleted', 409, 'This record was deleted. Restore it before signing it.'),
          );
        }
        const version = versionOf(view, current.templateVersionId);
        if (!version) return rejected(versionMissing);
        const issues = validateRecordData(version.fields, current.data, 'final');
        if (issues.length > 0) {
          return rejected(
            makeProblem('validation', 422, 'This record is not complete yet.', { issues }),
          );
        }
        const row = {
          ...touched(current, author),
          status: 'finalized' as const,
          finalizedAt: author.at,
          finalizedBy: author.userId,
        };
        return statusChange(row, current.status);
      },
    }),

    'record.archive': statusMutation((current, author) => {
      if (current.status === 'draft') return rejected(notSigned);
      if (current.status === 'archived') return { kind: 'unchanged', row: current };
      const row = {
        ...touched(current, author),
        status: 'archived' as const,
        archivedAt: author.at,
        archivedBy: author.userId,
      };
      return statusChange(row, current.status);
    }),

    /** Back from the archive to signed. */
    'record.unarchive': statusMutation((current, author) => {
      if (current.status === 'draft') return rejected(notSigned);
      if (current.status === 'finalized') return { kind: 'unchanged', row: current };
      const row = {
        ...touched(current, author),
        status: 'finalized' as const,
        archivedAt: null,
        archivedBy: null,
      };
      return statusChange(row, current.status);
    }),

    /** Soft delete, of drafts only. */
    'record.delete': statusMutation((current, author) => {
      if (current.status !== 'draft') {
        return rejected(
          makeProblem(
            'record-finalized',
            409,
            'A signed record can only be archived, never deleted.',
          ),
        );
      }
      if (current.deletedAt) return { kind: 'unchanged', row: current };
      return written(softDeleted(current, author));
    }),

    'record.restore': restoreMutation(table, RecordIdArgs, recordNotFound),
  },
});
