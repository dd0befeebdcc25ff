import { jsonEqual } from '../json-equal.ts';
import { makeProblem } from '../problems.ts';
import { validateRecordData, validateRecordPatch } from '../record-validation.ts';
import type { RecordData } from '../record-values.ts';
import { RecordCreateArgs, RecordIdArgs, RecordUpdateArgs } from '../records.ts';
import { defineEntity, defineMutation, type FieldEdit } from '../sync/entity-definition.ts';
import {
  alreadyExists,
  createdMeta,
  editRefusal,
  freshRowNeed,
  historyNeed,
  ownRow,
  overwritesOf,
  rejected,
  restored,
  rowNeed,
  softDeleted,
  touched,
  validationProblem,
  written,
} from '../sync/mutation-kit.ts';
import {
  appointmentNeeds,
  appointmentRefusal,
  appointmentTaken,
  heldAppointment,
} from './record-appointment.ts';
import { cascadeNeeds, deleteNotePhotos, restoreNotePhotos } from './photo-cascade.ts';
import { foreignPhotoIssues } from './record-photos.ts';

import {
  answered,
  answerOf,
  commitListedPhotos,
  notSigned,
  recordNotFound,
  signed,
  statusChange,
  statusMutation,
  versionAndPhotoNeeds,
  versionMissing,
  versionOf,
} from './record-rules.ts';

export { recordNotFound } from './record-rules.ts';

const table = 'records';

/**
 * Clinical records: a draft merges answer by answer (`data.<fieldId>`); signing makes it
 * immutable, changed only by addenda; a signed record archives, a draft deletes.
 */
export const recordEntity = defineEntity({
  table,
  readCapability: 'clinical.read',
  uniqueKeys: { appointment: heldAppointment },
  mutations: {
    /**
     * A draft against a version of the clinic's templates (of a deleted template too: a device
     * may have written it offline before the delete). Only the shape of the data is checked.
     * With `appointmentId`, the note of that appointment: its only live one.
     */
    'record.create': defineMutation({
      table,
      capability: 'clinical.write',
      args: RecordCreateArgs,
      needs: (args, view) => [
        freshRowNeed(table, args.id),
        rowNeed('patients', args.patientId),
        ...versionAndPhotoNeeds(view, args.templateVersionId, args.data),
        ...appointmentNeeds(args.appointmentId, true),
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
        const appointmentId = args.appointmentId ?? null;
        const taken = appointmentRefusal(view, appointmentId, args.patientId, args.id);
        if (taken) return rejected(taken);
        const row = {
          ...createdMeta(args.id, view.clinicId, author),
          patientId: args.patientId,
          templateId: version.templateId,
          templateVersionId: version.id,
          appointmentId,
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
      capability: 'clinical.write',
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
      capability: 'clinical.write',
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

    /** Soft delete, of drafts only, with the photos only it lists (see `photo-cascade.ts`). */
    'record.delete': defineMutation({
      table,
      capability: 'clinical.write',
      args: RecordIdArgs,
      needs: (args, view) => {
        const current = ownRow(view, table, args.id);
        return [rowNeed(table, args.id), ...(current ? cascadeNeeds(current.patientId, true) : [])];
      },
      decide(view, args, author) {
        const current = ownRow(view, table, args.id);
        if (!current) return rejected(recordNotFound);
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
        const photos = deleteNotePhotos(view, current, author);
        return { ...written(softDeleted(current, author)), after: photos };
      },
    }),

    /** Undoes a soft delete, unless its appointment has another live note meanwhile. */
    'record.restore': defineMutation({
      table,
      capability: 'clinical.write',
      args: RecordIdArgs,
      needs: (args, view) => {
        const current = ownRow(view, table, args.id);
        return [
          rowNeed(table, args.id),
          ...appointmentNeeds(current?.appointmentId, false),
          ...(current ? cascadeNeeds(current.patientId, false) : []),
        ];
      },
      decide(view, args, author) {
        const current = ownRow(view, table, args.id);
        if (!current) return rejected(recordNotFound);
        if (!current.deletedAt) return { kind: 'unchanged', row: current };
        const taken = appointmentTaken(view, current.appointmentId ?? null, current.id);
        if (taken) return rejected(taken);
        const photos = restoreNotePhotos(view, current, author);
        return { ...written(restored(current, author)), after: photos };
      },
    }),
  },
});
