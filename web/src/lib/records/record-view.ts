import type { RecordData } from '@bedside/shared';
import {
  changedBy,
  localRowMeta,
  restored,
  softDeleted,
  type ViewRules,
} from '$lib/sync/local-change';

/**
 * How this device's record mutations show before the server answers, following the server's
 * rules: answers change only while a draft, signing a draft sets who and when, only a signed
 * record archives, only a draft deletes. An edit the server refused because the record was
 * signed elsewhere therefore never shows as the signed content.
 */
export const recordViewRules: ViewRules<'record'> = {
  'record.create': (row, args, change) =>
    row ?? {
      ...localRowMeta(args.id, change),
      patientId: args.patientId,
      templateId: change.parents.templateId ?? '',
      templateVersionId: args.templateVersionId,
      status: 'draft',
      data: withoutNulls(args.data),
      finalizedAt: null,
      finalizedBy: null,
      archivedAt: null,
      archivedBy: null,
    },
  'record.update': (row, args, change) =>
    row?.status !== 'draft'
      ? row
      : { ...row, data: patchData(row.data, args.data), ...changedBy(change) },
  'record.finalize': (row, _args, change) =>
    row?.status !== 'draft' || row.deletedAt !== null
      ? row
      : {
          ...row,
          status: 'finalized',
          finalizedAt: change.at,
          finalizedBy: change.by,
          ...changedBy(change),
        },
  'record.archive': (row, _args, change) =>
    row?.status !== 'finalized'
      ? row
      : {
          ...row,
          status: 'archived',
          archivedAt: change.at,
          archivedBy: change.by,
          ...changedBy(change),
        },
  'record.unarchive': (row, _args, change) =>
    row?.status !== 'archived'
      ? row
      : { ...row, status: 'finalized', archivedAt: null, archivedBy: null, ...changedBy(change) },
  'record.delete': (row, _args, change) =>
    row?.status !== 'draft' || row.deletedAt !== null ? row : softDeleted(row, change),
  'record.restore': (row, _args, change) => row && restored(row, change),
};

/** Addenda never change once written: the create is the whole story. */
export const addendumViewRules: ViewRules<'addendum'> = {
  'addendum.create': (row, args, change) =>
    row ?? {
      ...localRowMeta(args.id, change),
      recordId: args.recordId,
      patientId: change.parents.patientId ?? '',
      text: args.text,
    },
};

/** A record's data after an update: each key set on its own, null removes it. */
export function patchData(data: RecordData, patch: RecordData): RecordData {
  return withoutNulls({ ...data, ...patch });
}

function withoutNulls(data: RecordData): RecordData {
  return Object.fromEntries(Object.entries(data).filter(([, value]) => value != null));
}
