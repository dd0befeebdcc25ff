import { describe, expect, it } from 'vitest';
import {
  calendarSearch,
  readCalendarLocation,
  stepDate,
  visibleDates,
  visibleRange,
} from './calendar-location';

const fallback = { today: '2026-03-28', narrow: false };

describe('readCalendarLocation', () => {
  it('reads the view, date and clinicians from the address', () => {
    const params = new URLSearchParams('view=day&date=2026-03-30&clinicians=a,b');
    expect(readCalendarLocation(params, fallback)).toEqual({
      view: 'day',
      date: '2026-03-30',
      clinicians: ['a', 'b'],
    });
  });

  it('opens on today, as a week on wide screens and a list on phones', () => {
    const none = new URLSearchParams();
    expect(readCalendarLocation(none, fallback)).toEqual({
      view: 'week',
      date: '2026-03-28',
      clinicians: [],
    });
    expect(readCalendarLocation(none, { ...fallback, narrow: true }).view).toBe('list');
  });

  it('ignores an unknown view and a date that does not exist', () => {
    const params = new URLSearchParams('view=month&date=2026-02-30');
    expect(readCalendarLocation(params, fallback)).toMatchObject({
      view: 'week',
      date: '2026-03-28',
    });
  });

  it('reads back what calendarSearch writes', () => {
    const location = { view: 'list' as const, date: '2026-04-02', clinicians: ['x'] };
    const search = calendarSearch(location);
    expect(search).toBe('?view=list&date=2026-04-02&clinicians=x');
    expect(readCalendarLocation(new URLSearchParams(search), fallback)).toEqual(location);
  });
});

describe('visibleDates and stepDate', () => {
  it('shows the day itself, or its Monday-to-Sunday week', () => {
    expect(visibleDates('day', '2026-04-02')).toEqual(['2026-04-02']);
    expect(visibleDates('week', '2026-04-02')).toEqual([
      '2026-03-30',
      '2026-03-31',
      '2026-04-01',
      '2026-04-02',
      '2026-04-03',
      '2026-04-04',
      '2026-04-05',
    ]);
    expect(visibleDates('list', '2026-04-05')[0]).toBe('2026-03-30');
  });

  it('steps a day in the day view and a week otherwise', () => {
    expect(stepDate('day', '2026-03-31', 1)).toBe('2026-04-01');
    expect(stepDate('week', '2026-03-31', -1)).toBe('2026-03-24');
  });
});

describe('visibleRange', () => {
  it('covers the shown clinic days as instants, 23 hours on the day clocks go forward', () => {
    expect(visibleRange('day', '2026-03-29', 'Europe/Berlin')).toEqual({
      from: '2026-03-28T23:00:00.000Z',
      to: '2026-03-29T22:00:00.000Z',
    });
  });

  it('covers a whole week in the clinic zone, not the device one', () => {
    expect(visibleRange('week', '2026-04-01', 'America/New_York')).toEqual({
      from: '2026-03-30T04:00:00.000Z',
      to: '2026-04-06T04:00:00.000Z',
    });
  });
});
