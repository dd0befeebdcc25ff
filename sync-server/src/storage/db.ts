import type { Query } from './sql.ts';

/**
 * The one database interface the server uses, implemented by PGlite (embedded) and postgres.js
 * (PostgreSQL). Both return bigint as number, date as 'YYYY-MM-DD' text and timestamptz as Date.
 */
export type Db = {
  readonly kind: 'pglite' | 'postgres';
  many<T = Record<string, unknown>>(query: Query): Promise<T[]>;
  /** Runs a script of several statements (migrations); no parameters. */
  exec(script: string): Promise<void>;
  /** Runs `fn` in a transaction; nested calls reuse the outer transaction. */
  transaction<T>(fn: (tx: Db) => Promise<T>): Promise<T>;
  /** Subscribes to a NOTIFY channel; resolves to an unsubscribe function. */
  listen(channel: string, onPayload: (payload: string) => void): Promise<() => Promise<void>>;
  close(): Promise<void>;
};

export async function one<T>(db: Db, query: Query): Promise<T | undefined> {
  const rows = await db.many<T>(query);
  return rows[0];
}
