/**
 * A `Db` that times what goes through it, for benches: each top-level transaction as a whole,
 * and each statement, marked as inside a transaction or not. Nested `transaction` calls reuse
 * the outer one, as the real drivers do, and are not counted again.
 *
 * @example const timed = timedDb(db); await runCleanup({ db: timed.db, blobs }, o); timed.longest(timed.timings.transactions)
 */
import type { Db } from '../src/storage/db.ts';

export type Timed = { ms: number; text: string };

export type DbTimings = {
  transactions: Timed[];
  /** Statements run outside any transaction. */
  statements: Timed[];
  /** Statements run inside a transaction (their time is also in the transaction's). */
  statementsInTransactions: Timed[];
};

type TransactionStats = { count: number; slowest: Timed };

export function timedDb(inner: Db): {
  db: Db;
  timings: DbTimings;
  reset(): void;
  longest(list: Timed[]): Timed | undefined;
} {
  const timings: DbTimings = { transactions: [], statements: [], statementsInTransactions: [] };
  /** `tx`: the top-level transaction the statements run in, if any. */
  const wrap = (db: Db, tx: TransactionStats | undefined): Db => {
    const timedStatement = async <T>(text: string, run: () => Promise<T>): Promise<T> => {
      const started = performance.now();
      try {
        return await run();
      } finally {
        const statement = { ms: performance.now() - started, text: oneLine(text) };
        (tx ? timings.statementsInTransactions : timings.statements).push(statement);
        if (tx) {
          tx.count += 1;
          if (statement.ms > tx.slowest.ms) tx.slowest = statement;
        }
      }
    };
    return {
      kind: db.kind,
      many: (query) => timedStatement(query.text, () => db.many(query)),
      exec: (script) => timedStatement(script, () => db.exec(script)),
      async transaction(fn) {
        if (tx) return db.transaction((inner) => fn(wrap(inner, tx)));
        const started = performance.now();
        // Described by its statement count and its slowest statement.
        const stats: TransactionStats = { count: 0, slowest: { ms: 0, text: '' } };
        try {
          return await db.transaction((inner) => fn(wrap(inner, stats)));
        } finally {
          timings.transactions.push({
            ms: performance.now() - started,
            text: `${stats.count} statements, slowest ${stats.slowest.ms.toFixed(1)} ms: ${stats.slowest.text}`,
          });
        }
      },
      listen: (channel, onPayload) => db.listen(channel, onPayload),
      close: () => db.close(),
    };
  };
  return {
    db: wrap(inner, undefined),
    timings,
    reset() {
      timings.transactions.length = 0;
      timings.statements.length = 0;
      timings.statementsInTransactions.length = 0;
    },
    longest: (list) =>
      list.reduce<Timed | undefined>((a, b) => (a && a.ms >= b.ms ? a : b), undefined),
  };
}

function oneLine(text: string): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > 90 ? `${flat.slice(0, 87)}...` : flat;
}
