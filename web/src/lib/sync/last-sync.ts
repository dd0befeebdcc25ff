import { formatRelative } from '../ui/relative-time';

// Made once: building an Intl.DateTimeFormat costs about as much as rendering a list row.
let timeFormat: Intl.DateTimeFormat | undefined;
let dateFormat: Intl.DateTimeFormat | undefined;

/**
 * The "Last sync" line of the status. Online it is relative ("Last sync 5 min ago"); offline it
 * is the clock time instead, because "just now" read an hour into a train ride is a lie the
 * reader cannot check: `lastSyncText(iso, Date.now(), false)` → "Last sync at 14:32" (or
 * "Last sync 3 Mar 2026, 14:32" on an earlier day). The same length as the online line, so
 * the header does not grow when the network goes.
 */
export function lastSyncText(lastSyncAt: string | null, nowMs: number, online: boolean): string {
  if (!lastSyncAt) return 'Never synced';
  const relative = formatRelative(lastSyncAt, nowMs);
  const at = new Date(lastSyncAt);
  if (online || Number.isNaN(at.getTime())) return `Last sync ${relative}`;
  timeFormat ??= new Intl.DateTimeFormat(undefined, { timeStyle: 'short' });
  dateFormat ??= new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });
  if (new Date(nowMs).toDateString() === at.toDateString())
    return `Last sync at ${timeFormat.format(at)}`;
  return `Last sync ${dateFormat.format(at)}`;
}

/** Why "Sync now" cannot be pressed, or null when it can. */
export function syncNowBlocked(state: {
  browserOnline: boolean;
  syncing: boolean;
  signedOut: boolean;
}): string | null {
  if (!state.browserOnline) return 'Syncs when back online.';
  if (state.signedOut) return 'Sign in again to sync.';
  if (state.syncing) return 'Syncing now.';
  return null;
}
