import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { uuidv7 } from 'uuidv7';
import { testClock, migratedDb, type TestClock } from '../../test/test-app.ts';
import { dbKinds } from '../../test/test-db.ts';
import type { Deps } from '../domain/deps.ts';
import { createLogger } from '../log.ts';
import type { Db } from '../storage/db.ts';
import { sql } from '../storage/sql.ts';
import type { Job, JobContext } from './job.ts';
import { startJobRunner, type JobRunner } from './job-runner.ts';

const hour = 3_600_000;
/** Long enough that no real lease renewal happens during a test; tests move the clock past it. */
const leaseMs = 24 * hour;
/** Ticks come from the tests, not from a timer. */
const tickMs = 24 * hour;

type LedgerRow = {
  job: string;
  clinicId: string;
  scheduledFor: Date;
  status: string;
  counts: Record<string, number> | null;
  error: string | null;
  attempt: number;
  leaseUntil: Date;
};

async function ledger(db: Db, job: string): Promise<LedgerRow[]> {
  return db.many<LedgerRow>(sql`
    SELECT job, clinic_id AS "clinicId", scheduled_for AS "scheduledFor", status, counts, error,
      attempt, lease_until AS "leaseUntil"
    FROM job_runs WHERE job = ${job} ORDER BY scheduled_for, clinic_id`);
}

async function addClinic(db: Db, timezone: string): Promise<string> {
  const id = uuidv7();
  await db.many(
    sql`INSERT INTO clinics (id, name, timezone, epoch) VALUES (${id}, 'Clinic', ${timezone}, ${uuidv7()})`,
  );
  return id;
}

/** A job that notes every run it is given and answers `counts`. */
function recordingJob(
  name: string,
  cron: string,
  counts: (ctx: JobContext) => Promise<Record<string, number>> = async () => ({ rows: 1 }),
): Job & { runs: JobContext[] } {
  const runs: JobContext[] = [];
  return {
    name,
    cron,
    runs,
    async run(ctx) {
      runs.push(ctx);
      return counts(ctx);
    },
  };
}

/** A promise and the function that settles it, for a job a test holds mid-run. */
function gate(): { promise: Promise<void>; open(): void } {
  let open = () => {};
  const promise = new Promise<void>((resolve) => (open = resolve));
  return { promise, open };
}

