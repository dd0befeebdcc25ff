const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/**
 * A short, rounded-down duration such as "5 min", "3 h" or "2 days". Under a minute reads
 * "under a minute" rather than seconds: the value is refreshed every 30 s, so seconds would lie.
 */
export function formatAge(milliseconds: number): string {
  const ms = Math.max(0, milliseconds);
  if (ms < MINUTE) return 'under a minute';
  if (ms < HOUR) return `${Math.floor(ms / MINUTE)} min`;
  if (ms < DAY) return `${Math.floor(ms / HOUR)} h`;
  const days = Math.floor(ms / DAY);
  return days === 1 ? '1 day' : `${days} days`;
}

/** "just now", "5 min ago", "3 h ago", "2 days ago"; a time in the future reads "just now". */
export function formatRelative(iso: string, nowMs: number): string {
  const elapsed = nowMs - Date.parse(iso);
  if (Number.isNaN(elapsed)) return 'at an unknown time';
  if (elapsed < MINUTE) return 'just now';
  return `${formatAge(elapsed)} ago`;
}

// Made once: building an Intl.DateTimeFormat costs about as much as rendering a list row.
let dateTimeFormat: Intl.DateTimeFormat | undefined;

/** The exact local date and time, for a tooltip or a `<time>` title beside a relative time. */
export function formatDateTime(iso: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  dateTimeFormat ??= new Intl.DateTimeFormat(undefined, {
    dateStyle: 'medium',
    timeStyle: 'short',
  });
  return dateTimeFormat.format(date);
}
