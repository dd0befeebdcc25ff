import { describe, expect, it } from 'vitest';
import {
  durationToEnd,
  formTimes,
  plannedTimes,
  type AppointmentFormValues,
} from './appointment-form';

const BERLIN = 'Europe/Berlin';
const values: AppointmentFormValues = {
  patientId: 'p',
  clinicianId: 'c',
  typeId: '',
  date: '2026-03-23',
  startTime: '09:00',
  durationMinutes: 45,
  reason: '',
  location: '',
  notes: '',
  repeat: false,
  everyWeeks: 1,
  count: 3,
};

describe('appointment form times', () => {
  it('reads the clinic clock, and nothing while the time is incomplete', () => {
    expect(formTimes(values, BERLIN)).toEqual({
      startsAt: '2026-03-23T08:00:00.000Z',
      endsAt: '2026-03-23T08:45:00.000Z',
    });
    expect(formTimes({ ...values, startTime: '' }, BERLIN)).toBeUndefined();
  });

  it('lists the dates a weekly repeat makes, at the same clock time across DST', () => {
    expect(plannedTimes({ ...values, repeat: true }, BERLIN).map((time) => time.startsAt)).toEqual([
      '2026-03-23T08:00:00.000Z',
      '2026-03-30T07:00:00.000Z',
      '2026-04-06T07:00:00.000Z',
    ]);
    expect(plannedTimes({ ...values, repeat: true, count: 0 }, BERLIN)).toEqual([]);
  });

  it('turns an end time into a duration, past midnight too', () => {
    expect(durationToEnd(values, '10:15', BERLIN)).toBe(75);
    expect(durationToEnd({ ...values, startTime: '23:30' }, '00:15', BERLIN)).toBe(45);
  });
});
