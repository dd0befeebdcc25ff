import { formatRelative } from './relative-time';

// Made once: building an Intl.DateTimeFormat costs about as much as rendering a list row.
let timeFormat: Intl.DateTimeFormat | undefined;
let dateFormat: Intl.DateTimeFormat | undefined;

/**
 * The "Last sync" line of the status. Online it is relative ("Last sync 5 min ago"); offline it
 * also says the clock time, because "just now" read an hour into a train ride is a lie the
 * reader cannot check: `lastSyncText(iso, Date.now(), false)` → "Last sync 5 min ago (14:32)".
 */
export function lastSyncText(lastSyncAt: string | null, nowMs: number, online: boolean): string {
  if (!lastSyncAt) return 'Never synced';
  const relative = formatRelative(lastSyncAt, nowMs);
  if (online) return `Last sync ${relative}`;
  const at = new Date(lastSyncAt);
  if (Number.isNaN(at.getTime())) return `Last sync ${relative}`;
  timeFormat ??= new Intl.DateTimeFormat(undefined, { timeStyle: 'short' });
  dateFormat ??= new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });
  const sameDay = new Date(nowMs).toDateString() === at.toDateString();
  return `Last sync ${relative} (${(sameDay ? timeFormat : dateFormat).format(at)})`;
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
