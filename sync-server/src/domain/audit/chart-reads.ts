import { CHART_READ_ACTION, type ChartRead, type ChartReadResult } from '@bedside/shared/audit';
import {
  insertNewAuditEvents,
  selectChartReadTargets,
  selectRetentionDays,
  type ChartReadEvent,
} from '../../storage/audit-log-queries.ts';
import type { Actor, Deps } from '../deps.ts';

const dayMs = 86_400_000;

/**
 * When a read is written as having happened: the device's time, kept between the clinic's
 * retention ago and now. A device clock ahead of the server's is written as now; a read queued on
 * a device offline for longer than the retention as the retention's start. The read is kept either
 * way: a chart read is never left out of the log for its time.
 *
 * @example
 * boundedReadTime('2026-06-01T08:00:00Z', new Date('2026-05-31T00:00:00Z'), 30) // 2026-05-31T00:00:00.000Z
 */
export function boundedReadTime(at: string, now: Date, retentionDays: number): string {
  const time = Date.parse(at);
  const oldest = now.getTime() - retentionDays * dayMs;
  return new Date(Math.min(now.getTime(), Math.max(oldest, time))).toISOString();
}

/**
 * `POST /api/audit/reads`: one `chart.read` event per read the device noted, by the session's
 * user, at the device's (bounded) time. The read's id is the event's, so a batch sent again
 * writes nothing new. A read of a patient this clinic does not have (another clinic's id, or one
 * never synced) is ignored, not refused: it must not hold up the device's queue. A read of a
 * record is written as a read of that record when the record is the patient's, else of the patient.
 */
export async function recordChartReads(
  deps: Deps,
  actor: Actor,
  reads: ChartRead[],
): Promise<ChartReadResult> {
  const now = deps.clock();
  return deps.db.transaction(async (tx) => {
    const retentionDays = await selectRetentionDays(tx, actor.clinicId);
    const targets = await selectChartReadTargets(
      tx,
      actor.clinicId,
      [...new Set(reads.map((read) => read.patientId))],
      [...new Set(reads.flatMap((read) => (read.recordId ? [read.recordId] : [])))],
    );
    const events: ChartReadEvent[] = [];
    const seen = new Set<string>();
    for (const read of reads) {
      if (!targets.patients.has(read.patientId) || seen.has(read.id)) continue;
      seen.add(read.id);
      const ofRecord =
        read.recordId !== undefined && targets.recordPatients.get(read.recordId) === read.patientId;
      events.push({
        id: read.id,
        clinicId: actor.clinicId,
        userId: actor.userId,
        action: CHART_READ_ACTION,
        entity: ofRecord ? 'records' : 'patients',
        entityIds: [ofRecord && read.recordId ? read.recordId : read.patientId],
        requestId: actor.requestId,
        at: boundedReadTime(read.at, now, retentionDays),
      });
    }
    const written = await insertNewAuditEvents(tx, events);
    return { written, ignored: reads.length - written };
  });
}
