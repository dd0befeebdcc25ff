import { liveQuery } from 'dexie';
import { db } from '$lib/db/database';

/** Which patients have changes this device has not yet got onto the server. */
export type PendingPatients = {
  /** In the outbox: will go with the next push. */
  waiting: ReadonlySet<string>;
  /** Rejected by the server: waits for the user to fix, retry or discard. */
  attention: ReadonlySet<string>;
};

export const noPendingPatients: PendingPatients = { waiting: new Set(), attention: new Set() };

/** A live view of the patient ids with unsent or rejected changes, for the pending-sync dots. */
export function watchPendingPatients() {
  return liveQuery(async (): Promise<PendingPatients> => {
    const [outbox, rejected] = await Promise.all([db.outbox.toArray(), db.rejected.toArray()]);
    return {
      waiting: new Set(outbox.map((mutation) => mutation.entityId)),
      attention: new Set(rejected.map((item) => item.entityId)),
    };
  });
}

export type PatientSyncState = 'needs-attention' | 'waiting' | 'synced';

export function patientSyncState(pending: PendingPatients, id: string): PatientSyncState {
  if (pending.attention.has(id)) return 'needs-attention';
  if (pending.waiting.has(id)) return 'waiting';
  return 'synced';
}
