import { DEFAULT_PULL_LIMIT, type PullResponse } from '@bedside/shared';
import { apiFetch, hasProblemCode, isApiError } from '$lib/api/client';
import type { BedsideDatabase } from '$lib/db/database';
import { getMeta } from '$lib/db/meta';
import { applyPullPage, forgetServerData } from './apply-pull';

export type PullSummary = { pages: number; rows: number; resynced: boolean };

/**
 * Pulls every change since the stored cursor, page by page, each page stored with its cursor
 * so an interrupted pull resumes where it stopped. A cursor the server cannot honour (restored
 * backup, new schema) starts over from scratch without touching the outbox.
 */
export async function pullChanges(database: BedsideDatabase): Promise<PullSummary> {
  const summary: PullSummary = { pages: 0, rows: 0, resynced: false };
  for (;;) {
    const cursor = await getMeta(database, 'cursor');
    const query = new URLSearchParams({ limit: String(DEFAULT_PULL_LIMIT) });
    if (cursor) query.set('cursor', cursor);

    let page: PullResponse;
    try {
      page = await apiFetch<PullResponse>(`/api/sync/pull?${query}`);
    } catch (error) {
      if (isApiError(error, 409) && hasProblemCode(error, 'resync') && !summary.resynced) {
        summary.resynced = true;
        await forgetServerData(database);
        continue;
      }
      throw error;
    }

    await applyPullPage(database, page);
    summary.pages++;
    summary.rows += Object.values(page.changes).reduce(
      (total, rows) => total + (rows?.length ?? 0),
      0,
    );
    if (!page.more) return summary;
    if (page.cursor === cursor)
      throw new Error('The server said there was more to pull but did not move the cursor.');
  }
}
