import type { JobCounts } from '../../jobs/job.ts';
import {
  claimCancellations,
  claimConfirmations,
  claimDueReminders,
  claimRetries,
  failAbandonedSends,
  type ClaimedMessage,
} from '../../storage/message-claim-queries.ts';
import { releaseClaims } from '../../storage/message-queries.ts';
import { deliverClaimed, sendLeaseMs } from './deliver.ts';
import type { MailingDeps } from './mail-deps.ts';
import { clinicMail } from './reminder-settings.ts';

export const abandonedReason =
  'The server stopped while sending; it may or may not have arrived. Resend if needed.';

/** Confirmations and cancellations look back this far for bookings and cancellations. */
const lookBackMs = 24 * 3_600_000;
/** Retries taken a pass; more wait for the next. */
const retryBatch = 500;

export type PassCounts = { sent: number; skipped: number; failed: number; retried: number };

/**
 * One reminder pass for a clinic at `now`:
 * 1. sends left 'sending' by an instance that stopped are marked failed (never sent twice);
 * 2. each enabled rule claims the appointments whose reminder time lies in `(windowStart, now]`,
 *    one statement a rule; then confirmations and cancellations of the last day, if on;
 * 3. queued retries whose time has come are claimed;
 * 4. every claimed message is written and delivered, and its outcome recorded.
 * A claim is a ledger row under a unique key, written before the mail goes: a pass run again,
 * or one on another instance, finds it and sends nothing. Stopped by `signal`, claims not yet
 * sent are handed back as queued for the next pass.
 */
export async function runReminderPass(
  deps: MailingDeps,
  o: { clinicId: string; now: Date; windowStart: Date; signal?: AbortSignal },
): Promise<PassCounts & JobCounts> {
  const counts: PassCounts = { sent: 0, skipped: 0, failed: 0, retried: 0 };
  const clinic = await clinicMail(deps, o.clinicId);
  if (!clinic) return counts;
  const { db } = deps;
  const { clinicId, now } = o;

  const abandoned = await failAbandonedSends(db, { clinicId, now, reason: abandonedReason });
  counts.failed += abandoned.length;
  if (abandoned.length > 0)
    deps.log.warn({ clinicId, messages: abandoned.length }, 'sends abandoned by a stopped server');

  const leaseUntil = new Date(now.getTime() + sendLeaseMs);
  const claimed: ClaimedMessage[] = [];
  const take = (result: { sending: ClaimedMessage[]; skipped: number }) => {
    claimed.push(...result.sending);
    counts.skipped += result.skipped;
  };
  const { settings } = clinic;
  for (const rule of settings.rules.filter((each) => each.enabled)) {
    take(
      await claimDueReminders(db, {
        clinicId,
        rule,
        from: o.windowStart,
        to: now,
        now,
        leaseUntil,
      }),
    );
  }
  const since = new Date(now.getTime() - lookBackMs);
  if (settings.sendConfirmation)
    take(await claimConfirmations(db, { clinicId, since, now, leaseUntil }));
  if (settings.sendCancellation)
    take(await claimCancellations(db, { clinicId, since, now, leaseUntil }));
  claimed.push(...(await claimRetries(db, { clinicId, now, leaseUntil, limit: retryBatch })));

  for (const [index, message] of claimed.entries()) {
    if (o.signal?.aborted) {
      await releaseClaims(
        db,
        claimed.slice(index).map((each) => each.id),
        now,
      );
      deps.log.info({ clinicId, messages: claimed.length - index }, 'sends handed back on stop');
      break;
    }
    counts[await deliverClaimed(deps, clinic, message)] += 1;
  }
  return counts;
}
