import { describe, expect, it } from 'vitest';
import { ClinicSettingsUpdate, defaultWorkingHours, validate } from '@bedside/shared';
import { fromFormDays, retentionFromForm, retentionMeaning, toFormDays } from './clinic-form';

describe('clinic form days', () => {
  it('round-trips working hours', () => {
    const hours = { ...defaultWorkingHours, sat: { from: '09:00', to: '12:30' } };
    expect(fromFormDays(toFormDays(hours))).toEqual(hours);
  });

  it('offers usual times for a closed day and drops them while it stays closed', () => {
    const days = toFormDays(defaultWorkingHours);
    expect(days.sun).toEqual({ open: false, from: '08:00', to: '18:00' });
    days.mon = { open: false, from: '07:00', to: '15:00' };
    expect(fromFormDays(days).mon).toBeNull();
  });
});

describe('clinic form retention', () => {
  it('sends whole numbers as numbers, and anything else as typed for the schema to refuse', () => {
    expect(retentionFromForm(' 90 ')).toBe(90);
    expect(retentionFromForm('3650')).toBe(3650);
    for (const text of ['', 'ninety', '14.5', '-7', '1e3']) {
      const retentionDays = retentionFromForm(text);
      expect(validate(ClinicSettingsUpdate, { retentionDays }), text).toEqual({
        ok: false,
        issues: [
          { field: 'retentionDays', message: 'Keep deleted items between 7 and 3650 days.' },
        ],
      });
    }
  });

  it('says what the number of days means', () => {
    expect(retentionMeaning(30)).toBe(
      'Deleted patients, notes and photos can be restored for 30 days; after that they are removed for good.',
    );
  });
});
