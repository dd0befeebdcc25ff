import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { problemType } from '@bedside/shared';
import { sharedDb } from '../../test/shared-db.ts';
import { ApiClient, signUp, startBedside, testClock, testPassword } from '../../test/test-app.ts';
import { dbKinds } from '../../test/test-db.ts';
import type { Db } from '../storage/db.ts';
import { sql } from '../storage/sql.ts';
import { loginLimits } from './login-throttle.ts';

describe.each(dbKinds)('login throttling across two instances on %s', (kind) => {
  // Two minutes into a 15-minute window, so the tests below stay inside one until they move on.
  const clock = testClock(Date.parse('2026-03-02T10:02:00Z'));
  let db: Awaited<ReturnType<typeof sharedDb>>;
  let first: ReturnType<typeof startBedside>;
  let second: ReturnType<typeof startBedside>;

  beforeAll(async () => {
    db = await sharedDb(kind);
    first = startBedside(db.a, { clock });
    second = startBedside(db.b, { clock });
  });
  afterAll(async () => {
    await first.close();
    await second.close();
    await db.close();
  });

  const login = (instance: typeof first, email: string, password: string, peer: string) =>
    new ApiClient(instance.app).post('/api/auth/login', { email, password }, { peer });

  it('refuses the 6th failed sign-in for one email on whichever instance gets it', async () => {
    const { email } = await signUp(first.app);
    const instances = [first, second, first, second, first];
    for (const [i, instance] of instances.entries()) {
      // A new address each time: only the email's count can add up to the limit.
      const response = await login(instance, email, 'wrong password', `198.51.100.${i + 1}`);
      expect(response.status).toBe(401);
    }
    const refused = await login(second, email, testPassword, '198.51.100.9');
    expect(refused.status).toBe(429);
    expect(await refused.json()).toMatchObject({ type: problemType('login-throttled') });
    // Until the end of the window: 13 minutes, as the clock stands two minutes into it.
    expect(Number(refused.headers.get('retry-after'))).toBe(13 * 60);
    expect((await login(first, email, testPassword, '198.51.100.9')).status).toBe(429);

    clock.advance(13 * 60_000);
    expect((await login(first, email, testPassword, '198.51.100.9')).status).toBe(200);
  });

  it("clears an email's failures on a successful sign-in at either instance", async () => {
    const { email } = await signUp(first.app);
    for (let i = 0; i < loginLimits.perEmail - 1; i++) {
      expect((await login(first, email, 'wrong password', '198.51.100.20')).status).toBe(401);
    }
    expect((await login(second, email, testPassword, '198.51.100.20')).status).toBe(200);
    for (let i = 0; i < loginLimits.perEmail - 1; i++) {
      expect((await login(second, email, 'wrong password', '198.51.100.20')).status).toBe(401);
    }
    expect((await login(first, email, testPassword, '198.51.100.20')).status).toBe(200);
  });

  it('counts an IP across both instances, with no email or IP in clear in the table', async () => {
    const { email } = await signUp(first.app);
    const ip = '203.0.113.77';
    for (let i = 0; i < loginLimits.perIp; i++) {
      const instance = i % 2 === 0 ? first : second;
      const response = await login(instance, `guess-${i}@example.org`, 'wrong password', ip);
      expect(response.status).toBe(401);
    }
    expect((await login(first, email, testPassword, ip)).status).toBe(429);
    expect((await login(second, email, testPassword, ip)).status).toBe(429);
    // Another address signs in as usual.
    expect((await login(second, email, testPassword, '203.0.113.78')).status).toBe(200);

    const rows = await db.a.many<{ key: string }>(sql`SELECT * FROM limit_counters`);
    expect(rows.map((row) => row.key)).toContainEqual(expect.stringMatching(/^login-ip:/));
    for (const row of rows) expect(row.key).toMatch(/^[a-z-]+:[\w-]{43}$/);
    const raw = JSON.stringify(rows);
    expect(raw).not.toContain(ip);
    expect(raw).not.toContain('guess-');
    expect(raw).not.toContain(email);
    expect(raw).not.toContain('example.org');
  });

  it('deletes the counters of ended windows', async () => {
    clock.advance(loginLimits.windowMs);
    const { email } = await signUp(first.app);
    expect((await login(first, email, 'wrong password', '198.51.100.30')).status).toBe(401);
    const windows = await distinctWindows(db.a);
    expect(windows).toEqual([windowOf(clock())]);
  });
});

function windowOf(now: Date): string {
  const ms = loginLimits.windowMs;
  return new Date(Math.floor(now.getTime() / ms) * ms).toISOString();
}

async function distinctWindows(db: Db): Promise<string[]> {
  const rows = await db.many<{ window_start: Date }>(
    sql`SELECT DISTINCT window_start FROM limit_counters WHERE key LIKE 'login-%'`,
  );
  return rows.map((row) => row.window_start.toISOString());
}
