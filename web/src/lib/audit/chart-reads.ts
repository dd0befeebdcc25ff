import { uuidv7 } from 'uuidv7';
import {
  MAX_CHART_READS_PER_BATCH,
  type ChartRead,
  type ChartReadResult,
} from '@bedside/shared/audit';
import { apiFetch, ApiError } from '$lib/api/client';
import { isSignedOutDatabase, type BedsideDatabase } from '$lib/db/database';

/** Sends one batch of reads to the server; `apiFetch` unless a test says. */
export type SendReads = (reads: ChartRead[]) => Promise<ChartReadResult>;

const postReads: SendReads = (reads) =>
  apiFetch<ChartReadResult>('/api/audit/reads', { method: 'POST', json: { reads } });

/**
 * Notes on this device that its user opened a patient's chart (or one record of it), offline
 * too; `sendChartReads` gives the notes to the server for the audit log.
 *
 * @example
 * await noteChartRead(db, { patientId, recordId });
 */
export async function noteChartRead(
  database: BedsideDatabase,
  opened: { patientId: string; recordId?: string },
  at: Date = new Date(),
): Promise<void> {
  if (isSignedOutDatabase(database)) return;
  const read: ChartRead = { id: uuidv7(), patientId: opened.patientId, at: at.toISOString() };
  if (opened.recordId) read.recordId = opened.recordId;
  await database.chartReads.put(read);
}

/**
 * Gives the server every read noted on this device, in batches, oldest first, and forgets each
 * batch the server answered (it writes a read once, so a batch sent again after a lost answer
 * costs nothing). A batch the server refuses as invalid can never be accepted: it is dropped, so
 * it does not hold up the rest. Other failures (offline, signed out) throw and leave the queue
 * for the next sync. Returns how many reads the server now has.
 */
export async function sendChartReads(
  database: BedsideDatabase,
  send: SendReads = postReads,
): Promise<number> {
  let sent = 0;
  for (;;) {
    const batch = await database.chartReads
      .orderBy('id')
      .limit(MAX_CHART_READS_PER_BATCH)
      .toArray();
    if (batch.length === 0) return sent;
    try {
      await send(batch);
      sent += batch.length;
    } catch (error) {
      if (!(error instanceof ApiError && error.status === 422)) throw error;
    }
    await database.chartReads.bulkDelete(batch.map((read) => read.id));
  }
}
