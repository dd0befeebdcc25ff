import type { PullResponse, SyncTables } from '@bedside/shared';
import type { SyncedTableName } from '$lib/db/database';

/** The synced rows of a pull page, table by table (what a chunk of it holds). */
export type PulledRows = { [T in SyncedTableName]?: SyncTables[T][] };

/**
 * A pull page's synced rows cut into chunks of at most `size` rows, each the next stretch of
 * the server's change order (by `changeSeq`), so each chunk is what a smaller page would have
 * brought: storing them one after another, in separate transactions, leaves the device in a
 * state a pull can be in anyway. Small transactions let the screens read (and the user save)
 * between them while a large clinic downloads.
 *
 * @example pullChunks(page, ['patients', 'records'], 1000) // [{patients: […1000]}, {patients: […], records: […]}]
 */
export function pullChunks(
  page: PullResponse,
  tables: readonly SyncedTableName[],
  size: number,
): PulledRows[] {
  const all: { table: SyncedTableName; row: SyncTables[SyncedTableName] }[] = [];
  for (const table of tables) for (const row of page.changes[table] ?? []) all.push({ table, row });
  if (all.length <= size)
    return [Object.fromEntries(tables.map((t) => [t, page.changes[t] ?? []]))];

  all.sort((a, b) => a.row.changeSeq - b.row.changeSeq);
  const chunks: PulledRows[] = [];
  for (let start = 0; start < all.length; start += size) {
    const chunk: Record<string, SyncTables[SyncedTableName][]> = {};
    for (const { table, row } of all.slice(start, start + size)) (chunk[table] ??= []).push(row);
    chunks.push(chunk as PulledRows);
  }
  return chunks;
}
