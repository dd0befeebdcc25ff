import type { JobRun } from '@bedside/shared';
import { one, type Db } from './db.ts';
import { jsonb } from './json-param.ts';
import { sql } from './sql.ts';

/** A claimed run: the ledger row and which attempt at it this instance holds. */
export type RunClaim = { id: string; attempt: number };

/** Every clinic and its IANA time zone, in a stable order, for the runner's pass. */
export async function selectClinicZones(db: Db): Promise<{ id: string; timezone: string }[]> {
  return db.many(sql`SELECT id, timezone FROM clinics ORDER BY id`);
}

/**
 * Takes the transaction-scoped advisory lock of one job of one clinic, if no other session holds
 * it: claims of the same (job, clinic) by several instances then happen one after another.
 */
export async function tryLockJob(tx: Db, job: string, clinicId: string): Promise<boolean> {
  const row = await one<{ locked: boolean }>(
    tx,
    sql`SELECT pg_try_advisory_xact_lock(hashtextextended(${`bedside.job:${job}:${clinicId}`}, 0)) AS locked`,
  );
  return row?.locked === true;
}

/**
 * Whether another run of this job for this clinic is under way: a lease is good while it ends
 * after `now`.
 */
export async function otherLiveRun(
  tx: Db,
  run: { job: string; clinicId: string; scheduledFor: Date },
  now: Date,
): Promise<boolean> {
  const row = await one(
    tx,
    sql`
    SELECT 1 FROM job_runs
    WHERE job = ${run.job} AND clinic_id = ${run.clinicId} AND status = 'running'
      AND scheduled_for <> ${run.scheduledFor.toISOString()}::timestamptz
      AND lease_until > ${now.toISOString()}::timestamptz`,
  );
  return row !== undefined;
}

/**
 * Earlier runs of this job for this clinic left 'running' by an instance that stopped, now that a
 * later scheduled time has come: they will never be taken over, so they are marked failed.
 */
export async function abandonEarlierRuns(
  tx: Db,
  run: { job: string; clinicId: string; scheduledFor: Date },
  now: Date,
): Promise<void> {
  await tx.many(sql`
    UPDATE job_runs
    SET status = 'failed', finished_at = ${now.toISOString()}::timestamptz,
      error = 'The server stopped before this run finished; a later run took its place.'
    WHERE job = ${run.job} AND clinic_id = ${run.clinicId} AND status = 'running'
      AND scheduled_for < ${run.scheduledFor.toISOString()}::timestamptz
      AND lease_until <= ${now.toISOString()}::timestamptz`);
}

/**
 * Claims the run of `job` for the clinic at `scheduledFor`: a new ledger row, or the row of a
 * run whose lease ran out (an instance that stopped mid-run), taken over as the next attempt.
 * Undefined when the run is done, failed, or under way elsewhere.
 */
export async function claimJobRun(
  tx: Db,
  run: { id: string; job: string; clinicId: string; scheduledFor: Date },
  now: Date,
  leaseUntil: Date,
): Promise<RunClaim | undefined> {
  return one<RunClaim>(
    tx,
    sql`
    INSERT INTO job_runs (id, job, clinic_id, scheduled_for, started_at, status, attempt, lease_until)
    VALUES (${run.id}, ${run.job}, ${run.clinicId}, ${run.scheduledFor.toISOString()}::timestamptz,
      ${now.toISOString()}::timestamptz, 'running', 1, ${leaseUntil.toISOString()}::timestamptz)
    ON CONFLICT (job, clinic_id, scheduled_for) DO UPDATE
      SET started_at = EXCLUDED.started_at, lease_until = EXCLUDED.lease_until,
        attempt = job_runs.attempt + 1, finished_at = NULL, counts = NULL, error = NULL
      WHERE job_runs.status = 'running' AND job_runs.lease_until <= EXCLUDED.started_at
    RETURNING id, attempt`,
  );
}

