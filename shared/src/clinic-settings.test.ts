import { describe, expect, it } from 'vitest';
import {
  ClinicSettingsUpdate,
  defaultWorkingHours,
  WorkingHours,
  workingDayOn,
} from './clinic-settings.ts';
import { validate } from './validation.ts';

describe('working hours', () => {
  it('accepts every weekday open or closed', () => {
    const hours = { ...defaultWorkingHours, sat: { from: '09:00', to: '12:30' } };
    expect(validate(WorkingHours, hours)).toEqual({ ok: true, value: hours });
  });

  it('refuses a day that closes before it opens, naming the day', () => {
    const result = validate(ClinicSettingsUpdate, {
      workingHours: { ...defaultWorkingHours, tue: { from: '18:00', to: '08:00' } },
    });
    expect(result).toEqual({
      ok: false,
      issues: [
        {
          field: 'workingHours.tue',
          message: 'The opening time must be before the closing time.',
        },
      ],
    });
  });

  it('refuses times that are not HH:MM on a 24-hour clock', () => {
    for (const from of ['8:00', '24:00', '08:60', 'noon']) {
      const result = validate(WorkingHours, {
        ...defaultWorkingHours,
        mon: { from, to: '18:00' },
      });
      expect(result, from).toEqual({
        ok: false,
        issues: [{ field: 'mon.from', message: 'Enter a time such as 08:00.' }],
      });
    }
  });

  it('refuses a week with a day missing or an extra key', () => {
    const { sun: _, ...sixDays } = defaultWorkingHours;
    expect(validate(WorkingHours, sixDays).ok).toBe(false);
    expect(validate(WorkingHours, { ...defaultWorkingHours, holiday: null }).ok).toBe(false);
  });

  it('finds the opening of a date on its weekday in the clinic zone', () => {
    // Monday 00:30 in Berlin is still Sunday in UTC.
    const mondayInBerlin = new Date('2027-01-03T23:30:00Z');
    expect(workingDayOn(defaultWorkingHours, mondayInBerlin, 'Europe/Berlin')).toEqual({
      from: '08:00',
      to: '18:00',
    });
    expect(workingDayOn(defaultWorkingHours, mondayInBerlin, 'UTC')).toBeNull();
  });
});

describe('clinic settings update', () => {
  it('takes any of name, time zone and hours, trimmed', () => {
    expect(validate(ClinicSettingsUpdate, { name: '  Riverside  ' })).toEqual({
      ok: true,
      value: { name: 'Riverside' },
    });
  });

  it('refuses an unknown time zone with the sign-up message', () => {
    expect(validate(ClinicSettingsUpdate, { timezone: 'Mars/Olympus' })).toEqual({
      ok: false,
      issues: [{ field: 'timezone', message: 'Choose a valid time zone, such as Europe/Berlin.' }],
    });
  });

  it('refuses other fields', () => {
    expect(validate(ClinicSettingsUpdate, { retentionDays: 1 }).ok).toBe(false);
    expect(validate(ClinicSettingsUpdate, { epoch: 'x' })).toEqual({
      ok: false,
      issues: [
        {
          field: 'epoch',
          message:
            'Only the name, time zone, working hours, retention and two-factor requirement can be changed.',
        },
      ],
    });
  });

  it('takes a retention from 7 to 3650 whole days', () => {
    for (const retentionDays of [7, 30, 3650])
      expect(validate(ClinicSettingsUpdate, { retentionDays })).toEqual({
        ok: true,
        value: { retentionDays },
      });
  });

  it('refuses a retention outside 7–3650 days, or not a whole number, with one sentence', () => {
    for (const retentionDays of [6, 0, -30, 3651, 30.5, '30', null, Number.NaN])
      expect(validate(ClinicSettingsUpdate, { retentionDays }), String(retentionDays)).toEqual({
        ok: false,
        issues: [
          { field: 'retentionDays', message: 'Keep deleted items between 7 and 3650 days.' },
        ],
      });
  });
});
