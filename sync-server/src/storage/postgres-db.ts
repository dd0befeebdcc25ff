import postgres from 'postgres';
import type { Db } from './db.ts';

type Sql = postgres.Sql | postgres.TransactionSql;

const types = {
  bigint: {
    to: 20,
    from: [20],
    serialize: (n: number) => String(n),
    parse: (s: string) => Number(s),
  },
  date: { to: 1082, from: [1082], serialize: (s: string) => s, parse: (s: string) => s },
};

/** PostgreSQL through postgres.js, for production and the real-database test tier. */
export function openPostgres(url: string, options: { max?: number } = {}): Db {
  const sql = postgres(url, {
    max: options.max ?? 10,
    types,
    onnotice: () => {},
    connection: { application_name: 'bedside-sync-server' },
  });
  return wrap(sql, sql);
}

function wrap(root: postgres.Sql, runner: Sql): Db {
  const inTransaction = runner !== root;
  const db: Db = {
    kind: 'postgres',
    async many(query) {
      const rows = await runner.unsafe(
        query.text,
        query.values as postgres.ParameterOrJSON<never>[],
      );
      return rows as unknown as never[];
    },
    async exec(script) {
      await runner.unsafe(script);
    },
    async transaction(fn) {
      if (inTransaction) return fn(db);
      return (await root.begin((tx) => fn(wrap(root, tx)))) as never;
    },
    async listen(channel, onPayload) {
      const subscription = await root.listen(channel, onPayload);
      return () => subscription.unlisten();
    },
    async close() {
      if (!inTransaction) await root.end({ timeout: 5 });
    },
  };
  return db;
}
