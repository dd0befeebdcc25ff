import { randomInt } from 'node:crypto';
import { Secret, TOTP } from 'otpauth';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { problemType, type Me } from '@bedside/shared';
import type {
  LoginChallenge,
  RecoveryCodes,
  TwoFactorSetup,
  TwoFactorStatus,
} from '@bedside/shared/two-factor';
import type { Db } from '../storage/db.ts';
import { sql } from '../storage/sql.ts';
import { addColleague } from '../../test/colleagues.ts';
import {
  ApiClient,
  migratedDb,
  signUp,
  startBedside,
  testClock,
  testPassword,
  uniqueEmail,
} from '../../test/test-app.ts';
import { dbKinds } from '../../test/test-db.ts';

const stepMs = 30_000;

/** The code an authenticator app shows at `at` (ms), computed here as an app would. */
function appCode(secret: string, at: number): string {
  return new TOTP({ secret: Secret.fromBase32(secret), digits: 6, period: 30 }).generate({
    timestamp: at,
  });
}

/** A client whose requests come from its own address, so each test has its own per-IP count. */
class PeerClient extends ApiClient {
  readonly peer = `198.51.100.${randomInt(1, 255)}`;
  override request(
    method: string,
    path: string,
    options: Parameters<ApiClient['request']>[2] = {},
  ) {
    return super.request(method, path, { peer: this.peer, ...options });
  }
}

