import type { Job } from '../../jobs/job.ts';
import type { MailingDeps } from './mail-deps.ts';
import { runReminderPass } from './reminder-pass.ts';

/**
 * The reminder job: every REMINDER_PERIOD_SECONDS (`cron` from the config), for each clinic, a
 * pass over the reminders due since one period before its scheduled time. The job runner runs
 * each scheduled time once across instances; the ledger's unique key makes each message once
 * even when a pass is run again or two overlap.
 *
 * @example
 * jobs: [cleanupJob({ db, blobs }), remindersJob({ db, log, clock, mail }, config.mail)]
 */
export function remindersJob(
  deps: MailingDeps,
  schedule: { reminderCron: string; reminderPeriodSeconds: number },
): Job {
  const periodMs = schedule.reminderPeriodSeconds * 1000;
  return {
    name: 'reminders',
    cron: schedule.reminderCron,
    run: ({ clinicId, scheduledFor, now, signal }) =>
      runReminderPass(deps, {
        clinicId,
        now,
        // From one period before the scheduled time up to now: a run that starts late covers
        // its whole period, and what the next run's window repeats is already in the ledger.
        windowStart: new Date(scheduledFor.getTime() - periodMs),
        signal,
      }),
  };
}
