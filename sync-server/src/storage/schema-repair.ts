import type { Db } from './db.ts';
import { reasonOf } from './migrate-files.ts';
import { describeDrift, diffTable, emptyTable, type DriftItem } from './schema-drift.ts';
import { identifier, lockMigrations, useSchema } from './schema-sql.ts';
import { raw, sql, type Query } from './sql.ts';

export type RepairHooks = {
  repaired: (item: DriftItem) => void;
  /** The item could not be (fully) repaired; `reason` is the database's message. */
  failed: (item: DriftItem, reason: string) => void;
};

/**
 * Puts back what is missing from `public` and re-creates what differs, one transaction per step,
 * tables first, then columns, keys, checks, foreign keys, indexes (a missing table is built up
 * from its pieces in the same order). Only adds, or drops an index or constraint to re-create
 * it: never a table or column, so no data is lost. Column changes and unexpected objects are
 * left for a person to decide.
 */
export async function repairDrift(db: Db, drift: DriftItem[], hooks: RepairHooks): Promise<void> {
  const steps = drift
    .flatMap((item) => piecesOf(item).map((piece) => ({ item, piece, phase: repairPhase(piece) })))
    .filter(
      (step): step is { item: DriftItem; piece: DriftItem; phase: number } =>
        step.phase !== undefined,
    )
    .sort((a, b) => a.phase - b.phase);
  const failed = new Set<DriftItem>();
  for (const { item, piece } of steps) {
    if (failed.has(item)) continue;
    try {
      await repairPiece(db, piece, (reason) => hooks.failed(item, reason));
    } catch (error) {
      failed.add(item);
      hooks.failed(
        item,
        item === piece ? reasonOf(error) : `${describeDrift(piece)}: ${reasonOf(error)}`,
      );
    }
  }
  for (const item of new Set(steps.map((step) => step.item))) {
    if (!failed.has(item)) hooks.repaired(item);
  }
}

function piecesOf(item: DriftItem): DriftItem[] {
  if (item.kind !== 'missing-table') return [item];
  return [item, ...diffTable(item.table, item.expected, emptyTable)];
}

function repairPhase(item: DriftItem): number | undefined {
  switch (item.kind) {
    case 'missing-table':
      return 0;
    case 'missing-column':
      return 1;
    case 'missing-constraint':
    case 'constraint-differs':
      // Foreign keys need the referenced keys in place.
      if (item.expected.startsWith('FOREIGN KEY')) return 4;
      return item.expected.startsWith('CHECK') ? 3 : 2;
    case 'missing-index':
    case 'index-differs':
      return 5;
    default:
      return undefined;
  }
}

/** Throws when the step fails; `warn` hears of a column that could only be added as nullable. */
async function repairPiece(db: Db, item: DriftItem, warn: (reason: string) => void): Promise<void> {
  switch (item.kind) {
    case 'missing-table':
      return change(db, sql`CREATE TABLE IF NOT EXISTS ${identifier(item.table)} ()`);
    case 'missing-column': {
      const { type, nullable, default: defaultClause } = item.expected;
      const table = identifier(item.table);
      const column = identifier(item.column);
      await change(
        db,
        sql`ALTER TABLE ${table} ADD COLUMN IF NOT EXISTS ${column} ${raw(type)} ${raw(defaultClause ?? '')}`,
      );
      if (nullable) return;
      // Fails when rows exist and there is no default; the column then stays nullable and the
      // difference is reported.
      await change(db, sql`ALTER TABLE ${table} ALTER COLUMN ${column} SET NOT NULL`).catch(
        (error: unknown) =>
          warn(`${item.table}.${item.column} added but left nullable: ${reasonOf(error)}`),
      );
      return;
    }
    case 'missing-constraint':
      return change(
        db,
        sql`ALTER TABLE ${identifier(item.table)} ADD CONSTRAINT ${identifier(item.constraint)} ${raw(item.expected)}`,
      );
    case 'constraint-differs': {
      const table = identifier(item.table);
      const constraint = identifier(item.constraint);
      return change(
        db,
        sql`ALTER TABLE ${table} DROP CONSTRAINT ${constraint}`,
        sql`ALTER TABLE ${table} ADD CONSTRAINT ${constraint} ${raw(item.expected)}`,
      );
    }
    case 'missing-index':
      return change(db, raw(item.expected));
    case 'index-differs':
      return change(db, sql`DROP INDEX ${identifier(item.index)}`, raw(item.expected));
    default:
      throw new Error(`${item.kind} is reported, not repaired`);
  }
}

/** Runs statements in one transaction against `public`; all of them or none. */
async function change(db: Db, ...statements: Query[]): Promise<void> {
  await db.transaction(async (tx) => {
    await lockMigrations(tx);
    await useSchema(tx, 'public');
    for (const statement of statements) await tx.many(statement);
  });
}
