import { canReadTable, type Purge, type Role } from '@bedside/shared';
import type { BedsideDatabase } from '$lib/db/database';
import { getMeta, setMeta } from '$lib/db/meta';
import { applyPurges, purgeTables } from './apply-purges';
import { localWriteTables, rebuildPendingViews, syncedTableNames, viewTable } from './views';

/**
 * Fits the device's copy of the clinic to what `role` may read (shared/src/permissions.ts): a
 * table the role cannot read loses its rows, their server copies, conflicts and what the table's
 * purge hook keeps, as a purge would take them. Rows with changes the server has not accepted
 * (queued or refused) keep those changes: they still go out, and the server refuses them like
 * any change it refuses. A table the previous role could not read but this one can is
 * downloaded again, from the start. Cheap when the role is the one the device last fitted.
 *
 * @example
 * await fitToRole(db, me.user.role); // a clinician made assistant: the notes go
 */
export async function fitToRole(database: BedsideDatabase, role: Role): Promise<void> {
  const before = await getMeta(database, 'heldForRole');
  if (before === role) return;
  const unreadable = syncedTableNames.filter((table) => !canReadTable(role, table));
  const gained =
    before !== undefined &&
    syncedTableNames.some((table) => canReadTable(role, table) && !canReadTable(before, table));
  await database.transaction(
    'rw',
    [...localWriteTables(database), ...purgeTables(database)],
    async () => {
      const purges: Purge[] = [];
      for (const table of unreadable) {
        const ids = await viewTable(database, table).toCollection().primaryKeys();
        for (const id of ids)
          purges.push({ entity: table, id: String(id), purgedAt: '', changeSeq: 0 });
      }
      await database.conflicts.filter((conflict) => unreadable.includes(conflict.entity)).delete();
      if (await applyPurges(database, purges)) await rebuildPendingViews(database);
      // The rows the server left out while the old role could not read them: all of them again.
      if (gained) await database.meta.delete('cursor');
      await setMeta(database, 'heldForRole', role);
    },
  );
}
