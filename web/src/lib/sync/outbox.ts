import { tableOfMutation, type MutationName } from '@bedside/shared';
import { UNSENT_CHANGES_HEADER } from '@bedside/shared/team';
import { uuidv7 } from 'uuidv7';
import type { BedsideDatabase, OutboxEntry, ParentIds } from '$lib/db/database';
import { getMeta, setMeta } from '$lib/db/meta';
import { keepServerCopy } from './server-copies';

/**
 * The device's client id, made once per database: each database numbers its own mutations, so
 * each needs its own id on the server. Call inside a transaction that includes `meta`.
 */
export async function ensureClientId(database: BedsideDatabase): Promise<string> {
  const existing = await getMeta(database, 'clientId');
  if (existing) return existing;
  const clientId = uuidv7();
  await setMeta(database, 'clientId', clientId);
  return clientId;
}

/**
 * Appends a mutation with the next seq, after making sure its row keeps a server copy to replay
 * it onto (`keepServerCopy`). Call inside the action's transaction (`localWriteTables`), before
 * the action changes the row's view, so the seq, the queued mutation and the row change commit
 * together.
 */
export async function appendMutation(
  database: BedsideDatabase,
  name: MutationName,
  args: Record<string, unknown>,
  entityId: string,
  parents?: ParentIds,
): Promise<OutboxEntry> {
  await keepServerCopy(database, tableOfMutation(name), entityId);
  const clientId = await ensureClientId(database);
  const seq = (await getMeta(database, 'nextSeq')) ?? 1;
  await setMeta(database, 'nextSeq', seq + 1);
  const entry: OutboxEntry = {
    id: uuidv7(),
    clientId,
    seq,
    name,
    args,
    entityId,
    ...(parents && { parents }),
    createdAt: new Date().toISOString(),
  };
  await database.outbox.add(entry);
  return entry;
}

/**
 * The newest queued mutation of a row if it has not gone out yet: the one a new edit may merge
 * into. Once sent, the server may have it, so edits must queue behind it instead. Call inside
 * the action's transaction (the push marks entries sent in one of its own).
 */
export async function unsentLastOf(
  database: BedsideDatabase,
  entityId: string,
): Promise<OutboxEntry | undefined> {
  const last = await database.outbox.where('entityId').equals(entityId).last();
  return last?.sentAt === undefined ? last : undefined;
}

/**
 * Gives the unsent outbox consecutive seqs from `firstSeq` (after a seq gap), keeping its
 * order. Call inside a transaction with `outbox` and `meta`, and only while holding the push
 * lock: a push in flight matches its results to the outbox by seq.
 */
export async function renumberOutbox(database: BedsideDatabase, firstSeq: number): Promise<void> {
  const queued = await database.outbox.orderBy('seq').toArray();
  await database.outbox.clear();
  await database.outbox.bulkAdd(
    queued.map((entry, index) => ({ ...entry, seq: firstSeq + index })),
  );
  await setMeta(database, 'nextSeq', firstSeq + queued.length);
}

/**
 * The order local changes were made in, which is the order to replay them. Not seq alone:
 * renumbering after a seq gap can give queued changes seqs below older rejected ones.
 */
export function inCreationOrder(
  a: Pick<OutboxEntry, 'seq' | 'createdAt'>,
  b: Pick<OutboxEntry, 'seq' | 'createdAt'>,
): number {
  if (a.createdAt !== b.createdAt) return a.createdAt < b.createdAt ? -1 : 1;
  return a.seq - b.seq;
}

/** One of this device's changes, queued or rejected, as it is replayed onto a row. */
export type LocalMutation = Pick<OutboxEntry, 'name' | 'args' | 'createdAt' | 'parents'>;

export type PendingMutation = LocalMutation & Pick<OutboxEntry, 'seq' | 'entityId'>;

/** Queued and rejected mutations of one row, oldest first (`inCreationOrder`): what the device adds to the server copy. */
export async function pendingMutationsOf(
  database: BedsideDatabase,
  entityId: string,
): Promise<PendingMutation[]> {
  return (await pendingByEntity(database, [entityId])).get(entityId) ?? [];
}

/** `pendingMutationsOf` for many rows at once (ids are UUIDs: unique across tables). */
export async function pendingByEntity(
  database: BedsideDatabase,
  entityIds: readonly string[],
): Promise<Map<string, PendingMutation[]>> {
  const [queued, rejected] = await Promise.all([
    database.outbox.where('entityId').anyOf(entityIds).toArray(),
    database.rejected.where('entityId').anyOf(entityIds).toArray(),
  ]);
  const byEntity = new Map<string, PendingMutation[]>();
  for (const mutation of [...rejected, ...queued]) {
    const list = byEntity.get(mutation.entityId) ?? [];
    list.push(mutation);
    byEntity.set(mutation.entityId, list);
  }
  for (const list of byEntity.values()) list.sort(inCreationOrder);
  return byEntity;
}

/**
 * What this device still has to get onto the server: changes queued or waiting for the user, and
 * photos whose bytes are not uploaded yet (queued, uploading or failed and waiting for a retry).
 */
export async function unsentWork(
  database: BedsideDatabase,
): Promise<{ changes: number; photos: number }> {
  const [queued, rejected, photos] = await Promise.all([
    database.outbox.count(),
    database.rejected.count(),
    database.uploads.where('state').anyOf('queued', 'uploading', 'failed').count(),
  ]);
  return { changes: queued + rejected, photos };
}

/** Everything this device still has to get onto the server, as one number. */
export async function unsentCount(database: BedsideDatabase): Promise<number> {
  const { changes, photos } = await unsentWork(database);
  return changes + photos;
}

/**
 * The header sync requests carry: how many changes this device holds that the server has not
 * taken. The server keeps it per session, so an owner who deactivates the account can see that
 * work is still on a device.
 */
export async function unsentChangesHeaders(
  database: BedsideDatabase,
): Promise<Record<string, string>> {
  return { [UNSENT_CHANGES_HEADER]: String(await unsentCount(database)) };
}
