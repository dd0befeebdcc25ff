import type { Db } from './db.ts';
import { MigrationError, runMigrationFile, type MigrationFile } from './migrate-files.ts';
import type { DriftItem } from './schema-drift.ts';
import { lockMigrations } from './schema-sql.ts';
import { sql } from './sql.ts';

/** Recorded file name → checksum. Empty before the first run, when the table does not exist yet. */
export type Ledger = Map<string, string>;

export async function readLedger(db: Db): Promise<Ledger> {
  const [table] = await db.many<{ present: boolean }>(
    sql`SELECT to_regclass('public.schema_migrations') IS NOT NULL AS present`,
  );
  if (!table?.present) return new Map();
  const rows = await db.many<{ name: string; checksum: string }>(
    sql`SELECT name, checksum FROM public.schema_migrations ORDER BY name`,
  );
  return new Map(rows.map(({ name, checksum }) => [name, checksum]));
}

/** Refuses files edited since they were applied: the database did not get the edit. */
export function assertUnedited(files: MigrationFile[], ledger: Ledger): void {
  const edited = files.filter(
    (file) => ledger.has(file.name) && ledger.get(file.name) !== file.checksum,
  );
  if (edited.length === 0) return;
  const names = edited.map((file) => file.name).join(', ');
  throw new MigrationError(
    `${names}: edited after it was applied (checksum differs). Restore the applied text and put the change in a new file.`,
  );
}

/** Files not recorded, and records with no file. */
export function ledgerDrift(files: MigrationFile[], ledger: Ledger): DriftItem[] {
  const names = new Set(files.map((file) => file.name));
  return [
    ...files
      .filter((file) => !ledger.has(file.name))
      .map((file) => ({ kind: 'pending-migration' as const, migration: file.name })),
    ...[...ledger.keys()]
      .filter((name) => !names.has(name))
      .map((name) => ({ kind: 'unknown-migration' as const, migration: name })),
  ];
}

/**
 * Applies the files not yet recorded, each in its own transaction together with its ledger row,
 * so "recorded as applied" and "its tables exist" cannot disagree. Returns the names applied.
 */
export async function applyPending(
  db: Db,
  files: MigrationFile[],
  ledger: Ledger,
  onApplied: (file: MigrationFile) => void,
): Promise<string[]> {
  await db.transaction(async (tx) => {
    await lockMigrations(tx);
    await tx.exec(`CREATE TABLE IF NOT EXISTS public.schema_migrations (
      name text PRIMARY KEY,
      checksum text NOT NULL,
      applied_at timestamptz NOT NULL DEFAULT now()
    )`);
  });
  const applied: string[] = [];
  for (const file of files.filter((file) => !ledger.has(file.name))) {
    const appliedHere = await db.transaction(async (tx) => {
      await lockMigrations(tx);
      // Another instance may have applied it while we waited for the lock.
      const recorded = await tx.many(
        sql`SELECT 1 FROM public.schema_migrations WHERE name = ${file.name}`,
      );
      if (recorded.length > 0) return false;
      await runMigrationFile(tx, file, 'public');
      await tx.many(
        sql`INSERT INTO public.schema_migrations (name, checksum) VALUES (${file.name}, ${file.checksum})`,
      );
      return true;
    });
    if (!appliedHere) continue;
    applied.push(file.name);
    onApplied(file);
  }
  return applied;
}

/**
 * Runs every file again in `public` (they are idempotent), each in its own transaction. A file
 * that fails is rolled back and reported to `onFailure`; the others still run.
 */
export async function reapplyAll(
  db: Db,
  files: MigrationFile[],
  onFailure: (file: MigrationFile, error: unknown) => void,
): Promise<void> {
  for (const file of files) {
    try {
      await db.transaction(async (tx) => {
        await lockMigrations(tx);
        await runMigrationFile(tx, file, 'public');
      });
    } catch (error) {
      onFailure(file, error);
    }
  }
}
