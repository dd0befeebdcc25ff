import { describe, expect, it } from 'vitest';
import { weeklySeries } from './weekly-series.ts';

/** The wall-clock time of an instant in a zone, as HH:MM. */
const wallClock = (iso: string, timeZone: string) =>
  new Intl.DateTimeFormat('en-GB', { timeZone, hour: '2-digit', minute: '2-digit' }).format(
    new Date(iso),
  );

describe('weeklySeries', () => {
  it('keeps 09:00 in Berlin across the last Sunday of March (winter → summer time)', () => {
    const series = weeklySeries({
      startsAt: '2026-03-23T08:00:00.000Z',
      endsAt: '2026-03-23T08:45:00.000Z',
      timeZone: 'Europe/Berlin',
      everyWeeks: 1,
      count: 3,
    });
    expect(series).toEqual([
      { startsAt: '2026-03-23T08:00:00.000Z', endsAt: '2026-03-23T08:45:00.000Z' },
      { startsAt: '2026-03-30T07:00:00.000Z', endsAt: '2026-03-30T07:45:00.000Z' },
      { startsAt: '2026-04-06T07:00:00.000Z', endsAt: '2026-04-06T07:45:00.000Z' },
    ]);
    expect(series.map((times) => wallClock(times.startsAt, 'Europe/Berlin'))).toEqual([
      '09:00',
      '09:00',
      '09:00',
    ]);
  });

  it('keeps 14:30 in Berlin across the last Sunday of October, every two weeks', () => {
    const series = weeklySeries({
      startsAt: '2026-10-15T12:30:00.000Z',
      endsAt: '2026-10-15T13:30:00.000Z',
      timeZone: 'Europe/Berlin',
      everyWeeks: 2,
      count: 2,
    });
    expect(series).toEqual([
      { startsAt: '2026-10-15T12:30:00.000Z', endsAt: '2026-10-15T13:30:00.000Z' },
      { startsAt: '2026-10-29T13:30:00.000Z', endsAt: '2026-10-29T14:30:00.000Z' },
    ]);
  });

  it('keeps the time in Sydney, whose clocks go back in April and forward in October', () => {
    const april = weeklySeries({
      startsAt: '2026-03-30T22:00:00.000Z', // Tuesday 31 March, 09:00 AEDT (+11)
      endsAt: '2026-03-30T22:30:00.000Z',
      timeZone: 'Australia/Sydney',
      everyWeeks: 1,
      count: 2,
    });
    expect(april[1]).toEqual({
      startsAt: '2026-04-06T23:00:00.000Z', // Tuesday 7 April, 09:00 AEST (+10)
      endsAt: '2026-04-06T23:30:00.000Z',
    });
    const october = weeklySeries({
      startsAt: '2026-09-29T23:00:00.000Z', // Wednesday 30 September, 09:00 AEST
      endsAt: '2026-09-30T00:00:00.000Z',
      timeZone: 'Australia/Sydney',
      everyWeeks: 1,
      count: 2,
    });
    expect(october[1]?.startsAt).toBe('2026-10-06T22:00:00.000Z'); // 7 October, 09:00 AEDT
    expect(october.map((times) => wallClock(times.startsAt, 'Australia/Sydney'))).toEqual([
      '09:00',
      '09:00',
    ]);
  });

  it('makes up to 52, each a whole number of weeks after the first', () => {
    const series = weeklySeries({
      startsAt: '2026-01-05T10:00:00.000Z',
      endsAt: '2026-01-05T11:00:00.000Z',
      timeZone: 'UTC',
      everyWeeks: 1,
      count: 52,
    });
    expect(series).toHaveLength(52);
    expect(series[51]?.startsAt).toBe('2026-12-28T10:00:00.000Z');
  });

  it('refuses counts and gaps outside the form, and an unknown zone', () => {
    const times = { startsAt: '2026-01-05T10:00:00.000Z', endsAt: '2026-01-05T11:00:00.000Z' };
    expect(() => weeklySeries({ ...times, timeZone: 'UTC', everyWeeks: 1, count: 53 })).toThrow(
      'A series has at most 52 appointments.',
    );
    expect(() => weeklySeries({ ...times, timeZone: 'UTC', everyWeeks: 13, count: 2 })).toThrow(
      'Repeat at most every 12 weeks.',
    );
    expect(() =>
      weeklySeries({ ...times, timeZone: 'Mars/Olympus', everyWeeks: 1, count: 2 }),
    ).toThrow(RangeError);
  });
});
