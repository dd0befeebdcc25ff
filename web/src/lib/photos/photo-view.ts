import {
  changedBy,
  localRowMeta,
  restored,
  softDeleted,
  type ViewRules,
} from '$lib/sync/local-change';

/**
 * How this device's photo mutations show before the server answers, following the server's
 * rules: a new photo is pending unless committed at once, edits never touch a deleted photo,
 * and the bytes count as uploaded only when the server says so (`uploadedAt` stays null here).
 */
export const photoViewRules: ViewRules<'photo'> = {
  'photo.create': (row, args, change) =>
    row ?? {
      ...localRowMeta(args.id, change),
      patientId: args.patientId,
      kind: args.kind,
      contentType: args.contentType,
      byteSize: args.byteSize,
      width: args.width ?? null,
      height: args.height ?? null,
      sha256: args.sha256,
      capturedAt: args.capturedAt,
      bodySite: args.bodySite ?? null,
      laterality: args.laterality ?? null,
      description: args.description ?? null,
      status: args.commit ? 'committed' : 'pending',
      uploadedAt: null,
    },
  'photo.update': (row, args, change) =>
    !row || row.deletedAt !== null ? row : { ...row, ...args.fields, ...changedBy(change) },
  'photo.commit': (row, _args, change) =>
    row?.status !== 'pending' ? row : { ...row, status: 'committed', ...changedBy(change) },
  'photo.delete': (row, _args, change) =>
    !row || row.deletedAt !== null ? row : softDeleted(row, change),
  'photo.restore': (row, _args, change) => row && restored(row, change),
};
