import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { serve } from '@hono/node-server';
import { configFromProcessEnv, type Config } from './config.ts';
import { seedMissingBuiltInTemplates } from './domain/templates/builtin-templates.ts';
import { lanAddresses } from './http/lan-addresses.ts';
import { createLogger, errorForLog } from './log.ts';
import { createBedside } from './server.ts';
import { openBlobStore } from './open-blob-store.ts';
import { openPhiKeys } from './phi/open-phi-keys.ts';
import type { Db } from './storage/db.ts';
import { migrate } from './storage/migrate.ts';
import { openPostgres } from './storage/postgres-db.ts';
import { cleanupJob } from './domain/retention/cleanup-job.ts';
import { openMail } from './domain/reminders/mail-deps.ts';
import { remindersJob } from './domain/reminders/reminders-job.ts';

const config = configFromProcessEnv();
const log = createLogger(config.logLevel);

async function openDatabase(config: Config): Promise<Db> {
  if (config.databaseUrl) return openPostgres(config.databaseUrl, { max: config.databasePoolSize });
  const dir = path.join(config.dataDir, 'pg');
  mkdirSync(dir, { recursive: true });
  // Loaded only when used: importing PGlite alone costs about 40 MiB of resident memory.
  const { openPglite } = await import('./storage/pglite-db.ts');
  return openPglite(dir);
}

/** The addresses other devices on the network can use when we listen on every interface. */
function lanUrls(port: number): string[] {
  return lanAddresses().map((address) => `http://${address}:${port}`);
}

async function main(): Promise<void> {
  mkdirSync(config.dataDir, { recursive: true });
  const db = await openDatabase(config);
  await migrate(db, { log });
  await seedMissingBuiltInTemplates({ db, log, clock: () => new Date() });
  const blobs = await openBlobStore(config, log);
  const clock = () => new Date();
  const phi = await openPhiKeys(config, log, clock);
  const mail = await openMail(config, log, clock);
  if (config.jobTickSeconds > config.mail.reminderPeriodSeconds) {
    // The runner looks for due runs every tick: reminders due between two looks would be missed.
    log.warn(
      {
        jobTickSeconds: config.jobTickSeconds,
        reminderPeriodSeconds: config.mail.reminderPeriodSeconds,
      },
      'JOB_TICK_SECONDS is longer than REMINDER_PERIOD_SECONDS: some reminders will not be sent',
    );
  }
  // The scheduled jobs: the nightly cleanup, and reminders every REMINDER_PERIOD_SECONDS.
  const jobs = [cleanupJob({ db, blobs }), remindersJob({ db, log, clock, mail }, config.mail)];
  const bedside = createBedside({ config, db, log, blobs, phi, clock, mail, jobs });
  const server = serve(
    { fetch: bedside.app.fetch, port: config.port, hostname: config.host },
    (info) => {
      const everyInterface = config.host === '0.0.0.0' || config.host === '::';
      const shown = everyInterface ? 'localhost' : config.host;
      log.info(
        { url: `http://${shown}:${info.port}` },
        `Bedside is listening on http://${shown}:${info.port}`,
      );
      if (everyInterface) {
        for (const url of lanUrls(info.port)) log.info({ url }, `On your network: ${url}`);
      }
    },
  );

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) {
      log.warn({ signal }, 'second signal, exiting now');
      process.exit(1);
    }
    stopping = true;
    log.info({ signal }, 'shutting down');
    // A request or a job that never finishes must not keep the process alive forever; a job cut
    // short keeps its 'running' row, which the next runner takes over when its lease runs out.
    setTimeout(() => {
      log.warn('requests or jobs still open after 10 s, exiting anyway');
      process.exit(1);
    }, 10_000).unref();
    await bedside.close();
    await new Promise<void>((resolve) => server.close(() => resolve()));
    mail.mailer.close();
    await db.close();
    log.info('stopped');
    process.exit(0);
  };
  process.on('SIGINT', (signal) => void stop(signal));
  process.on('SIGTERM', (signal) => void stop(signal));
}

main().catch((error: unknown) => {
  log.fatal({ err: errorForLog(error) }, 'could not start');
  process.exit(1);
});