describe.each(dbKinds)('job runner on %s', (kind) => {
  let db: Db;
  let clock: TestClock;
  let deps: Deps;
  const runners: JobRunner[] = [];
  const start = (jobs: Job[], options: { leaseMs?: number } = {}) => {
    const runner = startJobRunner(deps, jobs, { tickMs, leaseMs: options.leaseMs ?? leaseMs });
    runners.push(runner);
    return runner;
  };

  beforeEach(async () => {
    db = await migratedDb(kind);
    clock = testClock(Date.parse('2026-03-27T00:00:00Z'));
    deps = { db, clock, log: createLogger('silent') };
  });
  afterEach(async () => {
    for (const runner of runners.splice(0)) await runner.stop();
    await db.close();
  });

  it('runs a 03:00 job once per local day across both clock changes in Europe/London', async () => {
    const clinicId = await addClinic(db, 'Europe/London');
    const job = recordingJob('nightly', '0 3 * * *');
    const runner = start([job]);
    await runner.idle();
    for (const [from, to] of [
      ['2026-03-27T04:00:00Z', '2026-03-30T12:00:00Z'],
      ['2026-10-24T04:00:00Z', '2026-10-26T12:00:00Z'],
    ] as const) {
      clock.advance(Date.parse(from) - clock().getTime());
      for (; clock().getTime() <= Date.parse(to); clock.advance(hour)) await runner.tick();
    }

    const expected = [
      '2026-03-27T03:00:00.000Z',
      '2026-03-28T03:00:00.000Z',
      '2026-03-29T02:00:00.000Z', // BST from this morning
      '2026-03-30T02:00:00.000Z',
      // Started again on 24 October at 04:00 BST: that night's run is the latest missed one.
      '2026-10-24T02:00:00.000Z',
      '2026-10-25T03:00:00.000Z', // GMT from this morning
      '2026-10-26T03:00:00.000Z',
    ];
    // The runner's first pass (at 00:00 on 27 March) ran the night before, missed at start.
    const runTimes = job.runs.map((run) => run.scheduledFor.toISOString());
    expect(runTimes).toEqual(['2026-03-26T03:00:00.000Z', ...expected]);
    expect(job.runs.every((run) => run.clinicId === clinicId)).toBe(true);
    const rows = await ledger(db, 'nightly');
    expect(rows.map((row) => [row.scheduledFor.toISOString(), row.status, row.counts])).toEqual(
      runTimes.map((time) => [time, 'done', { rows: 1 }]),
    );
  });

  it('runs a run missed while the server was down at the next start: the latest one only', async () => {
    const clinicId = await addClinic(db, 'Europe/Berlin');
    clock.advance(Date.parse('2026-06-01T04:00:00Z') - clock().getTime());
    const first = recordingJob('nightly', '0 3 * * *');
    const before = start([first]);
    await before.idle();
    await before.stop();
    expect(first.runs.map((run) => run.scheduledFor.toISOString())).toEqual([
      '2026-06-01T01:00:00.000Z',
    ]);

    // Down for three nights; started again at noon.
    clock.advance(Date.parse('2026-06-04T10:00:00Z') - clock().getTime());
    const second = recordingJob('nightly', '0 3 * * *');
    const after = start([second]);
    await after.idle();
    expect(second.runs).toEqual([
      {
        clinicId,
        scheduledFor: new Date('2026-06-04T01:00:00Z'),
        now: new Date('2026-06-04T10:00:00Z'),
        signal: expect.any(AbortSignal),
      },
    ]);
    await after.tick();
    expect(second.runs).toHaveLength(1);
    expect((await ledger(db, 'nightly')).map((row) => row.scheduledFor.toISOString())).toEqual([
      '2026-06-01T01:00:00.000Z',
      '2026-06-04T01:00:00.000Z',
    ]);
  });

  it("records a failing job's error, goes on with the other clinics and does not retry it", async () => {
    const failing = await addClinic(db, 'Europe/Berlin');
    const fine = await addClinic(db, 'Europe/Berlin');
    const job = recordingJob('nightly', '0 3 * * *', async (ctx) => {
      if (ctx.clinicId === failing) throw new Error('The bucket could not be listed.');
      return { objects: 4 };
    });
    const runner = start([job]);
    await runner.idle();
    await runner.tick();

    expect(job.runs.map((run) => run.clinicId).sort()).toEqual([failing, fine].sort());
    const rows = await ledger(db, 'nightly');
    expect(rows.find((row) => row.clinicId === failing)).toMatchObject({
      status: 'failed',
      counts: null,
      error: 'The bucket could not be listed.',
    });
    expect(rows.find((row) => row.clinicId === fine)).toMatchObject({
      status: 'done',
      counts: { objects: 4 },
      error: null,
    });
  });

  it('runs each job in its own lane: one held mid-run does not hold up another', async () => {
    await addClinic(db, 'UTC');
    const held = gate();
    const slow = recordingJob('slow', '0 3 * * *', async () => {
      await held.promise;
      return {};
    });
    const quickOnce = gate();
    const quickAgain = gate();
    const quick = recordingJob('quick', '*/5 * * * *', async () => {
      (quick.runs.length === 1 ? quickOnce : quickAgain).open();
      return {};
    });
    const runner = start([slow, quick]);
    await quickOnce.promise;
    clock.advance(5 * 60_000);
    void runner.tick();
    await quickAgain.promise;
    expect(slow.runs).toHaveLength(1);
    expect((await ledger(db, 'slow')).map((row) => row.status)).toEqual(['running']);
    held.open();
    await runner.idle();
    expect((await ledger(db, 'slow')).map((row) => row.status)).toEqual(['done']);
    expect((await ledger(db, 'quick')).map((row) => row.status)).toEqual(['done', 'done']);
  });

  it('takes over a run left running by an instance that stopped, once its lease has run out', async () => {
    await addClinic(db, 'Europe/Berlin');
    const held = gate();
    const started = gate();
    const crashed = recordingJob('nightly', '0 3 * * *', async () => {
      started.open();
      await held.promise;
      return { attempt: 1 };
    });
    const other = recordingJob('nightly', '0 3 * * *', async () => ({ attempt: 2 }));
    // An hour's lease: moving the clock past it stays before the next night's run.
    const first = start([crashed], { leaseMs: hour });
    await started.promise;
    const second = start([other], { leaseMs: hour });
    await second.idle();
    expect(other.runs).toHaveLength(0); // the lease is still good: the first instance may be alive

    clock.advance(hour);
    await second.tick();
    expect(other.runs.map((run) => run.scheduledFor)).toEqual(
      crashed.runs.map((run) => run.scheduledFor),
    );
    const [row] = await ledger(db, 'nightly');
    expect(row).toMatchObject({ status: 'done', attempt: 2, counts: { attempt: 2 } });

    // The first instance was only slow after all: its late outcome does not overwrite.
    held.open();
    await first.idle();
    expect(await ledger(db, 'nightly')).toEqual([row]);
  });

  it('on stop, tells a running job to abort, waits for it, and leaves the run for the next start', async () => {
    await addClinic(db, 'Europe/Berlin');
    const started = gate();
    const stopping = recordingJob('nightly', '0 3 * * *', async (ctx) => {
      started.open();
      const signal = ctx.signal;
      if (!signal) throw new Error('the runner passes a signal');
      await new Promise((resolve) => signal.addEventListener('abort', resolve));
      throw new Error('aborted between pages');
    });
    const runner = start([stopping]);
    await started.promise;
    await runner.stop();
    const [left] = await ledger(db, 'nightly');
    expect(left).toMatchObject({
      status: 'running',
      attempt: 1,
      leaseUntil: clock(),
      error: 'The server stopped during this run; it goes on at the next start.',
    });

    const next = recordingJob('nightly', '0 3 * * *', async () => ({ rows: 7 }));
    await start([next]).idle();
    expect(next.runs.map((run) => run.scheduledFor)).toEqual(
      stopping.runs.map((run) => run.scheduledFor),
    );
    expect(await ledger(db, 'nightly')).toMatchObject([
      { status: 'done', attempt: 2, counts: { rows: 7 }, error: null },
    ]);
  });

  it('marks a run a stopped instance left behind failed when a later time comes due', async () => {
    await addClinic(db, 'Europe/Berlin');
    const started = gate();
    const never = recordingJob('nightly', '0 3 * * *', async () => {
      started.open();
      return new Promise<never>(() => {});
    });
    start([never]);
    await started.promise;
    // The instance is gone (its lane never ends); two days later another starts.
    runners.pop();
    clock.advance(2 * 24 * hour);
    const next = recordingJob('nightly', '0 3 * * *');
    await start([next]).idle();
    expect((await ledger(db, 'nightly')).map((row) => [row.status, row.error])).toEqual([
      ['failed', 'The server stopped before this run finished; a later run took its place.'],
      ['done', null],
    ]);
  });
});
