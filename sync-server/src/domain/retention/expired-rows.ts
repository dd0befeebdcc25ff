import type { Db } from '../../storage/db.ts';
import {
  deleteExpiredAuthSessions,
  deleteOldRejections,
  selectExpiredAuthSessions,
  selectOldRejections,
  type RejectionKey,
} from '../../storage/retention-queries.ts';
import type { CleanupWindow } from './cleanup-window.ts';
import { eachPage } from './pages.ts';

/** How one kind of row is cleaned: its run options, as `runCleanup` passes them on. */
export type RowCleanup = {
  clinicId: string;
  window: CleanupWindow;
  dryRun: boolean;
  pageSize: number;
};

/**
 * Deletes the clinic's sign-in sessions that have expired, a page per statement; a dry run
 * only counts them. An expired session is refused at sign-in already, so no one notices.
 */
export async function removeExpiredAuthSessions(db: Db, o: RowCleanup): Promise<number> {
  let removed = 0;
  await eachPage<string, string>(
    (after) =>
      selectExpiredAuthSessions(db, o.clinicId, o.window.now, { after, limit: o.pageSize }),
    o.pageSize,
    (key) => key,
    async (keys) => {
      removed += o.dryRun
        ? keys.length
        : await deleteExpiredAuthSessions(db, o.clinicId, o.window.now, keys);
    },
  );
  return removed;
}

/**
 * Deletes verdicts of rejected mutations stored longer ago than the clinic's retention. They
 * answer a device replaying a push whose answer it lost; one that comes back after longer than
 * the retention hears `duplicate` for such a mutation instead of `rejected`.
 */
export async function removeOldRejections(db: Db, o: RowCleanup): Promise<number> {
  let removed = 0;
  const before = o.window.retentionCutoff;
  await eachPage<RejectionKey, RejectionKey>(
    (after) => selectOldRejections(db, o.clinicId, before, { after, limit: o.pageSize }),
    o.pageSize,
    (key) => key,
    async (keys) => {
      removed += o.dryRun ? keys.length : await deleteOldRejections(db, o.clinicId, before, keys);
    },
  );
  return removed;
}
