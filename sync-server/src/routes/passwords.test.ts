import { randomBytes } from 'node:crypto';
import type { ParsedMail } from 'mailparser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { passwordResetSentMessage, problemType, type Problem } from '@bedside/shared';
import type { MailDeps } from '../domain/reminders/mail-deps.ts';
import type { Db } from '../storage/db.ts';
import { sql } from '../storage/sql.ts';
import { testMail, testPublicUrl } from '../../test/reminder-helpers.ts';
import { startSmtpTestServer, type SmtpTestServer } from '../../test/smtp-test-server.ts';
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

const newPassword = 'a much longer new passphrase';
const linkPattern = new RegExp(`${testPublicUrl}/reset-password#([\\w-]+)`);

describe.each(dbKinds)('passwords on %s', (kind) => {
  let db: Db;
  let smtp: SmtpTestServer;
  let mail: MailDeps;
  const clock = testClock();
  let bedside: ReturnType<typeof startBedside>;

  beforeAll(async () => {
    db = await migratedDb(kind);
    smtp = await startSmtpTestServer();
    mail = testMail(smtp, clock);
    bedside = startBedside(db, { clock, mail });
  });
  afterAll(async () => {
    await bedside.close();
    mail.mailer.close();
    await smtp.stop();
    await db.close();
  });

  const api = () => new ApiClient(bedside.app);

  /** Signs `email` in on a new client; the client, or throws. */
  async function signIn(email: string, password = testPassword) {
    const client = api();
    const response = await client.post('/api/auth/login', { email, password });
    if (response.status !== 200) throw new Error(`sign-in failed: ${response.status}`);
    return client;
  }

  async function loginStatus(email: string, password: string) {
    return (await api().post('/api/auth/login', { email, password })).status;
  }

  /** Asks for a link for `email` and waits for the next message; it must be to `email`. */
  async function resetMail(email: string): Promise<{ message: ParsedMail; token: string }> {
    const before = smtp.messages.length;
    const response = await api().post('/api/auth/password-reset', { email });
    expect(response.status).toBe(202);
    const message = (await smtp.waitFor(before + 1))[before];
    expect(message?.to).toMatchObject({ text: email });
    const token = linkPattern.exec(message?.text ?? '')?.[1];
    if (!message || !token) throw new Error('no reset link in the message');
    return { message, token };
  }

  const confirm = (token: string, password = newPassword) =>
    api().post('/api/auth/password-reset/confirm', { token, newPassword: password });

  async function expectLinkRefused(response: Response) {
    expect(response.status).toBe(400);
    expect(response.headers.get('content-type')).toBe('application/problem+json');
    expect(await response.json()).toMatchObject({
      type: problemType('reset-link-invalid'),
      detail: 'This link has expired or was already used. Ask for a new one.',
    });
  }

  async function auditActions(userId: string) {
    return db.many<{ action: string; entity: string; entityIds: string[] }>(sql`
      SELECT action, entity, entity_ids AS "entityIds" FROM audit_events
      WHERE user_id = ${userId} AND action LIKE 'account.%' ORDER BY at, id`);
  }

  it('mails a link that sets a new password once and ends every session of the user', async () => {
    const owner = await signUp(bedside.app);
    const laptop = await signIn(owner.email);
    expect((await owner.api.get('/api/auth/me')).status).toBe(200);
    expect((await laptop.get('/api/auth/me')).status).toBe(200);

    const { message, token } = await resetMail(owner.email);
    expect(message.subject).toBe('Reset your Bedside password');
    expect(message.text).toContain(`${testPublicUrl}/reset-password#${token}`);
    expect(message.text).toContain('within the next hour');
    // Mail about one's own account has nothing to unsubscribe from.
    expect(message.headers.has('list-unsubscribe')).toBe(false);
    // Only the token's SHA-256 is stored.
    const rows = await db.many<{ tokenHash: string }>(sql`
      SELECT token_hash AS "tokenHash" FROM password_resets WHERE user_id = ${owner.me.user.id}`);
    expect(rows).toHaveLength(1);
    expect(rows[0]?.tokenHash).toMatch(/^[0-9a-f]{64}$/);
    expect(rows[0]?.tokenHash).not.toContain(token);

    const done = await confirm(token);
    expect(done.status).toBe(204);
    expect((await owner.api.get('/api/auth/me')).status).toBe(401);
    expect((await laptop.get('/api/auth/me')).status).toBe(401);
    expect(await loginStatus(owner.email, testPassword)).toBe(401);
    expect(await loginStatus(owner.email, newPassword)).toBe(200);

    await expectLinkRefused(await confirm(token, 'yet another passphrase'));
    expect(await loginStatus(owner.email, newPassword)).toBe(200);
    expect(await auditActions(owner.me.user.id)).toEqual([
      { action: 'account.password-reset', entity: 'users', entityIds: [owner.me.user.id] },
    ]);
  });

  it('answers an unknown address exactly as a known one, and mails nothing', async () => {
    const owner = await signUp(bedside.app);
    const before = smtp.messages.length;
    const unknown = await api().post('/api/auth/password-reset', { email: uniqueEmail('nobody') });
    const known = await api().post('/api/auth/password-reset', { email: owner.email });
    expect(unknown.status).toBe(202);
    expect(known.status).toBe(202);
    const body = await unknown.json();
    expect(body).toEqual({ message: passwordResetSentMessage });
    expect(await known.json()).toEqual(body);
    // The unknown address was asked for first; the only message since is the known one's.
    const since = (await smtp.waitFor(before + 1)).slice(before);
    expect(since.map((m) => m.to)).toEqual([expect.objectContaining({ text: owner.email })]);
  });

  it('refuses a link after one hour, and takes one used within the hour', async () => {
    const owner = await signUp(bedside.app);
    const late = await resetMail(owner.email);
    clock.advance(60 * 60 * 1000 + 1000);
    await expectLinkRefused(await confirm(late.token));
    expect(await loginStatus(owner.email, testPassword)).toBe(200);

    const inTime = await resetMail(owner.email);
    clock.advance(59 * 60 * 1000);
    expect((await confirm(inTime.token)).status).toBe(204);
    expect(await loginStatus(owner.email, newPassword)).toBe(200);
  });

  it('refuses a forged link, and voids older links once a new password is set', async () => {
    await expectLinkRefused(await confirm(randomBytes(32).toString('base64url')));
    const owner = await signUp(bedside.app);
    const first = await resetMail(owner.email);
    const second = await resetMail(owner.email);
    expect((await confirm(second.token)).status).toBe(204);
    await expectLinkRefused(await confirm(first.token, 'an attacker chosen password'));
    expect(await loginStatus(owner.email, newPassword)).toBe(200);
  });

  it('checks the new password by the sign-up rule', async () => {
    const owner = await signUp(bedside.app);
    const { token } = await resetMail(owner.email);
    const short = await confirm(token, 'short');
    expect(short.status).toBe(422);
    expect(((await short.json()) as Problem).issues).toEqual([
      { field: 'newPassword', message: 'Password must be at least 10 characters.' },
    ]);
    // A refused password does not use the link up.
    expect((await confirm(token)).status).toBe(204);
  });

  it('limits links per address, whether or not an account uses it', async () => {
    for (const email of [uniqueEmail('nobody'), (await signUp(bedside.app)).email]) {
      for (let i = 0; i < 3; i++) {
        expect((await api().post('/api/auth/password-reset', { email })).status).toBe(202);
      }
      const refused = await api().post('/api/auth/password-reset', { email });
      expect(refused.status).toBe(429);
      expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
    }
    // Let the links of the known address arrive before the next test counts messages.
    await smtp.waitFor(smtp.messages.length);
    clock.advance(60 * 60 * 1000);
  });

  it('changes my password with the current one and ends my other sessions only', async () => {
    const owner = await signUp(bedside.app);
    const phone = await signIn(owner.email);
    expect((await phone.get('/api/auth/me')).status).toBe(200);

    const changed = await owner.api.post('/api/auth/password', {
      currentPassword: testPassword,
      newPassword,
    });
    expect(changed.status).toBe(204);
    expect((await owner.api.get('/api/auth/me')).status).toBe(200);
    expect((await phone.get('/api/auth/me')).status).toBe(401);
    expect(await loginStatus(owner.email, testPassword)).toBe(401);
    expect(await loginStatus(owner.email, newPassword)).toBe(200);
    expect(await auditActions(owner.me.user.id)).toEqual([
      { action: 'account.password-change', entity: 'users', entityIds: [owner.me.user.id] },
    ]);
  });

  it('refuses a wrong current password and counts it as a failed sign-in', async () => {
    const owner = await signUp(bedside.app);
    const phone = await signIn(owner.email);
    for (let i = 0; i < 5; i++) {
      const wrong = await owner.api.post('/api/auth/password', {
        currentPassword: 'not my password',
        newPassword,
      });
      expect(wrong.status).toBe(403);
      expect(await wrong.json()).toMatchObject({
        type: problemType('wrong-password'),
        title: 'Your current password is not right.',
      });
    }
    // Nothing changed: the other session lives, and the old password is still the password…
    expect((await phone.get('/api/auth/me')).status).toBe(200);
    // …but five wrong ones hold sign-in for this email back, as five failed sign-ins would.
    expect(await loginStatus(owner.email, testPassword)).toBe(429);
    const held = await owner.api.post('/api/auth/password', {
      currentPassword: testPassword,
      newPassword,
    });
    expect(held.status).toBe(429);
    clock.advance(15 * 60 * 1000);
    expect(await loginStatus(owner.email, testPassword)).toBe(200);
    expect(await auditActions(owner.me.user.id)).toEqual([]);
  });

  it('needs a session to change a password', async () => {
    const response = await api().post('/api/auth/password', {
      currentPassword: testPassword,
      newPassword,
    });
    expect(response.status).toBe(401);
  });

  it('never logs a token or a password', async () => {
    const owner = await signUp(bedside.app);
    const { token } = await resetMail(owner.email);
    expect((await confirm(token, 'the reset passphrase')).status).toBe(204);
    const client = await signIn(owner.email, 'the reset passphrase');
    await client.post('/api/auth/password', {
      currentPassword: 'the reset passphrase',
      newPassword: 'the changed passphrase',
    });
    const logged = JSON.stringify(bedside.logLines);
    expect(logged).toContain('password reset link sent');
    for (const secret of [token, testPassword, 'the reset passphrase', 'the changed passphrase']) {
      expect(logged).not.toContain(secret);
    }
    expect(logged).not.toContain(owner.email);
  });
});
