import { uuidv7 } from 'uuidv7';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  migratedDb,
  tempDiskBlobStore,
  testClock,
  type TestClock,
} from '../../../test/test-app.ts';
import { dbKinds } from '../../../test/test-db.ts';
import { startJobRunner, type JobRunner } from '../../jobs/job-runner.ts';
import { createLogger } from '../../log.ts';
import type { Db } from '../../storage/db.ts';
import { sql } from '../../storage/sql.ts';
import { cleanupJob } from './cleanup-job.ts';

const hour = 3_600_000;

describe.each(dbKinds)('the nightly cleanup job on %s', (kind) => {
  let db: Db;
  let clock: TestClock;
  let blobs: ReturnType<typeof tempDiskBlobStore>;
  let runner: JobRunner | undefined;

  beforeEach(async () => {
    db = await migratedDb(kind);
    // 02:00 in Berlin on 2 June 2026 (CEST): an hour before the clinic's cleanup.
    clock = testClock(Date.parse('2026-06-02T00:00:00Z'));
    blobs = tempDiskBlobStore(clock);
  });
  afterEach(async () => {
    await runner?.stop();
    await db.close();
    blobs.remove();
  });

  it("runs at 03:00 on the clinic's clock, removes what is due and records its counts", async () => {
    const clinicId = uuidv7();
    const userId = uuidv7();
    await db.many(sql`INSERT INTO clinics (id, name, timezone, epoch)
      VALUES (${clinicId}, 'Clinic', 'Europe/Berlin', ${uuidv7()})`);
    await db.many(sql`INSERT INTO users (id, clinic_id, email, name, role, password_hash)
      VALUES (${userId}, ${clinicId}, 'ann@clinic.test', 'Ann', 'owner', 'x')`);
    await db.many(sql`INSERT INTO sessions (token_hash, user_id, clinic_id, expires_at) VALUES
      ('expired', ${userId}, ${clinicId}, '2026-06-01T12:00:00Z'),
      ('current', ${userId}, ${clinicId}, '2026-06-20T12:00:00Z')`);
    // Last night's run is already in the ledger: the runner's start has nothing missed to do.
    await db.many(sql`INSERT INTO job_runs (id, job, clinic_id, scheduled_for, started_at,
        finished_at, status, counts, attempt, lease_until)
      VALUES (${uuidv7()}, 'cleanup', ${clinicId}, '2026-06-01T01:00:00Z', '2026-06-01T01:00:00Z',
        '2026-06-01T01:00:01Z', 'done', '{}', 1, '2026-06-01T01:10:00Z')`);

    runner = startJobRunner(
      { db, clock, log: createLogger('silent') },
      [cleanupJob({ db, blobs })],
      { tickMs: 24 * hour },
    );
    await runner.idle();
    expect(await sessionTokens()).toEqual(['current', 'expired']);

    clock.advance(hour);
    await runner.tick();

    expect(await sessionTokens()).toEqual(['current']);
    const [run] = await db.many<{
      scheduledFor: Date;
      status: string;
      counts: Record<string, number>;
    }>(
      sql`SELECT scheduled_for AS "scheduledFor", status, counts FROM job_runs
        WHERE job = 'cleanup' ORDER BY scheduled_for DESC LIMIT 1`,
    );
    expect(run?.scheduledFor.toISOString()).toBe('2026-06-02T01:00:00.000Z');
    expect(run?.status).toBe('done');
    expect(run?.counts).toMatchObject({ authSessions: 1 });
  });

  async function sessionTokens(): Promise<string[]> {
    const rows = await db.many<{ token_hash: string }>(
      sql`SELECT token_hash FROM sessions ORDER BY token_hash`,
    );
    return rows.map((row) => row.token_hash);
  }
});
