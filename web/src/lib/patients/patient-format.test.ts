import { describe, expect, it } from 'vitest';
import { fieldLabel, formatAgeFromBirthDate, localToday, patientName } from './patient-format';

describe('patientName', () => {
  it('reads "Family, Given"', () => {
    expect(patientName({ familyName: 'Lee', givenName: 'Ann' })).toBe('Lee, Ann');
  });

  it('still names a patient when one part is missing', () => {
    expect(patientName({ familyName: 'Lee', givenName: ' ' })).toBe('Lee');
    expect(patientName({})).toBe('Unnamed patient');
  });
});

describe('formatAgeFromBirthDate', () => {
  it('counts years only once the birthday has come', () => {
    expect(formatAgeFromBirthDate('1981-04-02', '2026-04-01')).toBe('44 y');
    expect(formatAgeFromBirthDate('1981-04-02', '2026-04-02')).toBe('45 y');
  });

  it('uses months under two years and days under one month', () => {
    expect(formatAgeFromBirthDate('2025-01-15', '2026-03-10')).toBe('13 mo');
    expect(formatAgeFromBirthDate('2026-03-01', '2026-03-10')).toBe('9 days');
    expect(formatAgeFromBirthDate('2026-03-09', '2026-03-10')).toBe('1 day');
  });

  it('gives no age for a birth date after today', () => {
    expect(formatAgeFromBirthDate('2026-03-11', '2026-03-10')).toBeNull();
  });
});

describe('fieldLabel', () => {
  it('labels create and update issue paths alike', () => {
    expect(fieldLabel('phone')).toBe('Phone');
    expect(fieldLabel('fields.birthDate')).toBe('Birth date');
    expect(fieldLabel('somethingElse')).toBe('somethingElse');
  });
});

describe('localToday', () => {
  it('uses the device calendar, not UTC', () => {
    expect(localToday(new Date(2026, 0, 5, 23, 59))).toBe('2026-01-05');
  });
});
