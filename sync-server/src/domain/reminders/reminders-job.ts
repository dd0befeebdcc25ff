import type { Job } from '../../jobs/job.ts';
import { deleteIdleRuns } from '../../storage/job-run-queries.ts';
import type { MailingDeps } from './mail-deps.ts';
import { runReminderPass } from './reminder-pass.ts';

/** How long the reminder passes that found nothing to do stay in the job ledger. */
export const idleRunsKeptMs = 7 * 24 * 3_600_000;

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
    async run({ clinicId, scheduledFor, now, signal }) {
      const counts = await runReminderPass(deps, {
        clinicId,
        now,
        // From one period before the scheduled time up to now: a run that starts late covers
        // its whole period, and what the next run's window repeats is already in the ledger.
        windowStart: new Date(scheduledFor.getTime() - periodMs),
        signal,
      });
      // A pass every few minutes: the idle ones are kept a week (Settings → Jobs), not for good.
      await deleteIdleRuns(deps.db, {
        clinicId,
        job: 'reminders',
        before: new Date(now.getTime() - idleRunsKeptMs),
      });
      return counts;
    },
  };
}
