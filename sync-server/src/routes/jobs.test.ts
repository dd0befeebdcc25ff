import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { problemType, type JobRunsResponse } from '@bedside/shared';
import { ApiClient, migratedDb, signUp, startBedside, testClock } from '../../test/test-app.ts';
import { addColleague } from '../../test/colleagues.ts';
import { dbKinds } from '../../test/test-db.ts';
import type { Job } from '../jobs/job.ts';
import type { Db } from '../storage/db.ts';

describe.each(dbKinds)('GET /api/jobs/runs on %s', (kind) => {
  let db: Db;
  let bedside: ReturnType<typeof startBedside>;
  // 10:00 in Berlin, where signUp puts every clinic.
  const clock = testClock(Date.parse('2026-06-01T08:00:00Z'));
  /** Clinics whose nightly run fails, to see an error in the list. */
  const failing = new Set<string>();
  const nightly: Job = {
    name: 'nightly',
    cron: '0 3 * * *',
    async run(ctx) {
      if (failing.has(ctx.clinicId)) throw new Error('The bucket could not be listed.');
      return { patients: 2, objects: 5 };
    },
  };

  /** Clinics whose frequent job finds something to do on its next pass. */
  const busy = new Set<string>();
  const frequent: Job = {
    name: 'frequent',
    cron: '*/5 * * * *',
    async run(ctx) {
      return { sent: busy.delete(ctx.clinicId) ? 1 : 0 };
    },
  };

  beforeAll(async () => {
    db = await migratedDb(kind);
    // Passes come from the tests alone: the runner's own timer waits an hour.
    bedside = startBedside(db, {
      clock,
      jobs: [nightly, frequent],
      config: { jobTickSeconds: 3600 },
    });
  });
  afterAll(async () => {
    await bedside.close();
    await db.close();
  });

  const runs = async (client: ApiClient, query = '') => {
    const response = await client.get(`/api/jobs/runs${query}`);
    expect(response.status).toBe(200);
    return ((await response.json()) as JobRunsResponse).runs;
  };

  it("lists the owner's own clinic's runs, newest first, with counts and errors", async () => {
    const fine = await signUp(bedside.app, 'fine');
    const broken = await signUp(bedside.app, 'broken');
    failing.add(broken.me.clinic.id);
    await bedside.jobRunner.tick();
    clock.advance(24 * 3_600_000);
    await bedside.jobRunner.tick();

    const fineRuns = (await runs(fine.api)).filter((run) => run.job === 'nightly');
    expect(fineRuns).toEqual([
      {
        id: expect.any(String),
        job: 'nightly',
        scheduledFor: '2026-06-02T01:00:00.000Z',
        startedAt: '2026-06-02T08:00:00.000Z',
        finishedAt: '2026-06-02T08:00:00.000Z',
        status: 'done',
        counts: { patients: 2, objects: 5 },
        error: null,
        attempt: 1,
      },
      {
        id: expect.any(String),
        job: 'nightly',
        scheduledFor: '2026-06-01T01:00:00.000Z',
        startedAt: '2026-06-01T08:00:00.000Z',
        finishedAt: '2026-06-01T08:00:00.000Z',
        status: 'done',
        counts: { patients: 2, objects: 5 },
        error: null,
        attempt: 1,
      },
    ]);

    // The other clinic sees its own failures and nothing of the first clinic's runs.
    const brokenRuns = (await runs(broken.api)).filter((run) => run.job === 'nightly');
    expect(brokenRuns.map((run) => [run.status, run.error, run.counts])).toEqual([
      ['failed', 'The bucket could not be listed.', null],
      ['failed', 'The bucket could not be listed.', null],
    ]);
    expect(
      brokenRuns.map((run) => run.id).filter((id) => fineRuns.some((r) => r.id === id)),
    ).toEqual([]);
  });

  it('lists a run that found nothing to do only while it is its job’s latest', async () => {
    const owner = await signUp(bedside.app);
    const clinicId = owner.me.clinic.id;
    const pass = async (found: boolean) => {
      if (found) busy.add(clinicId);
      clock.advance(5 * 60_000);
      await bedside.jobRunner.tick();
    };
    await pass(false);
    await pass(true);
    await pass(false);
    await pass(false);
    const listed = (await runs(owner.api)).filter((run) => run.job === 'frequent');
    // The latest idle pass, and the one that sent something; not the two idle ones between.
    expect(listed.map((run) => run.counts)).toEqual([{ sent: 0 }, { sent: 1 }]);
    expect(await runs(owner.api, '?limit=1')).toHaveLength(1);
  });

  it('answers only the owner: 403 for other members, 401 when signed out', async () => {
    const owner = await signUp(bedside.app);
    const { api: member } = await addColleague({ app: bedside.app, db }, owner.me.clinic.id);

    const refused = await member.get('/api/jobs/runs');
    expect(refused.status).toBe(403);
    expect(refused.headers.get('content-type')).toBe('application/problem+json');
    expect(await refused.json()).toMatchObject({
      type: problemType('forbidden'),
      title: 'Only the clinic owner can see the job runs.',
    });

    const anonymous = await new ApiClient(bedside.app).get('/api/jobs/runs');
    expect(anonymous.status).toBe(401);
    expect(await anonymous.json()).toMatchObject({ type: problemType('unauthenticated') });
  });

  it('refuses a limit that is not a whole number of at least 1', async () => {
    const owner = await signUp(bedside.app);
    for (const limit of ['0', 'ten', '-3']) {
      const response = await owner.api.get(`/api/jobs/runs?limit=${limit}`);
      expect(response.status).toBe(422);
      expect(await response.json()).toMatchObject({ type: problemType('validation') });
    }
  });
});
