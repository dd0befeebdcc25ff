import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { problemType } from '@bedside/shared';
import { sharedDb } from '../../test/shared-db.ts';
import {
  ApiClient,
  Device,
  newPatient,
  signUp,
  startBedside,
  testClock,
} from '../../test/test-app.ts';
import { dbKinds } from '../../test/test-db.ts';
import { sql } from '../storage/sql.ts';

const writes = 20;
const reads = 100;
/** How far past a limit each instance may go: the counts it has not sent yet, a tenth. */
const overshoot = (limit: number) => limit / 10;

describe.each(dbKinds)('rate limits across two instances on %s', (kind) => {
  // Ten seconds into a minute, so each test stays inside one window until it moves on.
  const clock = testClock(Date.parse('2026-03-02T10:00:10Z'));
  let db: Awaited<ReturnType<typeof sharedDb>>;
  let first: ReturnType<typeof startBedside>;
  let second: ReturnType<typeof startBedside>;

  beforeAll(async () => {
    db = await sharedDb(kind);
    const config = { rateLimitWrites: writes, rateLimitReads: reads };
    first = startBedside(db.a, { clock, config });
    second = startBedside(db.b, { clock, config });
  });
  afterAll(async () => {
    await first.close();
    await second.close();
    await db.close();
  });

  /** One signed-in user of a new clinic, with a device on each instance. */
  async function clinicOnBoth() {
    // Sign-up counts against the IP, not the clinic; a new minute gives every test a fresh budget.
    clock.advance(60_000);
    const owner = await signUp(first.app);
    return [new Device(owner.api), new Device(new ApiClient(second.app, owner.api.cookie))];
  }

  it("shares a clinic's write budget, one request at a time on either instance", async () => {
    const devices = await clinicOnBoth();
    const statuses: number[] = [];
    for (let i = 0; i < 2 * writes; i++) {
      const { status } = await devices[i % 2]!.push([newPatient()]);
      statuses.push(status);
    }
    const admitted = statuses.filter((status) => status === 200).length;
    expect(admitted).toBeGreaterThanOrEqual(writes);
    expect(admitted).toBeLessThanOrEqual(writes + 2 * overshoot(writes));
    // Once refused, refused on both until the window ends.
    expect(statuses.slice(-4)).toEqual([429, 429, 429, 429]);
    const refused = await devices[1]!.push([newPatient()]);
    expect(refused.body).toMatchObject({ type: problemType('rate-limited'), status: 429 });

    clock.advance(60_000);
    expect((await devices[0]!.push([newPatient()])).status).toBe(200);
    expect((await devices[1]!.push([newPatient()])).status).toBe(200);
  });

  it('shares a read budget too, each instance sending its counts a tenth at a time', async () => {
    const [onFirst, onSecond] = await clinicOnBoth();
    const statuses: number[] = [];
    for (let i = 0; i < 2 * reads; i++) {
      statuses.push((await (i % 2 === 0 ? onFirst! : onSecond!).api.get('/api/auth/me')).status);
    }
    const admitted = statuses.filter((status) => status === 200).length;
    expect(admitted).toBeGreaterThanOrEqual(reads);
    expect(admitted).toBeLessThanOrEqual(reads + 2 * overshoot(reads));
    expect(statuses.slice(-2)).toEqual([429, 429]);
  });

  it("shares a clinic's write budget when both instances get a burst at once", async () => {
    const [onFirst, onSecond] = await clinicOnBoth();
    // A device of its own for each request, as a busy clinic's many devices.
    const burst = ({ api }: Device) =>
      Array.from({ length: writes }, () => new Device(api).push([newPatient()]));
    const responses = await Promise.all([...burst(onFirst!), ...burst(onSecond!)]);
    const statuses = responses.map((response) => response.status);
    expect(new Set(statuses)).toEqual(new Set([200, 429]));
    const admitted = statuses.filter((status) => status === 200).length;
    expect(admitted).toBeGreaterThanOrEqual(writes);
    expect(admitted).toBeLessThanOrEqual(writes + 2 * overshoot(writes));
  });

  it('keeps no IP or clinic id in clear, and deletes the counters of ended minutes', async () => {
    const [device] = await clinicOnBoth();
    const ip = '198.51.100.50';
    for (const instance of [first, second]) {
      // Signed out, so counted per IP; the empty body is refused, the request still counts.
      const response = await new ApiClient(instance.app).post('/api/auth/login', {}, { peer: ip });
      expect(response.status).toBe(422);
    }
    expect((await device!.push([newPatient()])).status).toBe(200);
    const clinicId = (await device!.api.get('/api/auth/me').then((r) => r.json())) as {
      clinic: { id: string };
    };

    const rows = await db.a.many<{ key: string; window_start: Date }>(
      sql`SELECT * FROM limit_counters`,
    );
    expect(rows.map((row) => row.key)).toContainEqual(expect.stringMatching(/^writes:/));
    expect(rows.map((row) => row.key)).toContainEqual(expect.stringMatching(/^reads:/));
    for (const row of rows) expect(row.key).toMatch(/^(writes|reads):[\w-]{43}$/);
    const raw = JSON.stringify(rows);
    expect(raw).not.toContain(ip);
    expect(raw).not.toContain(clinicId.clinic.id);
    // Earlier tests' minutes are gone: only this minute's counters are left.
    const minute = Math.floor(clock().getTime() / 60_000) * 60_000;
    expect(new Set(rows.map((row) => row.window_start.getTime()))).toEqual(new Set([minute]));
  });
});
