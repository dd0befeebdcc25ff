import type { Db } from './db.ts';
import { sql } from './sql.ts';

/**
 * The install's salt for limit keys: `candidate` becomes it unless another instance made one
 * first; either way every instance reads back the same.
 */
export async function limitKeySalt(db: Db, candidate: string): Promise<string> {
  await db.many(sql`
    INSERT INTO limit_key_salt (id, salt) VALUES (true, ${candidate})
    ON CONFLICT (id) DO NOTHING`);
  const [row] = await db.many<{ salt: string }>(sql`SELECT salt FROM limit_key_salt`);
  if (!row) throw new Error('The limit key salt was not saved.');
  return row.salt;
}

/** One window of counters: when it starts and ends. */
export type CounterWindow = { start: Date; end: Date };

/**
 * Adds `counts[i]` to the counter of `keys[i]` in `window` (0 first if it has none) and returns
 * every counter's new total. One statement; keys are sorted so that two instances adding to the
 * same keys lock them in the same order.
 */
export async function addToCounters(
  db: Db,
  window: CounterWindow,
  increments: Map<string, number>,
): Promise<Map<string, number>> {
  const keys = [...increments.keys()].sort();
  const counts = keys.map((key) => increments.get(key) ?? 0);
  const rows = await db.many<{ key: string; count: number }>(sql`
    INSERT INTO limit_counters (key, window_start, window_end, count)
    SELECT key, ${window.start.toISOString()}::timestamptz, ${window.end.toISOString()}::timestamptz, count
    FROM unnest(${keys}::text[], ${counts}::int[]) AS increment (key, count)
    ORDER BY key
    ON CONFLICT (key, window_start) DO UPDATE SET count = limit_counters.count + EXCLUDED.count
    RETURNING key, count`);
  return new Map(rows.map((row) => [row.key, row.count]));
}

/** The counters of `keys` in the window starting at `windowStart`; a key with none is left out. */
export async function readCounters(
  db: Db,
  keys: string[],
  windowStart: Date,
): Promise<Map<string, number>> {
  const rows = await db.many<{ key: string; count: number }>(sql`
    SELECT key, count FROM limit_counters
    WHERE key = ANY(${keys}::text[]) AND window_start = ${windowStart.toISOString()}::timestamptz`);
  return new Map(rows.map((row) => [row.key, row.count]));
}

/** Forgets every window of `key`. */
export async function deleteCounter(db: Db, key: string): Promise<void> {
  await db.many(sql`DELETE FROM limit_counters WHERE key = ${key}`);
}

/** Deletes the counters of windows that ended at or before `now`. */
export async function deleteEndedWindows(db: Db, now: Date): Promise<void> {
  await db.many(
    sql`DELETE FROM limit_counters WHERE window_end <= ${now.toISOString()}::timestamptz`,
  );
}
