import { makeProblem } from '@bedside/shared';
import { type ChartRead } from '@bedside/shared/audit';
import { beforeEach, describe, expect, it } from 'vitest';
import { ApiError, NetworkError } from '$lib/api/client';
import type { BedsideDatabase } from '$lib/db/database';
import { freshDatabase } from '$lib/sync/testing/test-database';
import { noteChartRead, sendChartReads } from './chart-reads';

let database: BedsideDatabase;
beforeEach(() => {
  database = freshDatabase();
});

const patientId = '01900000-0000-7000-8000-0000000000aa';
const recordId = '01900000-0000-7000-8000-0000000000bb';

describe('chart reads', () => {
  it('notes each opening with its own id and the time it happened', async () => {
    await noteChartRead(database, { patientId }, new Date('2026-06-01T08:00:00Z'));
    await noteChartRead(database, { patientId, recordId }, new Date('2026-06-01T08:01:00Z'));
    const reads = await database.chartReads.orderBy('id').toArray();
    expect(reads).toEqual([
      { id: expect.any(String), patientId, at: '2026-06-01T08:00:00.000Z' },
      { id: expect.any(String), patientId, recordId, at: '2026-06-01T08:01:00.000Z' },
    ]);
    expect(reads[0]?.id).not.toBe(reads[1]?.id);
  });

  it('sends the queue in batches of 200, oldest first, and forgets what the server took', async () => {
    for (let i = 0; i < 450; i++) await noteChartRead(database, { patientId });
    const batches: ChartRead[][] = [];
    const sent = await sendChartReads(database, async (reads) => {
      batches.push(reads);
      return { written: reads.length, ignored: 0 };
    });
    expect(sent).toBe(450);
    expect(batches.map((batch) => batch.length)).toEqual([200, 200, 50]);
    const ids = batches.flat().map((read) => read.id);
    expect(ids).toEqual([...ids].sort());
    expect(await database.chartReads.count()).toBe(0);
  });

  it('keeps the reads when the server cannot be reached, to send on the next sync', async () => {
    await noteChartRead(database, { patientId });
    await expect(
      sendChartReads(database, () => Promise.reject(new NetworkError(new Error('offline')))),
    ).rejects.toBeInstanceOf(NetworkError);
    expect(await database.chartReads.count()).toBe(1);
  });

  it('drops a batch the server refuses as invalid, so later reads still go', async () => {
    await noteChartRead(database, { patientId });
    const refused = new ApiError(422, makeProblem('validation', 422, 'Invalid.'));
    expect(await sendChartReads(database, () => Promise.reject(refused))).toBe(0);
    expect(await database.chartReads.count()).toBe(0);
  });
});
