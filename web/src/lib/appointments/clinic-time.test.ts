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
