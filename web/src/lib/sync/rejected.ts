import type { BedsideDatabase } from '$lib/db/database';
import { rebuildPatientView } from '$lib/patients/patient-view';
import { appendMutation } from './outbox';

function tablesOf(database: BedsideDatabase) {
  return [
    database.rejected,
    database.outbox,
    database.meta,
    database.serverRows,
    database.patients,
  ];
}

/**
 * Queues a rejected mutation again with a new seq (the server has processed the old one). An
 * update goes out against the server copy the device has now. Returns false if it was gone.
 */
export async function requeueRejected(database: BedsideDatabase, id: string): Promise<boolean> {
  return database.transaction('rw', tablesOf(database), async () => {
    const rejected = await database.rejected.get(id);
    if (!rejected) return false;
    await database.rejected.delete(id);
    let args = rejected.args;
    if (rejected.name === 'patient.update') {
      const server = await database.serverRows.get(['patients', rejected.entityId]);
      if (server) args = { ...args, baseVersion: server.version };
    }
    await appendMutation(database, rejected.name, args, rejected.entityId);
    await rebuildPatientView(database, rejected.entityId);
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
  await database.transaction('rw', tablesOf(database), async () => {
    const rejected = await database.rejected.get(id);
    if (!rejected) return;
    await database.rejected.delete(id);
    await rebuildPatientView(database, rejected.entityId);
  });
}
