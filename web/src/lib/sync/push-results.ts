import {
  PatientCreateArgs,
  patientFields,
  validate,
  type MutationResult,
  type Overwrite,
  type Patient,
  type PushResponse,
} from '@bedside/shared';
import { uuidv7 } from 'uuidv7';
import type { BedsideDatabase, OutboxEntry } from '$lib/db/database';
import { applyMutation, rebuildPatientView } from '$lib/patients/patient-view';
import { renumberOutbox } from './outbox';

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
    const followUps: Omit<OutboxEntry, 'seq'>[] = [];

    for (const result of response.results) {
      const sentEntry = sentBySeq.get(result.seq);
      const current = await database.outbox.get(result.seq);
      // Already recorded (another context pushed the same batch) or never ours.
      if (!sentEntry || !current || sentEntry.id !== result.id) continue;
      outcome.processed++;
      await database.outbox.delete(current.seq);

      if (result.status === 'rejected') {
        outcome.rejected++;
        // The entry as it is now: if the user edited it after it was sent, that is what they fix.
        const { clientId: _clientId, ...mutation } = current;
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
      const followUp =
        current.id === sentEntry.id ? undefined : editedAfterSending(sentEntry, current, result);
      if (followUp) followUps.push(followUp);
    }

    // Edits made while their create was on the way go out next, before anything queued later.
    if (followUps.length > 0) await renumberOutbox(database, response.lastSeq + 1, followUps);
    for (const id of touched) await rebuildPatientView(database, id);
  });
  return outcome;
}

/**
 * A pending create merged a later edit while the push carrying it was in flight (the entry got
 * a new id). The server has the create as sent; the edit becomes an update on top of it.
 */
function editedAfterSending(
  sentEntry: OutboxEntry,
  current: OutboxEntry,
  result: MutationResult,
): Omit<OutboxEntry, 'seq'> | undefined {
  if (current.name !== 'patient.create') return undefined;
  const before = validate(PatientCreateArgs, sentEntry.args);
  const after = validate(PatientCreateArgs, current.args);
  if (!before.ok || !after.ok) return undefined;

  const fields: Record<string, unknown> = {};
  for (const field of patientFields) {
    const value = after.value[field] ?? null;
    if (value !== (before.value[field] ?? null)) fields[field] = value;
  }
  if (Object.keys(fields).length === 0) return undefined;
  const baseVersion =
    result.row && typeof result.row['version'] === 'number' ? result.row['version'] : 1;
  return {
    id: uuidv7(),
    clientId: current.clientId,
    name: 'patient.update',
    args: { id: current.entityId, baseVersion, fields },
    entityId: current.entityId,
    createdAt: current.createdAt,
  };
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
