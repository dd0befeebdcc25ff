// `pnpm cleanup [--dry-run] [--clinic ID] [--now ISO-8601]`: the nightly cleanup by hand, for one
// clinic or every clinic, as of now or of the date given; one line per clinic on stdout.
// Uses the server's settings (DATABASE_URL or the embedded database, BLOB_DRIVER and S3_*).
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { pino } from 'pino';
import { loadConfig, type Config } from '../config.ts';
import { runCleanup } from '../domain/retention/run-cleanup.ts';
import { createLogger } from '../log.ts';
import { openBlobStore } from '../open-blob-store.ts';
import type { Db } from '../storage/db.ts';
import { openPglite } from '../storage/pglite-db.ts';
import { openPostgres } from '../storage/postgres-db.ts';
import { selectClinicIds } from '../storage/retention-queries.ts';
import { cleanupReportLine } from './cleanup-report.ts';
import { parseCleanupArgs } from './cleanup-args.ts';

const parsed = parseCleanupArgs(process.argv.slice(2), new Date());
if (!parsed.ok) {
  process.stderr.write(`cleanup: ${parsed.error}\n`);
  process.exit(2);
}
const { args } = parsed;

const loaded = loadConfig(process.env);
if (!loaded.ok) {
  for (const error of loaded.errors) process.stderr.write(`cleanup: ${error.message}\n`);
  process.exit(1);
}
const { config } = loaded;
// Log lines go to stderr, so stdout holds the report alone.
const log = createLogger('warn', pino.destination(2));

const db = await openDatabase(config);
try {
  const every = await selectClinicIds(db);
  if (args.clinicId !== undefined && !every.includes(args.clinicId)) {
    process.stderr.write(`cleanup: there is no clinic ${args.clinicId}.\n`);
    process.exitCode = 2;
  } else {
    const blobs = await openBlobStore(config, log);
    const clinicIds = args.clinicId === undefined ? every : [args.clinicId];
    const when = `${args.dryRun ? 'dry run' : 'cleanup'} as of ${args.now.toISOString()}`;
    process.stdout.write(`${when}, ${clinicIds.length} clinic(s)\n`);
    for (const clinicId of clinicIds) {
      const counts = await runCleanup(
        { db, blobs },
        { clinicId, now: args.now, dryRun: args.dryRun },
      );
      process.stdout.write(cleanupReportLine(clinicId, counts, args.dryRun) + '\n');
    }
  }
} catch (error) {
  // A database not migrated yet, an unreachable bucket: one line, no stack.
  process.stderr.write(`cleanup: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 1;
} finally {
  await db.close();
}

async function openDatabase(config: Config): Promise<Db> {
  if (config.databaseUrl) return openPostgres(config.databaseUrl, { max: 2 });
  const pgDir = path.join(config.dataDir, 'pg');
  mkdirSync(pgDir, { recursive: true });
  return openPglite(pgDir);
}
