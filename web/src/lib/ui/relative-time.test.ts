import { describe, expect, it } from 'vitest';
import { formatAge, formatRelative } from './relative-time';

const now = Date.parse('2026-03-10T12:00:00Z');
const minutesBefore = (minutes: number) => new Date(now - minutes * 60_000).toISOString();

describe('formatRelative', () => {
  it('says "just now" for the last minute and for clock skew into the future', () => {
    expect(formatRelative(minutesBefore(0.5), now)).toBe('just now');
    expect(formatRelative(minutesBefore(-3), now)).toBe('just now');
  });

  it('rounds down to whole minutes, hours and days', () => {
    expect(formatRelative(minutesBefore(2.9), now)).toBe('2 min ago');
    expect(formatRelative(minutesBefore(59), now)).toBe('59 min ago');
    expect(formatRelative(minutesBefore(61), now)).toBe('1 h ago');
    expect(formatRelative(minutesBefore(60 * 24), now)).toBe('1 day ago');
    expect(formatRelative(minutesBefore(60 * 24 * 3 + 5), now)).toBe('3 days ago');
  });

  it('does not pretend to know when the time is unreadable', () => {
    expect(formatRelative('not a time', now)).toBe('at an unknown time');
  });
});

describe('formatAge', () => {
  it('reads as a duration for "oldest 5 min"', () => {
    expect(formatAge(20_000)).toBe('under a minute');
    expect(formatAge(5 * 60_000)).toBe('5 min');
    expect(formatAge(-1)).toBe('under a minute');
  });
});
