import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { uuidv7 } from 'uuidv7';
import { testClock } from '../../test/test-app.ts';
import { freshPostgresUrl } from '../../test/test-db.ts';
import { createLogger } from '../log.ts';
import type { Db } from '../storage/db.ts';
import { migrate } from '../storage/migrate.ts';
import { openPostgres } from '../storage/postgres-db.ts';
import { sql } from '../storage/sql.ts';
import type { Job } from './job.ts';
import { startJobRunner } from './job-runner.ts';

const zones = ['Europe/London', 'Europe/Berlin', 'America/New_York', 'Asia/Kolkata', 'UTC'];

describe('two server instances on one PostgreSQL', () => {
  // Two processes' worth: each instance has its own pool of connections to the same database.
  let a: Db;
  let b: Db;

  beforeAll(async () => {
    const url = await freshPostgresUrl();
    a = openPostgres(url, { max: 4 });
    b = openPostgres(url, { max: 4 });
    await migrate(a, { log: createLogger('silent') });
    for (let i = 0; i < 12; i++) {
      await a.many(sql`
        INSERT INTO clinics (id, name, timezone, epoch)
        VALUES (${uuidv7()}, 'Clinic', ${zones[i % zones.length]}, ${uuidv7()})`);
    }
  });
  afterAll(async () => {
    await a.close();
    await b.close();
  });

  it('run each (job, clinic, scheduled time) exactly once between them', async () => {
    const clock = testClock(Date.parse('2026-03-28T22:00:00Z'));
    const done: string[] = [];
    /** A job that reads the database in the middle, as real ones do, so the instances interleave. */
    const job = (db: Db): Job => ({
      name: 'every-quarter',
      cron: '*/15 * * * *',
      async run(ctx) {
        await db.many(sql`SELECT count(*) FROM job_runs WHERE clinic_id = ${ctx.clinicId}`);
        done.push(`${ctx.clinicId} ${ctx.scheduledFor.toISOString()}`);
        return { runs: 1 };
      },
    });
    const options = { tickMs: 24 * 3_600_000 };
    const first = startJobRunner({ db: a, clock, log: createLogger('silent') }, [job(a)], options);
    const second = startJobRunner({ db: b, clock, log: createLogger('silent') }, [job(b)], options);
    await Promise.all([first.idle(), second.idle()]);
    // Eight hours across London's spring change, a pass of both instances at once every 15 minutes.
    for (let step = 0; step < 32; step++) {
      clock.advance(15 * 60_000);
      await Promise.all([first.tick(), second.tick()]);
    }
    await Promise.all([first.stop(), second.stop()]);

    expect(done).toHaveLength(12 * 33);
    expect(new Set(done).size).toBe(done.length);
    const rows = await a.many<{ status: string; attempt: number; runs: number }>(sql`
      SELECT status, attempt, count(*)::int AS runs FROM job_runs GROUP BY status, attempt`);
    expect(rows).toEqual([{ status: 'done', attempt: 1, runs: 12 * 33 }]);
  });
});
