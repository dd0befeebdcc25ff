import { describe, expect, it } from 'vitest';
import { addDays, clinicDayRange, mondayOf, toInstant, toLocalParts } from './clinic-time';

const BERLIN = 'Europe/Berlin';

describe('clinic time in Europe/Berlin', () => {
  it('takes and shows 09:00 as 08:00Z in winter and 07:00Z in summer', () => {
    expect(toInstant('2026-03-27', '09:00', BERLIN)).toBe('2026-03-27T08:00:00.000Z');
    expect(toInstant('2026-03-30', '09:00', BERLIN)).toBe('2026-03-30T07:00:00.000Z');
    expect(toLocalParts('2026-03-27T08:00:00.000Z', BERLIN)).toEqual({
      date: '2026-03-27',
      time: '09:00',
    });
    expect(toLocalParts('2026-03-30T07:00:00.000Z', BERLIN)).toEqual({
      date: '2026-03-30',
      time: '09:00',
    });
  });

  it('shows the clinic date, not the UTC one, late in the evening', () => {
    expect(toLocalParts('2026-10-31T23:30:00.000Z', BERLIN)).toEqual({
      date: '2026-11-01',
      time: '00:30',
    });
  });

  it('moves a time in the skipped hour later by the gap, and takes the first of a repeated hour', () => {
    expect(toInstant('2026-03-29', '02:30', BERLIN)).toBe('2026-03-29T01:30:00.000Z');
    expect(toLocalParts('2026-03-29T01:30:00.000Z', BERLIN).time).toBe('03:30');
    expect(toInstant('2026-10-25', '02:30', BERLIN)).toBe('2026-10-25T00:30:00.000Z');
  });

  it('makes the day the clocks go forward 23 hours long and the day they go back 25', () => {
    expect(clinicDayRange('2026-03-29', BERLIN)).toEqual({
      from: '2026-03-28T23:00:00.000Z',
      to: '2026-03-29T22:00:00.000Z',
    });
    expect(clinicDayRange('2026-10-25', BERLIN)).toEqual({
      from: '2026-10-24T22:00:00.000Z',
      to: '2026-10-25T23:00:00.000Z',
    });
  });

  it('counts days and weeks on the calendar', () => {
    expect(addDays('2026-03-31', 1)).toBe('2026-04-01');
    expect(mondayOf('2026-04-05')).toBe('2026-03-30');
  });
});

describe('clinic time around every change of the clocks', () => {
  /** What the platform's zone data says the wall clock reads at an instant. */
  function reference(ms: number, timeZone: string) {
    const parts = Object.fromEntries(
      new Intl.DateTimeFormat('en-CA', {
        timeZone,
        hourCycle: 'h23',
        year: 'numeric',
        month: '2-digit',
        day: '2-digit',
        hour: '2-digit',
        minute: '2-digit',
      })
        .formatToParts(ms)
        .map((part) => [part.type, part.value]),
    );
    return {
      date: `${parts.year}-${parts.month}-${parts.day}`,
      time: `${parts.hour}:${parts.minute}`,
    };
  }

  // Lord Howe moves its clocks by half an hour at half past a UTC hour; Kathmandu is 5:45 ahead.
  const zones = [BERLIN, 'Australia/Lord_Howe', 'Asia/Kathmandu'];

  it.each(zones)('reads the wall clock of %s right each 17 minutes through 2026', (zone) => {
    const start = Date.parse('2026-01-01T00:00:00.000Z');
    const end = Date.parse('2027-01-01T00:00:00.000Z');
    const mismatches: string[] = [];
    for (let ms = start; ms < end; ms += 17 * 60_000) {
      const instant = new Date(ms).toISOString();
      const expected = reference(ms, zone);
      const actual = toLocalParts(instant, zone);
      if (actual.date !== expected.date || actual.time !== expected.time)
        mismatches.push(
          `${instant}: ${actual.date} ${actual.time}, not ${expected.date} ${expected.time}`,
        );
    }
    expect(mismatches.slice(0, 3)).toEqual([]);
  });
});
