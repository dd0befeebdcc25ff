import type { Template } from '@bedside/shared';
import {
  changedBy,
  localRowMeta,
  restored,
  softDeleted,
  type ViewRules,
} from '$lib/sync/local-change';

/**
 * How this device's template mutations show before the server answers. A saved edit (publish)
 * makes its version current with a tentative number, current + 1; the server gives the real one.
 * The version rows themselves come from `localTemplateVersions`.
 */
export const templateViewRules: ViewRules<'template'> = {
  'template.create': (row, args, change) =>
    row ?? {
      ...localRowMeta(args.id, change),
      name: args.version.name,
      description: args.version.description ?? null,
      sortOrder: args.sortOrder,
      currentVersionId: args.version.id,
      currentVersionNumber: 1,
      builtIn: null,
    },
  'template.publish': (row, args, change) => {
    // Already current: the server has it (an answer that got lost), so it is no new version.
    if (!row || row.currentVersionId === args.version.id) return row;
    return {
      ...row,
      name: args.version.name,
      description: args.version.description ?? null,
      currentVersionId: args.version.id,
      currentVersionNumber: row.currentVersionNumber + 1,
      ...changedBy(change),
    } satisfies Template;
  },
  'template.update': (row, args, change) =>
    row && { ...row, sortOrder: args.fields.sortOrder, ...changedBy(change) },
  'template.delete': (row, _args, change) =>
    !row || row.deletedAt !== null ? row : softDeleted(row, change),
  'template.restore': (row, _args, change) => row && restored(row, change),
};
