import { uuidv7 } from 'uuidv7';
import { makeProblem } from '@bedside/shared';
import {
  renderMessage,
  samplePlaceholderValues,
  skipReasonLabels,
  type MessageLogEntry,
  type TestMessageRequest,
} from '@bedside/shared/reminders';
import { insertAuditEvents } from '../../storage/audit-queries.ts';
import { selectMessageDetails } from '../../storage/message-claim-queries.ts';
import { insertManualMessage, selectMessage } from '../../storage/message-queries.ts';
import type { Actor, Result } from '../deps.ts';
import { mailFor, sendAndRecord, sendLeaseMs, staleReason } from './deliver.ts';
import type { MailingDeps } from './mail-deps.ts';
import { clinicMail } from './reminder-settings.ts';

/**
 * A test message's unsubscribe line: a link of the right shape that names no patient, so the
 * owner sees what patients get; the unsubscribe page answers it as a link that is not valid.
 */
const sampleUnsubscribePath = '/unsubscribe/this-is-a-test-message';

async function audit(
  deps: MailingDeps,
  actor: Actor,
  action: string,
  ids: string[],
): Promise<void> {
  await insertAuditEvents(deps.db, [
    {
      id: uuidv7(),
      clinicId: actor.clinicId,
      userId: actor.userId,
      action,
      entity: 'messages',
      entityIds: ids,
      requestId: actor.requestId,
      at: deps.clock().toISOString(),
    },
  ]);
}

async function entry(deps: MailingDeps, clinicId: string, id: string): Promise<MessageLogEntry> {
  const found = await selectMessage(deps.db, clinicId, id);
  if (!found) throw new Error('a message just written is gone');
  return found;
}

/**
 * `POST /api/reminders/test`: the template of `kind` with the sample values, sent at once to
 * the signed-in owner's own address; answered with its log entry, sent or failed (a test is
 * not retried: the owner is there to try again).
 */
export async function sendTestMessage(
  deps: MailingDeps,
  actor: Actor & { email: string },
  request: TestMessageRequest,
): Promise<Result<MessageLogEntry>> {
  const clinic = await clinicMail(deps, actor.clinicId);
  if (!clinic) throw new Error('the session names a clinic that does not exist');
  const now = deps.clock();
  const values = samplePlaceholderValues({
    clinicName: clinic.name,
    timezone: clinic.timezone,
    contactPhone: clinic.settings.contactPhone,
    now,
  });
  const { subject, body } = renderMessage(clinic.settings.templates[request.kind], values);
  const id = uuidv7();
  await insertManualMessage(deps.db, {
    id,
    clinicId: actor.clinicId,
    kind: 'test',
    patientId: null,
    appointmentId: null,
    ruleId: null,
    appointmentStartsAt: null,
    to: actor.email,
    userId: actor.userId,
    now,
    leaseUntil: new Date(now.getTime() + sendLeaseMs),
  });
  await audit(deps, actor, 'messages.test', [id]);
  await sendAndRecord(
    deps,
    { id, kind: 'test', attempts: 0 },
    {
      to: actor.email,
      subject: `[Test] ${subject}`,
      text: body,
      unsubscribeUrl: `${deps.mail.publicUrl}${sampleUnsubscribePath}`,
    },
    { retry: false },
  );
  return { ok: true, value: await entry(deps, actor.clinicId, id) };
}

/**
 * `POST /api/messages/:id/resend`: a failed reminder, confirmation or cancellation sent again
 * as a new message, to the patient's address as it is now, at once; queued for retries if the
 * server is briefly unreachable. Refused (409) for a message that did not fail, a test, or
 * when it could not go now: the patient has no address, no consent or unsubscribed, or the
 * appointment has moved, been cancelled or deleted since.
 */
export async function resendMessage(
  deps: MailingDeps,
  actor: Actor,
  id: string,
): Promise<Result<MessageLogEntry>> {
  const original = await selectMessage(deps.db, actor.clinicId, id);
  if (!original) {
    return {
      ok: false,
      problem: makeProblem('not-found', 404, 'There is no such message in this clinic.'),
    };
  }
  const conflict = (title: string) =>
    ({ ok: false, problem: makeProblem('conflict', 409, title) }) as const;
  if (original.status !== 'failed') return conflict('Only a message that failed can be resent.');
  if (original.kind === 'test' || !original.patientId || !original.appointmentId)
    return conflict('A test message is not resent; send a new test instead.');
  const clinic = await clinicMail(deps, actor.clinicId);
  if (!clinic) throw new Error('the session names a clinic that does not exist');
  // The original read as things are now: the patient's address, consent, the appointment.
  const details = await selectMessageDetails(deps.db, actor.clinicId, id);
  if (!details) throw new Error('a message just read is gone');
  const made = mailFor(deps, clinic, { ...details, to: details.patientEmail });
  if ('skip' in made) return conflict(`Not sent: ${skipReasonLabels[made.skip].toLowerCase()}.`);
  if ('stale' in made) return conflict(staleReason);
  const now = deps.clock();
  const newId = uuidv7();
  await insertManualMessage(deps.db, {
    id: newId,
    clinicId: actor.clinicId,
    kind: original.kind,
    patientId: original.patientId,
    appointmentId: original.appointmentId,
    ruleId: original.ruleId,
    appointmentStartsAt: details.startsAt,
    to: made.mail.to,
    userId: actor.userId,
    now,
    leaseUntil: new Date(now.getTime() + sendLeaseMs),
  });
  await audit(deps, actor, 'messages.resend', [id, newId]);
  await sendAndRecord(deps, { id: newId, kind: original.kind, attempts: 0 }, made.mail, {
    retry: true,
  });
  return { ok: true, value: await entry(deps, actor.clinicId, newId) };
}
