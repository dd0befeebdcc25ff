import { randomBytes } from 'node:crypto';
import type { ParsedMail } from 'mailparser';
import { uuidv7 } from 'uuidv7';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { problemType, type Me } from '@bedside/shared';
import type { PendingInvitation } from '@bedside/shared/team';
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

const linkPattern = new RegExp(`${testPublicUrl}/accept-invite#([\\w-]+)`);
const day = 24 * 60 * 60 * 1000;
const inviteePassword = 'my own long passphrase';

describe.each(dbKinds)('invitations on %s', (kind) => {
  let db: Db;
  let smtp: SmtpTestServer;
  let mail: MailDeps;
  const clock = testClock();
  let bedside: ReturnType<typeof startBedside>;
  let peers = 0;

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

  /** A signed-out client on an address of its own (the public routes count per IP). */
  function invitee() {
    const client = new ApiClient(bedside.app);
    const peer = `10.1.${Math.floor(++peers / 250)}.${peers % 250}`;
    return {
      client,
      lookup: (token: string) => client.post('/api/invitations/lookup', { token }, { peer }),
      accept: (token: string, name = 'Sam Carter', password = inviteePassword) =>
        client.post('/api/invitations/accept', { token, name, password }, { peer }),
    };
  }

  /** Invites `email` and waits for the message; the answer, the message and its link's token. */
  async function inviteMail(
    owner: { api: ApiClient },
    body: { email: string; role: string; name?: string },
  ): Promise<{ invitation: PendingInvitation; message: ParsedMail; token: string }> {
    const before = smtp.messages.length;
    const response = await owner.api.post('/api/invitations', body);
    expect(response.status).toBe(201);
    const { invitation, mailed } = (await response.json()) as {
      invitation: PendingInvitation;
      mailed: boolean;
    };
    expect(mailed).toBe(true);
    return { invitation, ...(await nextMail(before, body.email)) };
  }

  async function nextMail(before: number, to: string) {
    const message = (await smtp.waitFor(before + 1))[before];
    expect(message?.to).toMatchObject({ text: to });
    const token = linkPattern.exec(message?.text ?? '')?.[1];
    if (!message || !token) throw new Error('no invitation link in the message');
    return { message, token };
  }

  async function expectLinkRefused(response: Response) {
    expect(response.status).toBe(404);
    expect(response.headers.get('content-type')).toBe('application/problem+json');
    expect(await response.json()).toMatchObject({
      type: problemType('invite-link-invalid'),
      detail: 'This invitation has expired or was already used. Ask the clinic for a new one.',
    });
  }

  async function pending(owner: { api: ApiClient }) {
    const response = await owner.api.get('/api/invitations');
    expect(response.status).toBe(200);
    return ((await response.json()) as { invitations: PendingInvitation[] }).invitations;
  }

  it('mails a link with which the invitee signs up once, with their own name and password', async () => {
    const owner = await signUp(bedside.app);
    const email = uniqueEmail('nurse');
    const { invitation, message, token } = await inviteMail(owner, {
      email,
      role: 'clinician',
      name: 'Nurse Sam',
    });
    expect(invitation).toMatchObject({ email, role: 'clinician', name: 'Nurse Sam' });
    expect(message.subject).toBe('Dr owner invited you to Clinic owner on Bedside');
    expect(message.text).toContain('join Clinic owner on Bedside as a clinician');
    expect(message.text).toContain(`${testPublicUrl}/accept-invite#${token}`);
    expect(message.text).toContain('within the next 7 days');
    expect(message.headers.has('list-unsubscribe')).toBe(false);
    // Only the token's SHA-256 is stored.
    const [row] = await db.many<{ tokenHash: string }>(sql`
      SELECT token_hash AS "tokenHash" FROM invitations WHERE id = ${invitation.id}`);
    expect(row?.tokenHash).toMatch(/^[0-9a-f]{64}$/);
    expect(row?.tokenHash).not.toContain(token);
    expect(await pending(owner)).toEqual([invitation]);

    const sam = invitee();
    const preview = await sam.lookup(token);
    expect(preview.status).toBe(200);
    expect(await preview.json()).toEqual({
      clinicName: 'Clinic owner',
      email,
      role: 'clinician',
      name: 'Nurse Sam',
    });

    const accepted = await sam.accept(token, 'Sam Carter');
    expect(accepted.status).toBe(201);
    const me = (await accepted.json()) as Me;
    expect(me.user).toMatchObject({
      name: 'Sam Carter',
      email,
      role: 'clinician',
      clinicId: owner.me.clinic.id,
    });
    expect(me.clinic.id).toBe(owner.me.clinic.id);
    // Signed in by the answer's cookie, and able to sign in with the password chosen.
    expect(await (await sam.client.get('/api/auth/me')).json()).toEqual(me);
    const login = await new ApiClient(bedside.app).post('/api/auth/login', {
      email,
      password: inviteePassword,
    });
    expect(login.status).toBe(200);
    expect(await pending(owner)).toEqual([]);

    // Used up: a replay is refused, from the same device or another, and creates nobody.
    await expectLinkRefused(await sam.accept(token, 'Someone Else'));
    await expectLinkRefused(await invitee().lookup(token));
    const named = await db.many<{ name: string }>(sql`
      SELECT name FROM users WHERE lower(email) = lower(${email})`);
    expect(named).toEqual([{ name: 'Sam Carter' }]);

    const events = await db.many<{ userId: string; action: string; entityIds: string[] }>(sql`
      SELECT user_id AS "userId", action, entity_ids AS "entityIds" FROM audit_events
      WHERE clinic_id = ${owner.me.clinic.id} AND entity = 'invitations' ORDER BY at, id`);
    expect(events).toEqual([
      { userId: owner.me.user.id, action: 'invitation.create', entityIds: [invitation.id] },
      { userId: me.user.id, action: 'invitation.accept', entityIds: [invitation.id] },
    ]);
    // No address in the log.
    expect(JSON.stringify(bedside.logLines)).not.toContain(email);
  });

  it('refuses a link after seven days, and takes one used within them', async () => {
    const owner = await signUp(bedside.app);
    const late = await inviteMail(owner, { email: uniqueEmail('late'), role: 'assistant' });
    clock.advance(7 * day + 1000);
    await expectLinkRefused(await invitee().lookup(late.token));
    await expectLinkRefused(await invitee().accept(late.token));

    const email = uniqueEmail('in-time');
    const inTime = await inviteMail(owner, { email, role: 'assistant' });
    clock.advance(7 * day - 60_000);
    const accepted = await invitee().accept(inTime.token);
    expect(accepted.status).toBe(201);
    expect(((await accepted.json()) as Me).user).toMatchObject({ email, role: 'assistant' });
  });

  it('holds an invitee of a clinic that requires two-factor to setting it up, from the first answer', async () => {
    const owner = await signUp(bedside.app);
    const { token } = await inviteMail(owner, { email: uniqueEmail('held'), role: 'clinician' });
    // As Settings → Clinic would once the owner has it (two-factor.test.ts walks that path).
    await db.many(
      sql`UPDATE clinics SET require_two_factor = true WHERE id = ${owner.me.clinic.id}`,
    );
    const sam = invitee();
    const accepted = await sam.accept(token);
    expect(accepted.status).toBe(201);
    expect(((await accepted.json()) as Me).mustSetUpTwoFactor).toBe(true);
    expect((await sam.client.get('/api/clinic')).status).toBe(403);
  });

  it('refuses a revoked link, a forged one, and the old link of one resent', async () => {
    const owner = await signUp(bedside.app);
    await expectLinkRefused(await invitee().lookup(randomBytes(32).toString('base64url')));

    const revoked = await inviteMail(owner, { email: uniqueEmail('revoked'), role: 'clinician' });
    const gone = await owner.api.request('DELETE', `/api/invitations/${revoked.invitation.id}`);
    expect(gone.status).toBe(204);
    await expectLinkRefused(await invitee().accept(revoked.token));
    expect(await pending(owner)).toEqual([]);

    const email = uniqueEmail('resent');
    const first = await inviteMail(owner, { email, role: 'clinician' });
    clock.advance(6 * day);
    const before = smtp.messages.length;
    const resent = await owner.api.post(`/api/invitations/${first.invitation.id}/resend`);
    expect(resent.status).toBe(200);
    const second = await nextMail(before, email);
    expect(second.token).not.toBe(first.token);
    await expectLinkRefused(await invitee().lookup(first.token));
    // The new link has seven days of its own.
    clock.advance(6 * day);
    expect((await invitee().accept(second.token)).status).toBe(201);
  });

  it('replaces the link of an address invited again, and refuses an address already a user', async () => {
    const owner = await signUp(bedside.app);
    const email = uniqueEmail('twice');
    const first = await inviteMail(owner, { email, role: 'clinician' });
    const second = await inviteMail(owner, { email, role: 'assistant' });
    await expectLinkRefused(await invitee().lookup(first.token));
    expect((await pending(owner)).map((row) => row.id)).toEqual([second.invitation.id]);
    const accepted = await invitee().accept(second.token);
    expect(((await accepted.json()) as Me).user.role).toBe('assistant');

    for (const taken of [email, owner.email]) {
      const refused = await owner.api.post('/api/invitations', { email: taken, role: 'clinician' });
      expect(refused.status).toBe(409);
      expect(await refused.json()).toMatchObject({
        type: problemType('email-taken'),
        detail: 'This address already belongs to a Bedside user, so it cannot be invited.',
      });
    }
  });

  it('refuses a bad address or role with the shared messages, inviting nobody', async () => {
    const owner = await signUp(bedside.app);
    const before = smtp.messages.length;
    const response = await owner.api.post('/api/invitations', {
      email: 'not an address',
      role: 'admin',
    });
    expect(response.status).toBe(422);
    expect(response.headers.get('content-type')).toBe('application/problem+json');
    const problem = (await response.json()) as { type: string; issues: unknown[] };
    expect(problem.type).toBe(problemType('validation'));
    expect(problem.issues).toEqual([
      { field: 'email', message: 'Enter a valid email address.' },
      { field: 'role', message: 'Role must be owner, clinician or assistant.' },
    ]);
    expect(await pending(owner)).toEqual([]);
    expect(smtp.messages.length).toBe(before);
  });

  it('lets only owners invite, and keeps clinics apart', async () => {
    const owner = await signUp(bedside.app);
    const other = await signUp(bedside.app, 'other-clinic');
    const theirs = await inviteMail(other, { email: uniqueEmail('theirs'), role: 'clinician' });
    const id = theirs.invitation.id;
    for (const response of [
      await owner.api.post(`/api/invitations/${id}/resend`),
      await owner.api.request('DELETE', `/api/invitations/${id}`),
      await owner.api.request('DELETE', `/api/invitations/${uuidv7()}`),
      await owner.api.request('DELETE', '/api/invitations/not-an-id'),
    ]) {
      expect(response.status).toBe(404);
    }
    expect(await pending(owner)).toEqual([]);
    expect((await pending(other)).map((row) => row.id)).toEqual([id]);

    const assistant = await inviteMail(owner, { email: uniqueEmail('asst'), role: 'assistant' });
    const client = invitee();
    await client.accept(assistant.token);
    for (const response of [
      await client.client.get('/api/invitations'),
      await client.client.post('/api/invitations', { email: uniqueEmail(), role: 'owner' }),
      await client.client.post(`/api/invitations/${id}/resend`),
    ]) {
      expect(response.status).toBe(403);
    }
    expect((await new ApiClient(bedside.app).get('/api/invitations')).status).toBe(401);
  });

  it('counts the public look-ups per address and refuses past thirty an hour', async () => {
    const peer = '10.250.0.1';
    const token = randomBytes(32).toString('base64url');
    const client = new ApiClient(bedside.app);
    for (let i = 0; i < 30; i++) {
      expect((await client.post('/api/invitations/lookup', { token }, { peer })).status).toBe(404);
    }
    const refused = await client.post(
      '/api/invitations/accept',
      { token, name: 'X', password: testPassword },
      { peer },
    );
    expect(refused.status).toBe(429);
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
    clock.advance(60 * 60 * 1000);
    expect((await client.post('/api/invitations/lookup', { token }, { peer })).status).toBe(404);
  });
});
