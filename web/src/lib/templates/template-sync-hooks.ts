import type { TableHooks } from '$lib/sync/table-hook';
import { recordAssumedVersionCopy, rebuildTemplateVersionViews } from './template-versions-view';

/** What templates add to sync: their versions follow them, and the editor fixes a refusal. */
export const templateSyncHooks: TableHooks<'templates'> = {
  async viewsStored(database, { ids, replay }) {
    // The versions this device's template changes make, on no server version yet.
    const locals = replay
      .writtenRowsOf('templateVersions')
      .map((version) => ({ ...version, version: 0, changeSeq: 0 }));
    await rebuildTemplateVersionViews(database, ids, locals);
  },
  serverCopyStored: recordAssumedVersionCopy,
  rejectedChangePath: async (_database, rejected) => `/settings/templates/${rejected.entityId}`,
};
