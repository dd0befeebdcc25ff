import { DEFAULT_PULL_LIMIT, MAX_PULL_LIMIT, type PullResponse } from '@bedside/shared';
import { apiFetch, hasProblemCode, isApiError } from '$lib/api/client';
import type { BedsideDatabase } from '$lib/db/database';
import { getMeta } from '$lib/db/meta';
import { applyPullPage, forgetServerData } from './apply-pull';
import { unsentChangesHeaders } from './outbox';

export type PullSummary = { pages: number; rows: number; resynced: boolean };

type Fetched = { ok: true; page: PullResponse } | { ok: false; error: unknown };

/**
 * One page of up to `limit` rows after `cursor`; a failure is returned, so a page fetched ahead
 * never goes unheard.
 */
function fetchPage(
  cursor: string | undefined,
  limit: number,
  headers: Record<string, string>,
): Promise<Fetched> {
  const query = new URLSearchParams({ limit: String(limit) });
  if (cursor) query.set('cursor', cursor);
  return apiFetch<PullResponse>(`/api/sync/pull?${query}`, { headers }).then(
    (page) => ({ ok: true, page }),
    (error: unknown) => ({ ok: false, error }),
  );
}

/**
 * Pulls every change since the stored cursor, page by page (`onPage` hears how far a pull of
 * several pages has come), each page stored with its cursor
 * so an interrupted pull resumes where it stopped. The next page is fetched while one is being
 * stored (it starts from that page's cursor, which is stored with it). The first page is small,
 * so the first rows show at once; the pages after it are as large as the server allows, which
 * stores a whole clinic in far fewer, cheaper transactions. A cursor the server
 * cannot honour (restored backup, new schema) starts over from scratch without touching the
 * outbox.
 */
export async function pullChanges(
  database: BedsideDatabase,
  onPage?: (soFar: PullSummary) => void,
): Promise<PullSummary> {
  const summary: PullSummary = { pages: 0, rows: 0, resynced: false };
  let cursor = await getMeta(database, 'cursor');
  // What the outbox holds now, for the server to keep (an owner sees it if the account is deactivated).
  const headers = await unsentChangesHeaders(database);
  let next = fetchPage(cursor, DEFAULT_PULL_LIMIT, headers);
  for (;;) {
    const fetched = await next;
    if (!fetched.ok) {
      const { error } = fetched;
      if (isApiError(error, 409) && hasProblemCode(error, 'resync') && !summary.resynced) {
        summary.resynced = true;
        await forgetServerData(database);
        cursor = undefined;
        next = fetchPage(cursor, DEFAULT_PULL_LIMIT, headers);
        continue;
      }
      throw error;
    }

    const { page } = fetched;
    const stuck = page.more && page.cursor === cursor;
    if (page.more && !stuck) next = fetchPage(page.cursor, MAX_PULL_LIMIT, headers);
    await applyPullPage(database, page);
    cursor = page.cursor;
    summary.pages++;
    summary.rows += Object.values(page.changes).reduce(
      (total, rows) => total + (rows?.length ?? 0),
      0,
    );
    if (!page.more) return summary;
    onPage?.({ ...summary });
    if (stuck)
      throw new Error('The server said there was more to pull but did not move the cursor.');
  }
}
