import type { Hono } from 'hono';
import type { Config } from './config.ts';
import { createApp } from './app.ts';
import type { Clock } from './clock.ts';
import type { PhiDeps } from './domain/deps.ts';
import { embeddedMail, type MailDeps } from './domain/reminders/mail-deps.ts';
import { createCaptureNotifier } from './events/capture-notifier.ts';
import { createChangeNotifier } from './events/change-notifier.ts';
import type { AppEnv } from './http/app-env.ts';
import { createLimitCounters } from './http/limit-counters.ts';
import { createLoginThrottle } from './http/login-throttle.ts';
import { createRateLimits } from './http/rate-limit.ts';
import { createResetThrottle } from './http/reset-throttle.ts';
import { createSessionCache } from './http/session-cache.ts';
import { webApp } from './http/web-app.ts';
import type { Job } from './jobs/job.ts';
import { startJobRunner, type JobRunner } from './jobs/job-runner.ts';
import type { Logger } from './log.ts';
import type { PhiKeys } from './phi/phi-keys.ts';
import type { Timer } from './routes/route-context.ts';
import type { BlobStore } from './storage/blobs/blob-store.ts';
import type { Db } from './storage/db.ts';

export type Bedside = {
  app: Hono<AppEnv>;
  /** Runs the scheduled jobs; `close` stops it, waiting for a job under way. */
  jobRunner: JobRunner;
  /**
   * Stops the job runner (a job under way is told to abort and awaited), ends open event streams
   * and stops listening; the caller closes the server and the db.
   */
  close(): Promise<void>;
};

/** The real app, wired, for main.ts, tests and the bench alike. The db must be migrated. */
export function createBedside(options: {
  config: Config;
  db: Db;
  log: Logger;
  /** From `openBlobStore`; tests pass a disk store in a temp dir or one on s3rver. */
  blobs: BlobStore;
  /** The clinics' data keys under the master key (`openPhiKeys`); tests pass a test key's. */
  phi: PhiKeys;
  clock?: Clock;
  /** See `RouteContext`; 25 s unless a test needs heartbeats now. */
  eventHeartbeatMs?: number;
  /** See `RouteContext`: tests pass a timer that follows their clock, and fixed LAN addresses. */
  timer?: Timer;
  lanAddresses?: () => string[];
  /** Scheduled for every clinic every JOB_TICK_SECONDS; none unless given. */
  jobs?: Job[];
  /** From `openMail`; unset: .eml files under DATA_DIR with a secret of this process's own. */
  mail?: MailDeps;
}): Bedside {
  const { config, db, log } = options;
  const clock = options.clock ?? (() => new Date());
  const deps: PhiDeps = { db, log, clock, phi: options.phi };
  const notifier = createChangeNotifier(db, log);
  const captureNotifier = createCaptureNotifier(db, log);
  // Login failures and request counts live in the database, so every instance enforces one limit.
  const counters = createLimitCounters(deps);
  const rateLimits = createRateLimits(
    { writesPerMinute: config.rateLimitWrites, readsPerMinute: config.rateLimitReads },
    { counters, clock, log },
  );
  const app = createApp({
    deps,
    config,
    notifier,
    captureNotifier,
    blobs: options.blobs,
    mail: options.mail ?? embeddedMail(config, clock),
    eventHeartbeatMs: options.eventHeartbeatMs,
    timer: options.timer,
    lanAddresses: options.lanAddresses,
    loginThrottle: createLoginThrottle(counters, clock),
    resetThrottle: createResetThrottle(counters, clock),
    sessions: createSessionCache(deps, { ttlMs: config.sessionCacheSeconds * 1000 }),
    rateLimits,
    web: webApp(config.webDir),
  });
  const jobRunner = startJobRunner(deps, options.jobs ?? [], {
    tickMs: config.jobTickSeconds * 1000,
  });
  return {
    app,
    jobRunner,
    async close() {
      await jobRunner.stop();
      await rateLimits.close();
      await notifier.close();
      await captureNotifier.close();
    },
  };
}
