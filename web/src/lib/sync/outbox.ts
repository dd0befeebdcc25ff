import type { MutationName } from '@bedside/shared';
import { uuidv7 } from 'uuidv7';
import type { BedsideDatabase, OutboxEntry } from '$lib/db/database';
import { getMeta, setMeta } from '$lib/db/meta';

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
 * Appends a mutation with the next seq. Call inside the action's transaction (tables `outbox`
 * and `meta` included), so the seq, the queued mutation and the row change commit together.
 */
export async function appendMutation(
  database: BedsideDatabase,
  name: MutationName,
  args: Record<string, unknown>,
  entityId: string,
): Promise<OutboxEntry> {
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
    createdAt: new Date().toISOString(),
  };
  await database.outbox.add(entry);
  return entry;
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

/** Queued and rejected mutations of one row, oldest first (`inCreationOrder`): what the device adds to the server copy. */
export async function pendingMutationsOf(
  database: BedsideDatabase,
  entityId: string,
): Promise<Pick<OutboxEntry, 'seq' | 'name' | 'args' | 'createdAt'>[]> {
  const [queued, rejected] = await Promise.all([
    database.outbox.where('entityId').equals(entityId).toArray(),
    database.rejected.where('entityId').equals(entityId).toArray(),
  ]);
  return [...rejected, ...queued].sort(inCreationOrder);
}

/** Everything this device still has to get onto the server (queued or waiting for the user). */
export async function unsentCount(database: BedsideDatabase): Promise<number> {
  const [queued, rejected] = await Promise.all([
    database.outbox.count(),
    database.rejected.count(),
  ]);
  return queued + rejected;
}
