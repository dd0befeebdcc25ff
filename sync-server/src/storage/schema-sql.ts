import type { Db } from './db.ts';
import { raw, sql } from './sql.ts';

/** A quoted SQL identifier. Only for names from our own files and catalogs, never from input. */
export function identifier(name: string) {
  return raw(`"${name.replaceAll('"', '""')}"`);
}

/**
 * Points unqualified names at `schema` until the transaction ends (SET LOCAL). Migration files
 * name no schema, so this decides where they land: `public`, or the scratch schema that tells
 * us what they define.
 */
export async function useSchema(tx: Db, schema: string): Promise<void> {
  await tx.many(sql`SELECT set_config('search_path', ${identifier(schema).text}, true)`);
}

/**
 * Serialises the runner's writes across server instances starting together. A transaction-level
 * lock, because the pool may give every transaction a different connection. The number is
 * arbitrary; every instance uses the same one.
 */
export async function lockMigrations(tx: Db): Promise<void> {
  await tx.many(sql`SELECT pg_advisory_xact_lock(727163021)`);
}

class Rollback extends Error {}

/** Runs `fn` in a transaction that is always rolled back, and returns what `fn` returned. */
export async function withRollback<T>(db: Db, fn: (tx: Db) => Promise<T>): Promise<T> {
  let result: { value: T } | undefined;
  try {
    await db.transaction(async (tx) => {
      result = { value: await fn(tx) };
      throw new Rollback();
    });
  } catch (error) {
    if (!(error instanceof Rollback)) throw error;
  }
  if (!result) throw new Error('rolled-back transaction returned nothing');
  return result.value;
}