/** Keeps a claim alive while its job works; false when another instance took the run over. */
export async function extendLease(db: Db, claim: RunClaim, leaseUntil: Date): Promise<boolean> {
  const row = await one(
    db,
    sql`
    UPDATE job_runs SET lease_until = ${leaseUntil.toISOString()}::timestamptz
    WHERE id = ${claim.id} AND attempt = ${claim.attempt} AND status = 'running'
    RETURNING 1`,
  );
  return row !== undefined;
}

/**
 * Records how the claimed attempt ended. False when the run is no longer this attempt's (another
 * instance took it over after the lease ran out): its outcome stands.
 */
export async function finishJobRun(
  db: Db,
  claim: RunClaim,
  outcome: { status: 'done'; counts: Record<string, number> } | { status: 'failed'; error: string },
  finishedAt: Date,
): Promise<boolean> {
  const row = await one(
    db,
    sql`
    UPDATE job_runs SET status = ${outcome.status}, finished_at = ${finishedAt.toISOString()}::timestamptz,
      counts = ${outcome.status === 'done' ? jsonb(outcome.counts) : null},
      error = ${outcome.status === 'failed' ? outcome.error : null}
    WHERE id = ${claim.id} AND attempt = ${claim.attempt} AND status = 'running'
    RETURNING 1`,
  );
  return row !== undefined;
}

/**
 * Gives a claimed run back unfinished (the server is stopping): still 'running', its lease ended
 * at `now`, so the next runner anywhere takes it over.
 */
export async function releaseJobRun(
  db: Db,
  claim: RunClaim,
  now: Date,
  error: string,
): Promise<void> {
  await db.many(sql`
    UPDATE job_runs SET lease_until = ${now.toISOString()}::timestamptz, error = ${error}
    WHERE id = ${claim.id} AND attempt = ${claim.attempt} AND status = 'running'`);
}

/**
 * The clinic's last `limit` runs, the latest started first. A run that found nothing to do is
 * listed only while it is its job's latest: the reminders look every few minutes, and their idle
 * passes would hide the runs that did something.
 */
export async function selectJobRuns(db: Db, clinicId: string, limit: number): Promise<JobRun[]> {
  const rows = await db.many<{
    id: string;
    job: string;
    scheduledFor: Date;
    startedAt: Date;
    finishedAt: Date | null;
    status: JobRun['status'];
    counts: Record<string, number> | null;
    error: string | null;
    attempt: number;
  }>(sql`
    SELECT id, job, scheduled_for AS "scheduledFor", started_at AS "startedAt",
      finished_at AS "finishedAt", status, counts, error, attempt
    FROM job_runs r
    WHERE clinic_id = ${clinicId}
      AND (
        status <> 'done'
        OR EXISTS (SELECT 1 FROM jsonb_each_text(counts) c WHERE c.value <> '0')
        OR r.started_at = (
          SELECT max(started_at) FROM job_runs l WHERE l.clinic_id = r.clinic_id AND l.job = r.job))
    ORDER BY started_at DESC, id DESC
    LIMIT ${limit}`);
  return rows.map((row) => ({
    ...row,
    scheduledFor: row.scheduledFor.toISOString(),
    startedAt: row.startedAt.toISOString(),
    finishedAt: row.finishedAt?.toISOString() ?? null,
  }));
}

/**
 * Deletes the clinic's runs of `job` started before `before` that found nothing to do: a job
 * that looks every few minutes would otherwise leave a row each time, for good. The runner only
 * ever runs a job's latest scheduled time, so an old row's absence never makes a run happen
 * again.
 */
export async function deleteIdleRuns(
  db: Db,
  o: { clinicId: string; job: string; before: Date },
): Promise<void> {
  await db.many(sql`
    DELETE FROM job_runs r
    WHERE clinic_id = ${o.clinicId} AND job = ${o.job} AND status = 'done'
      AND started_at < ${o.before.toISOString()}::timestamptz
      AND NOT EXISTS (SELECT 1 FROM jsonb_each_text(r.counts) c WHERE c.value <> '0')`);
}
