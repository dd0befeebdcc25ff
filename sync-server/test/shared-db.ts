import { createLogger } from '../src/log.ts';
import type { Db } from '../src/storage/db.ts';
import { migrate } from '../src/storage/migrate.ts';
import { openPostgres } from '../src/storage/postgres-db.ts';
import { migratedDb } from './test-app.ts';
import { freshPostgresUrl, type DbKind } from './test-db.ts';

/**
 * One migrated database as two server instances see it: on PostgreSQL two pools of their own on
 * one new database, as two processes would have; on PGlite (one process by nature) the same
 * handle twice. `close` closes what was opened.
 */
export async function sharedDb(kind: DbKind): Promise<{ a: Db; b: Db; close(): Promise<void> }> {
  if (kind === 'pglite') {
    const db = await migratedDb('pglite');
    return { a: db, b: db, close: () => db.close() };
  }
  const url = await freshPostgresUrl();
  const a = openPostgres(url, { max: 4 });
  const b = openPostgres(url, { max: 4 });
  await migrate(a, { log: createLogger('silent') });
  return {
    a,
    b,
    async close() {
      await a.close();
      await b.close();
    },
  };
}
