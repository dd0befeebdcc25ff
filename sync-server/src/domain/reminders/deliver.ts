import { placeholderValues, renderMessage, type SkipReason } from '@bedside/shared/reminders';
import type { OutgoingMail } from '../../mail/mailer.ts';
import type { ClaimedMessage } from '../../storage/message-claim-queries.ts';
import { recordOutcome } from '../../storage/message-queries.ts';
import { unsubscribeUrl, type MailingDeps } from './mail-deps.ts';
import type { ClinicMail } from './reminder-settings.ts';

/** A transient failure is retried this many times (after 1×, 2×, 4× the base), then failed. */
export const maxRetries = 3;

/** How long a claimed send may take before another instance takes its sender for stopped. */
export const sendLeaseMs = 10 * 60_000;

/** What became of one message, for the job's counts. */
export type Delivered = 'sent' | 'retried' | 'failed' | 'skipped';

export const staleReason =
  'The appointment was moved, cancelled or deleted before this message went.';

/**
 * The mail a claimed patient message is, or why it must not go now: the patient unsubscribed,
 * withdrew consent or lost their address since it was claimed, or the appointment is no longer
 * what the message says (moved, cancelled, deleted).
 */
export function mailFor(
  deps: MailingDeps,
  clinic: ClinicMail,
  m: ClaimedMessage,
): { mail: OutgoingMail } | { skip: SkipReason } | { stale: true } {
  if (m.kind === 'test' || !m.patientId) throw new Error('a test message is written by the route');
  if (m.skipNow) return { skip: m.skipNow };
  const sameStart =
    m.startsAt !== null && m.appointmentStartsAt?.getTime() === m.startsAt.getTime();
  const wanted = m.kind === 'cancellation' ? 'cancelled' : 'booked';
  if (!m.appointmentLive || m.appointmentStatus !== wanted || !sameStart || !m.to)
    return { stale: true };
  const startsAt = m.startsAt ?? new Date(0);
  const values = placeholderValues({
    patientFirstName: m.givenName ?? '',
    clinicName: clinic.name,
    clinicianName: m.clinicianName ?? '',
    startsAt,
    timezone: clinic.timezone,
    location: m.location,
    contactPhone: clinic.settings.contactPhone,
  });
  const { subject, body } = renderMessage(clinic.settings.templates[m.kind], values);
  return {
    mail: {
      to: m.to,
      subject,
      text: body,
      unsubscribeUrl: unsubscribeUrl(deps.mail, m.clinicId, m.patientId),
      appointment: m.appointmentId
        ? {
            id: m.appointmentId,
            startsAt,
            endsAt: m.endsAt ?? startsAt,
            clinicName: clinic.name,
            location: m.location,
            sequence: m.appointmentVersion ?? 0,
            method: m.kind === 'cancellation' ? 'CANCEL' : 'REQUEST',
          }
        : undefined,
    },
  };
}

/**
 * Delivers a claimed ('sending') message and records how it went: sent; a transient failure
 * queued again after base × 2^(attempts - 1) while retries are left (`retry`), else failed; a
 * permanent one failed at once. Logs ids and counts only, never the address or the text.
 */
export async function sendAndRecord(
  deps: MailingDeps,
  m: { id: string; kind: string; attempts: number },
  mail: OutgoingMail,
  options: { retry: boolean },
): Promise<Delivered> {
  const outcome = await deps.mail.mailer.send(mail);
  const attempts = m.attempts + 1;
  const now = deps.clock();
  const about = { messageId: m.id, kind: m.kind, attempts };
  if (outcome.kind === 'sent') {
    await recordOutcome(deps.db, m.id, {
      status: 'sent',
      smtpMessageId: outcome.messageId,
      at: now,
    });
    return 'sent';
  }
  if (outcome.kind === 'transient' && options.retry && attempts <= maxRetries) {
    const delayMs = deps.mail.retrySeconds * 1000 * 2 ** (attempts - 1);
    await recordOutcome(deps.db, m.id, {
      status: 'queued',
      reason: outcome.reason,
      nextAttemptAt: new Date(now.getTime() + delayMs),
    });
    deps.log.warn(
      { ...about, retryInSeconds: delayMs / 1000 },
      'message not delivered; will retry',
    );
    return 'retried';
  }
  await recordOutcome(deps.db, m.id, { status: 'failed', reason: outcome.reason, attempted: true });
  deps.log.warn({ ...about, permanent: outcome.kind === 'permanent' }, 'message failed');
  return 'failed';
}

/** Writes and delivers a claimed patient message, or records why it did not go. */
export async function deliverClaimed(
  deps: MailingDeps,
  clinic: ClinicMail,
  m: ClaimedMessage,
): Promise<Delivered> {
  const made = mailFor(deps, clinic, m);
  if ('skip' in made) {
    await recordOutcome(deps.db, m.id, { status: 'skipped', reason: made.skip });
    return 'skipped';
  }
  if ('stale' in made) {
    await recordOutcome(deps.db, m.id, { status: 'failed', reason: staleReason, attempted: false });
    return 'failed';
  }
  return sendAndRecord(deps, m, made.mail, { retry: true });
}
