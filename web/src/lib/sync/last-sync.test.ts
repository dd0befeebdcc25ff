import { describe, expect, it } from 'vitest';
import { lastSyncText, syncNowBlocked } from './last-sync';

const now = new Date(2026, 2, 10, 15, 0).getTime();
const minutesBefore = (minutes: number) => new Date(now - minutes * 60_000).toISOString();
const clockTime = (iso: string) =>
  new Intl.DateTimeFormat(undefined, { timeStyle: 'short' }).format(new Date(iso));

describe('lastSyncText', () => {
  it('is relative while online', () => {
    expect(lastSyncText(minutesBefore(5), now, true)).toBe('Last sync 5 min ago');
  });

  it('says the clock time while offline, so an old sync never reads as "just now"', () => {
    const at = minutesBefore(90);
    expect(lastSyncText(at, now, false)).toBe(`Last sync at ${clockTime(at)}`);
  });

  it('names the day when the last sync was on another day', () => {
    const at = minutesBefore(60 * 24 * 2);
    expect(lastSyncText(at, now, false)).toMatch(/^Last sync .*\d{4}/);
  });

  it('says when the device never synced', () => {
    expect(lastSyncText(null, now, false)).toBe('Never synced');
  });
});

describe('syncNowBlocked', () => {
  const ready = { browserOnline: true, syncing: false, signedOut: false };

  it('lets the user sync when online and idle', () => {
    expect(syncNowBlocked(ready)).toBeNull();
  });

  it('gives the reason while offline', () => {
    expect(syncNowBlocked({ ...ready, browserOnline: false })).toBe('Syncs when back online.');
  });
});
