import { PGlite, types, type Transaction } from '@electric-sql/pglite';
import type { Db } from './db.ts';

const parsers = { [types.DATE]: (value: string) => value };

/**
 * PostgreSQL's default 128 MB of shared buffers live in the WASM memory, which is touched at
 * start and never shrinks: it is most of the embedded server's resident memory. The files of a
 * clinic are read through the operating system's page cache anyway; 32 MB holds the hot part.
 */
const sharedBuffers = '32MB';

/** PGlite: real PostgreSQL in WASM, in-process. `dataDir` undefined keeps it in memory. */
export async function openPglite(dataDir: string | undefined): Promise<Db> {
  const pg = await PGlite.create(dataDir, {
    parsers,
    startParams: [...PGlite.defaultStartParams, '-c', `shared_buffers=${sharedBuffers}`],
  });
  return wrap(pg, pg);
}

function wrap(root: PGlite, runner: PGlite | Transaction): Db {
  const inTransaction = runner !== root;
  const db: Db = {
    kind: 'pglite',
    async many(query) {
      const result = await runner.query(query.text, query.values);
      return result.rows as never[];
    },
    async exec(script) {
      await runner.exec(script);
    },
    transaction(fn) {
      if (inTransaction) return fn(db);
      return root.transaction((tx) => fn(wrap(root, tx)));
    },
    async listen(channel, onPayload) {
      const unsubscribe = await root.listen(channel, onPayload);
      return unsubscribe;
    },
    async close() {
      if (!inTransaction) await root.close();
    },
  };
  return db;
}
