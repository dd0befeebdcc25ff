import type { Patient, PullResponse } from '@bedside/shared';
import type { BedsideDatabase, StoredConflict } from '$lib/db/database';
import { setMeta } from '$lib/db/meta';
import { rebase, rebuildPatientView, type LocalMutation } from '$lib/patients/patient-view';
import { toPatientRow } from '$lib/patients/search-index';
import { inCreationOrder } from './outbox';

function pulledTables(database: BedsideDatabase) {
  return [
    database.serverRows,
    database.patients,
    database.conflicts,
    database.outbox,
    database.rejected,
    database.meta,
  ];
}

/**
 * Stores one pull page in ONE transaction, cursor included: the server copy of each row, the
 * device's view of it (the server row with this device's unsent and rejected changes replayed
 * on top, so local edits never disappear on pull), and the conflicts to show.
 */
export async function applyPullPage(database: BedsideDatabase, page: PullResponse): Promise<void> {
  const conflicts = page.changes.conflicts ?? [];

  await database.transaction('rw', pulledTables(database), async () => {
    const patients = await newerThanStored(database, page.changes.patients ?? []);
    if (patients.length > 0) {
      const pending = await pendingByEntity(
        database,
        patients.map((row) => row.id),
      );
      await database.serverRows.bulkPut(
        patients.map((row) => ({
          table: 'patients' as const,
          id: row.id,
          version: row.version,
          row,
        })),
      );
      const views = patients.flatMap((row) => {
        const view = rebase(row, pending.get(row.id) ?? [], database.owner);
        return view ? [toPatientRow(view)] : [];
      });
      await database.patients.bulkPut(views);
    }

    if (conflicts.length > 0) {
      const known = await database.conflicts.bulkGet(conflicts.map((conflict) => conflict.id));
      await database.conflicts.bulkPut(
        conflicts.map((conflict, index): StoredConflict => ({
          ...conflict,
          seenAt: known[index]?.seenAt ?? null,
        })),
      );
    }

    await setMeta(database, 'cursor', page.cursor);
  });
}

/**
 * Drops rows older than the server copy already stored: a page read before a concurrent push
 * committed can arrive after that push's answer brought the newer version.
 */
async function newerThanStored(database: BedsideDatabase, rows: Patient[]): Promise<Patient[]> {
  const stored = await database.serverRows.bulkGet(rows.map((row) => ['patients', row.id]));
  return rows.filter((row, index) => row.version >= (stored[index]?.version ?? 0));
}

async function pendingByEntity(
  database: BedsideDatabase,
  ids: string[],
): Promise<Map<string, LocalMutation[]>> {
  const [queued, rejected] = await Promise.all([
    database.outbox.where('entityId').anyOf(ids).toArray(),
    database.rejected.where('entityId').anyOf(ids).toArray(),
  ]);
  const byEntity = new Map<string, (LocalMutation & { seq: number })[]>();
  for (const mutation of [...rejected, ...queued]) {
    const list = byEntity.get(mutation.entityId) ?? [];
    list.push(mutation);
    byEntity.set(mutation.entityId, list);
  }
  for (const list of byEntity.values()) list.sort(inCreationOrder);
  return byEntity;
}

/**
 * Forgets everything the server sent (cursor, server copies, views), keeping the outbox, the
 * rejected changes and the conflicts the user already dismissed; rows with local changes are
 * rebuilt from those changes alone until the next pull brings their server copy back.
 */
export async function forgetServerData(database: BedsideDatabase): Promise<void> {
  await database.transaction('rw', pulledTables(database), async () => {
    await database.meta.delete('cursor');
    await database.serverRows.clear();
    await database.patients.clear();
    await database.conflicts.filter((conflict) => conflict.seenAt === null).delete();
    const [queued, rejected] = await Promise.all([
      database.outbox.toArray(),
      database.rejected.toArray(),
    ]);
    const entityIds = new Set([...queued, ...rejected].map((mutation) => mutation.entityId));
    for (const id of entityIds) await rebuildPatientView(database, id);
  });
}
