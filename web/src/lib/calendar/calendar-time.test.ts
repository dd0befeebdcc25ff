import { describe, expect, it } from 'vitest';
import { clinicOffset, instantOfCalendarDate } from './calendar-time';

describe('instantOfCalendarDate', () => {
  it("reads the calendar's wall time as a time on the clinic's clock", () => {
    // The calendar hands back wall times in a Date's local fields, whatever the device's zone.
    const nineOnMonday = new Date(2026, 2, 30, 9, 15);
    expect(instantOfCalendarDate(nineOnMonday, 'Europe/Berlin')).toBe('2026-03-30T07:15:00.000Z');
    expect(instantOfCalendarDate(nineOnMonday, 'America/New_York')).toBe(
      '2026-03-30T13:15:00.000Z',
    );
  });
});

describe('clinicOffset', () => {
  it("gives the clinic's offset at that moment, summer or winter", () => {
    expect(clinicOffset('Europe/Berlin', new Date('2026-07-01T12:00:00Z'))).toBe('+02:00');
    expect(clinicOffset('Europe/Berlin', new Date('2026-01-01T12:00:00Z'))).toBe('+01:00');
    expect(clinicOffset('America/St_Johns', new Date('2026-01-01T12:34:56Z'))).toBe('-03:30');
    expect(clinicOffset('UTC', new Date('2026-01-01T00:00:00Z'))).toBe('+00:00');
  });
});
