import { tableOfMutation } from '@bedside/shared';
import type { BedsideDatabase } from '$lib/db/database';
import { appendMutation } from './outbox';
import { getServerCopy, localWriteTables, rebuildViews } from './views';

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
  const tables = [...localWriteTables(database), database.photoBytes, database.uploads];
  await database.transaction('rw', tables, async () => {
    const rejected = await database.rejected.get(id);
    if (!rejected) return;
    await database.rejected.delete(id);
    // A photo the server never took: its bytes and its upload would wait for it forever.
    if (rejected.name === 'photo.create') {
      await database.photoBytes.delete(rejected.entityId);
      await database.uploads.delete(rejected.entityId);
    }
    await rebuildViews(database, tableOfMutation(rejected.name), [rejected.entityId]);
  });
}
