import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Db } from './db.ts';
import { readMigrationFiles, reasonOf, type MigrationFile } from './migrate-files.ts';
import {
  applyPending,
  assertUnedited,
  ledgerDrift,
  readLedger,
  reapplyAll,
} from './migrate-ledger.ts';
import { dumpCatalog, expectedCatalog, type Catalog } from './schema-catalog.ts';
import { describeDrift, diffCatalogs, type DriftItem } from './schema-drift.ts';
import { repairDrift } from './schema-repair.ts';

export { MigrationError } from './migrate-files.ts';
export type { DriftItem } from './schema-drift.ts';

export const migrationsDir = path.resolve(
  path.dirname(fileURLToPath(import.meta.url)),
  '../../../migrations',
);

type LogFn = (details: Record<string, unknown>, message: string) => void;
/** The part of a pino logger the runner uses. */
export type MigrationLogger = { info: LogFn; warn: LogFn; error: LogFn };

export type MigrationOptions = {
  log?: MigrationLogger;
  migrationsDir?: string;
  /** Default true. False is check mode: nothing is applied or repaired, the drift is only reported. */
  repair?: boolean;
};

export type MigrationReport = {
  /** Files applied by this run, in order. */
  applied: string[];
  /** One line per drift item this run fixed. */
  repaired: string[];
  /** What still differs from the schema the files define (after repair, unless in check mode). */
  drift: DriftItem[];
};

const silent: MigrationLogger = { info() {}, warn() {}, error() {} };

/**
 * Brings `public` to the schema the migration files define. Throws `MigrationError`, having changed
 * nothing, when an applied file was edited or a file does not apply to an empty schema. Otherwise
 * applies the new files, repairs drift (re-applying every file, then adding what is still
 * missing) and reports what remains. Unexpected tables, columns, indexes and constraints are
 * reported, never dropped.
 */
export async function migrate(db: Db, options: MigrationOptions = {}): Promise<MigrationReport> {
  const log = options.log ?? silent;
  const files = readMigrationFiles(options.migrationsDir ?? migrationsDir);
  const ledger = await readLedger(db);
  assertUnedited(files, ledger);
  // Computed before `public` is touched, so a file that fails on an empty schema changes nothing.
  const expected = await expectedCatalog(db, files);

  if (options.repair === false) {
    const drift = [...ledgerDrift(files, ledger), ...diffCatalogs(expected, await dumpCatalog(db))];
    return { applied: [], repaired: [], drift };
  }

  const applied = await applyPending(db, files, ledger, (file) =>
    log.info({ migration: file.name }, 'migration applied'),
  );
  const found = diffCatalogs(expected, await dumpCatalog(db));
  // Unexpected objects are only ever reported, so they alone are no reason to re-apply the files.
  const needsRepair = found.some((item) => !item.kind.startsWith('unexpected-'));
  const repaired = needsRepair ? await repair(db, files, expected, found, log) : [];
  const drift = [
    ...ledgerDrift(files, await readLedger(db)),
    ...diffCatalogs(expected, await dumpCatalog(db)),
  ];
  for (const item of drift) log.warn({ drift: describeDrift(item) }, 'schema drift remains');
  return { applied, repaired, drift };
}

async function repair(
  db: Db,
  files: MigrationFile[],
  expected: Catalog,
  found: DriftItem[],
  log: MigrationLogger,
): Promise<string[]> {
  const repaired: string[] = [];
  const noteRepaired = (description: string) => {
    repaired.push(description);
    log.info({ repair: description }, 'schema repaired');
  };

  // A file fails to re-apply when, say, an index names a dropped column; repairDrift below adds
  // the column and the index.
  await reapplyAll(db, files, (file, error) =>
    log.warn(
      { migration: file.name, reason: reasonOf(error) },
      'migration could not be re-applied',
    ),
  );
  const remaining = diffCatalogs(expected, await dumpCatalog(db));
  const stillDrifting = new Set(remaining.map(describeDrift));
  for (const item of found) {
    const description = describeDrift(item);
    if (!stillDrifting.has(description)) noteRepaired(description);
  }

  await repairDrift(db, remaining, {
    repaired: (item) => noteRepaired(describeDrift(item)),
    failed: (item, reason) =>
      log.warn({ drift: describeDrift(item), reason }, 'schema repair failed'),
  });
  return repaired;
}
