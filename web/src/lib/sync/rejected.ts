import { tableOfMutation } from '@bedside/shared';
import type { BedsideDatabase } from '$lib/db/database';
import { appendMutation } from './outbox';
import { tableHooks } from './table-hooks';
import { getServerCopy, localWriteTables, rebuildViews, syncedTableNames } from './views';

/**
 * Queues a rejected mutation again with a new seq (the server has processed the old one). An
 * update goes out against the server copy the device has now. Returns false if it was gone.
 */
export async function requeueRejected(database: BedsideDatabase, id: string): Promise<boolean> {
  return database.transaction('rw', localWriteTables(database), async () => {
    const rejected = await database.rejected.get(id);
    if (!rejected) return false;
    await database.rejected.delete(id);
    const table = tableOfMutation(rejected.name);
    let args = rejected.args;
    if (typeof args['baseVersion'] === 'number') {
      const server = await getServerCopy(database, table, rejected.entityId);
      if (server) args = { ...args, baseVersion: server.version };
    }
    await appendMutation(database, rejected.name, args, rejected.entityId, rejected.parents);
    await rebuildViews(database, table, [rejected.entityId]);
    return true;
  });
}

/**
 * Drops a rejected mutation for good and shows the row as the server has it plus the changes
 * still pending; a discarded create leaves no row (unless the server has one).
 */
export async function discardRejectedMutation(
  database: BedsideDatabase,
  id: string,
): Promise<void> {
  const tables = [
    ...localWriteTables(database),
    ...syncedTableNames.flatMap((table) => tableHooks[table].discard?.tables(database) ?? []),
  ];
  await database.transaction('rw', tables, async () => {
    const rejected = await database.rejected.get(id);
    if (!rejected) return;
    await database.rejected.delete(id);
    const table = tableOfMutation(rejected.name);
    await tableHooks[table].discard?.undo(database, rejected);
    await rebuildViews(database, table, [rejected.entityId]);
  });
}
