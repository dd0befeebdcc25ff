import { randomBytes } from 'node:crypto';
import { inject } from 'vitest';
import type { Db } from '../src/storage/db.ts';
import { openPglite } from '../src/storage/pglite-db.ts';
import { openPostgres } from '../src/storage/postgres-db.ts';

export type DbKind = 'pglite' | 'postgres';
export const dbKinds: DbKind[] = ['pglite', 'postgres'];

/**
 * A fresh, empty database of either kind: PGlite in memory, or a new database on the test run's
 * real PostgreSQL. Not migrated; call `migrate` yourself (tests of the runner need it empty).
 */
export async function freshDb(kind: DbKind): Promise<Db> {
  if (kind === 'pglite') return openPglite(undefined);
  return openPostgres(await freshPostgresUrl());
}

/** The URL of a new, empty database on the test run's PostgreSQL, for several pools at once. */
export async function freshPostgresUrl(): Promise<string> {
  const adminUrl = inject('postgresUrl');
  const name = 'test_' + randomBytes(6).toString('hex');
  const admin = openPostgres(adminUrl, { max: 1 });
  await admin.exec(`CREATE DATABASE ${name}`);
  await admin.close();
  const url = new URL(adminUrl);
  url.pathname = '/' + name;
  return url.toString();
}