describe.each(dbKinds)('two-factor sign-in on %s', (kind) => {
  let db: Db;
  // One second into a time step, so "the step before/after" are whole steps away.
  const clock = testClock(Math.floor(Date.now() / stepMs) * stepMs + 1_000);
  let bedside: ReturnType<typeof startBedside>;

  beforeAll(async () => {
    db = await migratedDb(kind);
    bedside = startBedside(db, { clock });
  });
  afterAll(async () => {
    await bedside.close();
    await db.close();
  });

  /** A new owner, signed in, with two-factor on; the clock is then one step later. */
  async function ownerWithTwoFactor() {
    const owner = await signUp(bedside.app);
    const { secret, recoveryCodes } = await enrol(owner.api);
    clock.advance(stepMs);
    return { ...owner, secret, recoveryCodes };
  }

  async function enrol(api: ApiClient) {
    const setup = await api.post('/api/auth/two-factor/setup', { password: testPassword });
    expect(setup.status).toBe(200);
    const { secret } = (await setup.json()) as TwoFactorSetup;
    const enabled = await api.post('/api/auth/two-factor/enable', {
      code: appCode(secret, clock().getTime()),
    });
    expect(enabled.status).toBe(200);
    const { recoveryCodes } = (await enabled.json()) as RecoveryCodes;
    return { secret, recoveryCodes };
  }

  /** The password step on a new device: its client and the challenge it was answered. */
  async function passwordStep(email: string) {
    const client = new PeerClient(bedside.app);
    const response = await client.post('/api/auth/login', { email, password: testPassword });
    expect(response.status).toBe(200);
    expect(response.headers.getSetCookie()).toEqual([]);
    const challenge = (await response.json()) as LoginChallenge;
    expect(challenge.twoFactor).toBe('required');
    return { client, challenge: challenge.challenge };
  }

  const codeStep = (client: ApiClient, challenge: string, code: string) =>
    client.post('/api/auth/login/two-factor', { challenge, code });

  async function audits(userId: string) {
    const rows = await db.many<{ action: string }>(sql`
      SELECT action FROM audit_events WHERE user_id = ${userId} AND action LIKE 'account.%'
      ORDER BY at, id`);
    return rows.map((row) => row.action);
  }

  it('enrols with the password and a code, answers ten recovery codes once, keeps the secret out of every other answer and log', async () => {
    const owner = await signUp(bedside.app);
    const status = async () =>
      (await (await owner.api.get('/api/auth/two-factor')).json()) as TwoFactorStatus;
    expect(await status()).toEqual({
      enabled: false,
      enabledAt: null,
      recoveryCodesLeft: 0,
      requiredByClinic: false,
    });

    const wrongPassword = await owner.api.post('/api/auth/two-factor/setup', {
      password: 'not my password',
    });
    expect(wrongPassword.status).toBe(403);
    expect(await wrongPassword.json()).toMatchObject({ type: problemType('wrong-password') });

    const setup = await owner.api.post('/api/auth/two-factor/setup', { password: testPassword });
    const { secret, uri } = (await setup.json()) as TwoFactorSetup;
    expect(secret).toMatch(/^[A-Z2-7]{32}$/);
    const url = new URL(uri);
    expect(url.protocol).toBe('otpauth:');
    expect(url.searchParams.get('secret')).toBe(secret);
    expect(url.searchParams.get('issuer')).toBe('Bedside');
    expect(decodeURIComponent(url.pathname)).toContain(owner.email);
    // Not on until a code of the secret comes back.
    expect((await status()).enabled).toBe(false);

    const wrong = await owner.api.post('/api/auth/two-factor/enable', {
      code: appCode(secret, clock().getTime() + 3 * stepMs),
    });
    expect(wrong.status).toBe(403);
    expect(await wrong.json()).toMatchObject({
      type: problemType('two-factor-code'),
      detail: expect.stringMatching(/^That code is not right\./),
    });

    const enabled = await owner.api.post('/api/auth/two-factor/enable', {
      code: appCode(secret, clock().getTime()),
    });
    expect(enabled.status).toBe(200);
    const { recoveryCodes } = (await enabled.json()) as RecoveryCodes;
    expect(recoveryCodes).toHaveLength(10);
    expect(new Set(recoveryCodes).size).toBe(10);
    for (const code of recoveryCodes) expect(code).toMatch(/^[a-z2-7]{5}-[a-z2-7]{5}$/);
    expect(await status()).toEqual({
      enabled: true,
      enabledAt: clock().toISOString(),
      recoveryCodesLeft: 10,
      requiredByClinic: false,
    });

    // Only hashes of the recovery codes are stored.
    const stored = await db.many<{ codeHash: string }>(sql`
      SELECT code_hash AS "codeHash" FROM recovery_codes WHERE user_id = ${owner.me.user.id}`);
    expect(stored).toHaveLength(10);
    for (const code of recoveryCodes) {
      expect(stored.map((row) => row.codeHash).join()).not.toContain(code.replace('-', ''));
    }

    const again = await owner.api.post('/api/auth/two-factor/setup', { password: testPassword });
    expect(again.status).toBe(409);
    expect(await again.json()).toMatchObject({ type: problemType('two-factor-on') });

    const everything = JSON.stringify(bedside.logLines);
    expect(everything).not.toContain(secret);
    for (const code of recoveryCodes) expect(everything).not.toContain(code);
    expect(await audits(owner.me.user.id)).toEqual(['account.two-factor-enable']);
  });

  it('signs in with a code only after the password, with no session in between', async () => {
    const owner = await ownerWithTwoFactor();
    const { client, challenge } = await passwordStep(owner.email);
    expect((await client.get('/api/auth/me')).status).toBe(401);

    const wrongPassword = await new PeerClient(bedside.app).post('/api/auth/login', {
      email: owner.email,
      password: 'not my password',
    });
    expect(wrongPassword.status).toBe(401);

    const signedIn = await codeStep(client, challenge, appCode(owner.secret, clock().getTime()));
    expect(signedIn.status).toBe(200);
    const me = (await signedIn.json()) as Me;
    expect(me.user.id).toBe(owner.me.user.id);
    expect(me.mustSetUpTwoFactor).toBeUndefined();
    expect((await client.get('/api/auth/me')).status).toBe(200);
    expect((await client.get('/api/sync/pull')).status).toBe(200);
  });

  it('refuses a wrong code, takes the step before or after, refuses two steps away', async () => {
    const owner = await ownerWithTwoFactor();
    const now = () => clock().getTime();
    const { client, challenge } = await passwordStep(owner.email);

    for (const offset of [-2, 2]) {
      const far = await codeStep(client, challenge, appCode(owner.secret, now() + offset * stepMs));
      expect(far.status, `${offset} steps`).toBe(401);
      expect(await far.json()).toMatchObject({
        type: problemType('two-factor-code'),
        detail: expect.stringMatching(/^That code is not right\./),
      });
    }
    const wrong = appCode(owner.secret, now()) === '000000' ? '000001' : '000000';
    expect((await codeStep(client, challenge, wrong)).status).toBe(401);

    // A phone a step behind.
    clock.advance(stepMs);
    const behind = await codeStep(client, challenge, appCode(owner.secret, now() - stepMs));
    expect(behind.status).toBe(200);

    // A phone a step ahead; then the current step's code is older than the one used: refused.
    clock.advance(stepMs);
    const next = await passwordStep(owner.email);
    const ahead = await codeStep(
      next.client,
      next.challenge,
      appCode(owner.secret, now() + stepMs),
    );
    expect(ahead.status).toBe(200);
    const later = await passwordStep(owner.email);
    const current = await codeStep(later.client, later.challenge, appCode(owner.secret, now()));
    expect(current.status).toBe(401);
    expect(await audits(owner.me.user.id)).toEqual([
      'account.two-factor-enable',
      'account.two-factor-fail',
      'account.two-factor-fail',
      'account.two-factor-fail',
      'account.two-factor-fail',
    ]);
  });

  it('refuses a code used once already (replay), on another sign-in too', async () => {
    const owner = await ownerWithTwoFactor();
    const code = appCode(owner.secret, clock().getTime());
    const first = await passwordStep(owner.email);
    expect((await codeStep(first.client, first.challenge, code)).status).toBe(200);
    const second = await passwordStep(owner.email);
    const replay = await codeStep(second.client, second.challenge, code);
    expect(replay.status).toBe(401);
    expect(await replay.json()).toMatchObject({ type: problemType('two-factor-code') });
    expect((await second.client.get('/api/auth/me')).status).toBe(401);
  });

  it('lets a challenge work once and for five minutes', async () => {
    const owner = await ownerWithTwoFactor();
    const used = await passwordStep(owner.email);
    expect(
      (await codeStep(used.client, used.challenge, appCode(owner.secret, clock().getTime())))
        .status,
    ).toBe(200);
    clock.advance(stepMs);
    const reused = await codeStep(
      new PeerClient(bedside.app),
      used.challenge,
      appCode(owner.secret, clock().getTime()),
    );
    expect(reused.status).toBe(401);
    expect(await reused.json()).toMatchObject({
      type: problemType('two-factor-challenge'),
      detail: 'This sign-in took longer than 5 minutes or was already used. Sign in again.',
    });

    const slow = await passwordStep(owner.email);
    clock.advance(5 * 60_000);
    const late = await codeStep(
      slow.client,
      slow.challenge,
      appCode(owner.secret, clock().getTime()),
    );
    expect(late.status).toBe(401);
    expect(await late.json()).toMatchObject({ type: problemType('two-factor-challenge') });

    const madeUp = await codeStep(new PeerClient(bedside.app), 'x'.repeat(43), '123456');
    expect(madeUp.status).toBe(401);
  });

  it('takes each recovery code once, in any case, with or without its dash', async () => {
    const owner = await ownerWithTwoFactor();
    const [code, other] = owner.recoveryCodes;
    if (!code || !other) throw new Error('no recovery codes');
    const first = await passwordStep(owner.email);
    expect((await codeStep(first.client, first.challenge, code.toUpperCase())).status).toBe(200);
    const second = await passwordStep(owner.email);
    const reused = await codeStep(second.client, second.challenge, code.replace('-', ''));
    expect(reused.status).toBe(401);
    expect((await codeStep(second.client, second.challenge, ` ${other} `)).status).toBe(200);
    const status = (await (
      await second.client.get('/api/auth/two-factor')
    ).json()) as TwoFactorStatus;
    expect(status.recoveryCodesLeft).toBe(8);
    expect(await audits(owner.me.user.id)).toEqual([
      'account.two-factor-enable',
      'account.recovery-code-use',
      'account.two-factor-fail',
      'account.recovery-code-use',
    ]);
  });

  it('gives new recovery codes and turns off only with the password and a code', async () => {
    const owner = await ownerWithTwoFactor();
    const now = () => clock().getTime();
    const renewed = await owner.api.post('/api/auth/two-factor/recovery-codes', {
      password: testPassword,
      code: appCode(owner.secret, now()),
    });
    expect(renewed.status).toBe(200);
    const { recoveryCodes } = (await renewed.json()) as RecoveryCodes;
    expect(recoveryCodes).toHaveLength(10);
    const old = await passwordStep(owner.email);
    expect((await codeStep(old.client, old.challenge, owner.recoveryCodes[0] ?? '')).status).toBe(
      401,
    );

    clock.advance(stepMs);
    const wrongPassword = await owner.api.post('/api/auth/two-factor/disable', {
      password: 'not my password',
      code: appCode(owner.secret, now()),
    });
    expect(wrongPassword.status).toBe(403);
    expect(await wrongPassword.json()).toMatchObject({ type: problemType('wrong-password') });
    const wrongCode = await owner.api.post('/api/auth/two-factor/disable', {
      password: testPassword,
      code: appCode(owner.secret, now() + 5 * stepMs),
    });
    expect(wrongCode.status).toBe(403);
    expect(await wrongCode.json()).toMatchObject({ type: problemType('two-factor-code') });
    const disabled = await owner.api.post('/api/auth/two-factor/disable', {
      password: testPassword,
      code: recoveryCodes[0],
    });
    expect(disabled.status).toBe(204);
    expect(
      await db.many(sql`SELECT 1 FROM recovery_codes WHERE user_id = ${owner.me.user.id}`),
    ).toEqual([]);

    // The password alone signs in again.
    const plain = await new PeerClient(bedside.app).post('/api/auth/login', {
      email: owner.email,
      password: testPassword,
    });
    expect(plain.status).toBe(200);
    expect(((await plain.json()) as Me).user.id).toBe(owner.me.user.id);
    expect(await audits(owner.me.user.id)).toEqual([
      'account.two-factor-enable',
      'account.recovery-codes-new',
      'account.two-factor-fail',
      'account.two-factor-fail',
      'account.recovery-code-use',
      'account.two-factor-disable',
    ]);
  });

  it('counts wrong codes in the login throttle, which the right password does not clear', async () => {
    const owner = await ownerWithTwoFactor();
    const { client, challenge } = await passwordStep(owner.email);
    const wrong = appCode(owner.secret, clock().getTime() + 4 * stepMs);
    for (let attempt = 1; attempt <= 3; attempt++) {
      expect((await codeStep(client, challenge, wrong)).status).toBe(401);
    }
    // A new password step: the count goes on.
    const again = await passwordStep(owner.email);
    for (let attempt = 4; attempt <= 5; attempt++) {
      expect((await codeStep(again.client, again.challenge, wrong)).status).toBe(401);
    }
    const throttled = await codeStep(
      again.client,
      again.challenge,
      appCode(owner.secret, clock().getTime()),
    );
    expect(throttled.status).toBe(429);
    expect(Number(throttled.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(await throttled.json()).toMatchObject({ type: problemType('login-throttled') });
    expect(
      (
        await new PeerClient(bedside.app).post('/api/auth/login', {
          email: owner.email,
          password: testPassword,
        })
      ).status,
    ).toBe(429);

    clock.advance(15 * 60_000);
    const later = await passwordStep(owner.email);
    const signedIn = await codeStep(
      later.client,
      later.challenge,
      appCode(owner.secret, clock().getTime()),
    );
    expect(signedIn.status).toBe(200);
  });

  it('lets an owner with two-factor require it; a member without it can then only set it up', async () => {
    const owner = await signUp(bedside.app);
    const refused = await owner.api.request('PATCH', '/api/clinic', {
      json: { requireTwoFactor: true },
    });
    expect(refused.status).toBe(409);
    expect(await refused.json()).toMatchObject({
      type: problemType('two-factor-off'),
      detail:
        'Turn on two-factor sign-in for your own account (My account) before requiring it for the clinic.',
    });

    const memberEmail = uniqueEmail('clinician');
    const { api: earlier } = await addColleague({ app: bedside.app, db }, owner.me.clinic.id, {
      name: 'Dr Member',
      email: memberEmail,
      client: new PeerClient(bedside.app),
    });

    await enrol(owner.api);
    clock.advance(stepMs);
    const required = await owner.api.request('PATCH', '/api/clinic', {
      json: { requireTwoFactor: true },
    });
    expect(required.status).toBe(200);
    expect(await required.json()).toMatchObject({ requireTwoFactor: true });
    expect((await owner.api.get('/api/sync/pull')).status).toBe(200);

    // A new sign-in of the member, and the session from before (once the cache lets it go).
    const member = new PeerClient(bedside.app);
    const login = await member.post('/api/auth/login', {
      email: memberEmail,
      password: testPassword,
    });
    expect(login.status).toBe(200);
    expect(((await login.json()) as Me).mustSetUpTwoFactor).toBe(true);
    clock.advance(10_000);
    for (const client of [member, earlier]) {
      for (const [method, path] of [
        ['GET', '/api/sync/pull'],
        ['GET', '/api/clinic'],
        ['GET', '/api/auth/sessions'],
        ['POST', '/api/auth/password'],
      ] as const) {
        const gated = await client.request(method, path, {
          json: method === 'POST' ? {} : undefined,
        });
        expect(gated.status, `${method} ${path}`).toBe(403);
        expect(gated.headers.get('content-type')).toBe('application/problem+json');
        expect(await gated.json()).toMatchObject({
          type: problemType('two-factor-required'),
          detail:
            'Your clinic requires two-factor sign-in. Set it up in My account to use Bedside.',
        });
      }
      const me = (await (await client.get('/api/auth/me')).json()) as Me;
      expect(me.mustSetUpTwoFactor).toBe(true);
    }
    const status = (await (await member.get('/api/auth/two-factor')).json()) as TwoFactorStatus;
    expect(status).toMatchObject({ enabled: false, requiredByClinic: true });

    await enrol(member);
    expect((await member.get('/api/sync/pull')).status).toBe(200);
    expect(((await (await member.get('/api/auth/me')).json()) as Me).mustSetUpTwoFactor).toBe(
      undefined,
    );
  });
});
