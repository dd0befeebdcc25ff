import { describe, expect, it } from 'vitest';
import { defaultWorkingHours } from '@bedside/shared';
import { fromFormDays, toFormDays } from './clinic-form';

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
