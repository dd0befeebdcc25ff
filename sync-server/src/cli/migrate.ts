// `pnpm migrate`: applies the migration files and repairs drift, then prints the report.
// `pnpm migrate --check`: changes nothing, prints the drift one line per item, exits 1 if any.
// Uses DATABASE_URL when set, else the embedded PGlite database in ${DATA_DIR:-./data}/pg.
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { pino } from 'pino';
import { createLogger } from '../log.ts';
import type { Db } from '../storage/db.ts';
import { migrate, MigrationError, type MigrationReport } from '../storage/migrate.ts';
import { openPglite } from '../storage/pglite-db.ts';
import { openPostgres } from '../storage/postgres-db.ts';
import { describeDrift } from '../storage/schema-drift.ts';

const args = process.argv.slice(2);
if (args.some((arg) => arg !== '--check')) {
  process.stderr.write('usage: pnpm migrate [--check]\n');
  process.exit(2);
}
const check = args.includes('--check');

// Relative to where the user ran `pnpm migrate` (INIT_CWD), like the server's DATA_DIR.
const dataDir = path.resolve(
  process.env.INIT_CWD || process.cwd(),
  process.env.DATA_DIR || './data',
);
const db = await openDatabase(process.env.DATABASE_URL, dataDir);
try {
  // Log lines go to stderr, so stdout holds the report alone.
  const report = await migrate(db, {
    log: createLogger('info', pino.destination(2)),
    repair: !check,
  });
  process.stdout.write(reportLines(report, check).join('\n') + '\n');
  process.exitCode = check && report.drift.length > 0 ? 1 : 0;
} catch (error) {
  if (!(error instanceof MigrationError)) throw error;
  process.stderr.write(`migrate: ${error.message}\n`);
  process.exitCode = 1;
} finally {
  await db.close();
}

async function openDatabase(databaseUrl: string | undefined, dataDir: string): Promise<Db> {
  if (databaseUrl) return openPostgres(databaseUrl, { max: 2 });
  const pgDir = path.join(dataDir, 'pg');
  mkdirSync(pgDir, { recursive: true });
  return openPglite(pgDir);
}

function reportLines(report: MigrationReport, checkOnly: boolean): string[] {
  if (checkOnly) return report.drift.length > 0 ? report.drift.map(describeDrift) : ['no drift'];
  const lines = [
    ...report.applied.map((name) => `applied ${name}`),
    ...report.repaired.map((description) => `repaired ${description}`),
    ...report.drift.map((item) => `drift ${describeDrift(item)}`),
  ];
  return lines.length > 0 ? lines : ['schema up to date'];
}
