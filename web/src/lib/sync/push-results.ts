import {
  type MutationResult,
  type Overwrite,
  type Patient,
  type PushResponse,
} from '@bedside/shared';
import type { BedsideDatabase, OutboxEntry } from '$lib/db/database';
import { applyMutation, rebuildPatientView } from '$lib/patients/patient-view';

export type PushOutcome = { processed: number; rejected: number; overwrites: Overwrite[] };

/**
 * Records the server's answer to one push batch in ONE transaction: processed mutations leave
 * the outbox (their server row, when sent, replaces the server copy), rejected ones move to
 * `rejected` with the reason. Nothing is dropped that the server did not process.
 */
export async function applyPushResults(
  database: BedsideDatabase,
  sent: readonly OutboxEntry[],
  response: PushResponse,
): Promise<PushOutcome> {
  const sentBySeq = new Map(sent.map((entry) => [entry.seq, entry]));
  const outcome: PushOutcome = { processed: 0, rejected: 0, overwrites: [] };
  const tables = [
    database.outbox,
    database.rejected,
    database.serverRows,
    database.patients,
    database.meta,
  ];

  await database.transaction('rw', tables, async () => {
    const touched = new Set<string>();

    for (const result of response.results) {
      const sentEntry = sentBySeq.get(result.seq);
      const current = await database.outbox.get(result.seq);
      // Already recorded (another context pushed the same batch) or never ours. A sent entry is
      // never rewritten (edits queue behind it), so the one stored is the one sent.
      if (!sentEntry || !current || sentEntry.id !== result.id || current.id !== result.id)
        continue;
      outcome.processed++;
      await database.outbox.delete(current.seq);

      if (result.status === 'rejected') {
        outcome.rejected++;
        const { clientId: _clientId, sentAt: _sentAt, ...mutation } = current;
        await database.rejected.put({
          ...mutation,
          problem: result.problem ?? {
            type: 'about:blank',
            title: 'The server refused this change.',
            status: 422,
          },
          rejectedAt: new Date().toISOString(),
        });
        touched.add(current.entityId);
        continue;
      }

      // A duplicate was processed by an earlier push whose answer got lost: its outcome is
      // unknown here, so the view keeps the change until the pull that follows brings the row.
      if (result.status !== 'duplicate' || result.row) {
        await recordServerCopy(database, result, sentEntry);
        touched.add(current.entityId);
      }
      if (result.status === 'conflict') outcome.overwrites.push(...(result.overwrites ?? []));
      await rebaseQueuedUpdates(database, sentEntry, result, sentBySeq);
    }

    for (const id of touched) await rebuildPatientView(database, id);
  });
  return outcome;
}

/**
 * The user saved the row again while this mutation was in flight, so the queued update sits on
 * the same old version. If the server's new version is the very next one, nobody else wrote in
 * between: the queued update really sits on it, and sending the old base would make the server
 * record a conflict between this device and itself.
 */
async function rebaseQueuedUpdates(
  database: BedsideDatabase,
  sentEntry: OutboxEntry,
  result: MutationResult,
  inThisBatch: ReadonlyMap<number, OutboxEntry>,
): Promise<void> {
  const sentBase = baseVersionOf(sentEntry);
  const newVersion = result.row?.['version'];
  if (sentBase === undefined || newVersion !== sentBase + 1) return;
  const queued = await database.outbox.where('entityId').equals(sentEntry.entityId).toArray();
  const stale = queued.filter(
    (entry) =>
      entry.name === 'patient.update' &&
      entry.args['baseVersion'] === sentBase &&
      // Already on its way with the old base: changing it here changes nothing.
      inThisBatch.get(entry.seq)?.id !== entry.id,
  );
  await database.outbox.bulkPut(
    stale.map((entry) => ({ ...entry, args: { ...entry.args, baseVersion: newVersion } })),
  );
}

/** The server version a create or update was written against (a create: none, 0). */
function baseVersionOf(entry: OutboxEntry): number | undefined {
  if (entry.name === 'patient.create') return 0;
  if (entry.name !== 'patient.update') return undefined;
  const base = entry.args['baseVersion'];
  return typeof base === 'number' ? base : undefined;
}

/**
 * The server copy after a processed mutation: the row the server sent, or else the mutation
 * applied to the copy we had (the pull that follows every push brings the exact row). Without
 * this, dropping the mutation from the outbox would hide the change until that pull.
 */
async function recordServerCopy(
  database: BedsideDatabase,
  result: MutationResult,
  sentEntry: OutboxEntry,
): Promise<void> {
  if (result.row && isPatient(result.row)) {
    await database.serverRows.put({
      table: 'patients',
      id: result.row.id,
      version: result.row.version,
      row: result.row,
    });
    return;
  }
  const known = await database.serverRows.get(['patients', sentEntry.entityId]);
  const assumed = applyMutation(known?.row, sentEntry, database.owner);
  if (!assumed || assumed === known?.row) return;
  const version = (known?.version ?? 0) + 1;
  await database.serverRows.put({
    table: 'patients',
    id: assumed.id,
    version,
    row: { ...assumed, version },
  });
}

function isPatient(row: Record<string, unknown>): row is Patient {
  return typeof row['id'] === 'string' && typeof row['version'] === 'number' && 'givenName' in row;
}
