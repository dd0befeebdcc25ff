import { PhotoCreateArgs, PhotoIdArgs, PhotoUpdateArgs } from '../photos.ts';
import { makeProblem } from '../problems.ts';
import { defineEntity, defineMutation } from '../sync/entity-definition.ts';
import {
  alreadyExists,
  createdMeta,
  editRefusal,
  deleteMutation,
  fieldEdits,
  freshRowNeed,
  historyNeed,
  ownRow,
  overwritesOf,
  rejected,
  restoreMutation,
  rowNeed,
  touched,
  written,
} from '../sync/mutation-kit.ts';

const table = 'photos';

/** The fields a clinician edits; everything else about a photo is fixed at capture. */
export const photoEditableFields = ['bodySite', 'laterality', 'description'] as const;

export const photoNotFound = makeProblem(
  'not-found',
  404,
  'This photo does not exist on the server.',
);

/**
 * Photos and PDF attachments of a patient. Only the row syncs here; the bytes travel through the
 * upload routes, which set `uploadedAt` once they are stored and checked.
 */
export const photoEntity = defineEntity({
  table,
  readCapability: 'photos.read',
  mutations: {
    /** The row of a photo the device captured; its bytes come later. */
    'photo.create': defineMutation({
      table,
      capability: 'photos.add',
      args: PhotoCreateArgs,
      needs: (args) => [freshRowNeed(table, args.id), rowNeed('patients', args.patientId)],
      decide(view, args, author) {
        if (view.row(table, args.id)) return rejected(alreadyExists('photo'));
        if (!ownRow(view, 'patients', args.patientId))
          return rejected(
            makeProblem('not-found', 404, 'This patient does not exist on the server.'),
          );
        return written({
          ...createdMeta(args.id, view.clinicId, author),
          patientId: args.patientId,
          kind: args.kind,
          contentType: args.contentType,
          byteSize: args.byteSize,
          width: args.width ?? null,
          height: args.height ?? null,
          sha256: args.sha256,
          capturedAt: new Date(args.capturedAt).toISOString(),
          bodySite: args.bodySite ?? null,
          laterality: args.laterality ?? null,
          description: args.description ?? null,
          status: args.commit ? 'committed' : 'pending',
          uploadedAt: null,
        });
      },
    }),

    /**
     * Changes only the fields sent, merged like a patient's: a field another device changed since
     * `baseVersion` is overwritten (the later arrival wins) and reported.
     */
    'photo.update': defineMutation({
      table,
      capability: 'photos.add',
      args: PhotoUpdateArgs,
      needs: (args) => [rowNeed(table, args.id), historyNeed(table, args.id, args.baseVersion)],
      decide(view, args, author) {
        const current = ownRow(view, table, args.id);
        if (!current) return rejected(photoNotFound);
        const refusal = editRefusal(current, args.baseVersion, 'photo');
        if (refusal) return rejected(refusal);
        const edits = fieldEdits(current, args.fields, photoEditableFields);
        if (edits.length === 0) return { kind: 'unchanged', row: current };
        const overwrites = overwritesOf(view, table, current, args.baseVersion, edits);
        const changed = Object.fromEntries(edits.map((edit) => [edit.field, edit.newValue]));
        return written({ ...touched(current, author), ...changed }, edits, overwrites);
      },
    }),

    /** Pending → committed; a committed photo stays as it is. */
    'photo.commit': defineMutation({
      table,
      capability: 'photos.add',
      args: PhotoIdArgs,
      needs: (args) => [rowNeed(table, args.id)],
      decide(view, args, author) {
        const current = ownRow(view, table, args.id);
        if (!current) return rejected(photoNotFound);
        if (current.status === 'committed') return { kind: 'unchanged', row: current };
        return written({ ...touched(current, author), status: 'committed' as const });
      },
    }),

    /** Soft delete: galleries hide it, records that list it say "photo deleted". */
    'photo.delete': deleteMutation(table, PhotoIdArgs, photoNotFound, 'photos.delete'),
    'photo.restore': restoreMutation(table, PhotoIdArgs, photoNotFound, 'photos.delete'),
  },
});
