import { describe, expect, it } from 'vitest';
import {
  AppointmentCancelArgs,
  AppointmentCreateArgs,
  AppointmentTypeCreateArgs,
  AppointmentUpdateArgs,
  appointmentTypeNameKey,
  statusMoveAllowed,
} from './appointments.ts';
import { validate } from './validation.ts';

const id = '0190b6d8-0000-7000-8000-000000000001';
const patientId = '0190b6d8-0000-7000-8000-000000000002';
const clinicianId = '0190b6d8-0000-7000-8000-000000000003';

const create = (fields: Record<string, unknown> = {}) => ({
  id,
  patientId,
  clinicianId,
  startsAt: '2026-03-02T09:00:00+01:00',
  endsAt: '2026-03-02T09:30:00+01:00',
  ...fields,
});

describe('appointment.create args', () => {
  it('normalises instants to UTC ISO text and empty text to null', () => {
    const result = validate(AppointmentCreateArgs, create({ reason: ' ', location: ' Room 2 ' }));
    expect(result).toEqual({
      ok: true,
      value: create({
        startsAt: '2026-03-02T08:00:00.000Z',
        endsAt: '2026-03-02T08:30:00.000Z',
        reason: null,
        location: 'Room 2',
      }),
    });
  });

  it.each([
    [{ endsAt: '2026-03-02T08:00:00Z' }, 'endsAt', 'The end must be after the start.'],
    [{ endsAt: '2026-03-02T08:00:00.000Z' }, 'endsAt', 'The end must be after the start.'],
    [{ endsAt: '2026-03-03T08:00:01Z' }, 'endsAt', 'An appointment can last at most 24 hours.'],
    [
      { startsAt: '2026-03-02T09:00:00' },
      'startsAt',
      'Start must be a date and time with its UTC offset.',
    ],
    [{ startsAt: '2026-02-30T09:00:00Z' }, 'startsAt', 'Start is not a real date and time.'],
    [{ startsAt: 1 }, 'startsAt', 'Start must be a date and time.'],
    [{ clinicianId: 'nobody' }, 'clinicianId', 'Must be a valid id.'],
    [{ reason: 'x'.repeat(501) }, 'reason', 'Reason for visit must be at most 500 characters.'],
  ])('refuses %j on %s', (fields, field, message) => {
    expect(validate(AppointmentCreateArgs, create(fields))).toEqual({
      ok: false,
      issues: [{ field, message }],
    });
  });

  it('accepts exactly 24 hours, and a series id', () => {
    const args = create({ endsAt: '2026-03-03T09:00:00+01:00', seriesId: clinicianId });
    expect(validate(AppointmentCreateArgs, args).ok).toBe(true);
  });
});

describe('appointment.update and cancel args', () => {
  const update = (fields: Record<string, unknown>) => ({ id, baseVersion: 1, fields });

  it('takes any subset of the fields; cancelling is not one of its statuses', () => {
    expect(validate(AppointmentUpdateArgs, update({ status: 'arrived', notes: null })).ok).toBe(
      true,
    );
    expect(validate(AppointmentUpdateArgs, update({ status: 'cancelled' }))).toEqual({
      ok: false,
      issues: [
        {
          field: 'fields.status',
          message:
            'Status must be booked, arrived, completed or no-show; cancel the appointment to cancel it.',
        },
      ],
    });
    expect(validate(AppointmentUpdateArgs, update({}))).toMatchObject({
      ok: false,
      issues: [{ message: 'An update must change at least one field.' }],
    });
  });

  it('checks start against end when both are sent', () => {
    const times = { startsAt: '2026-03-02T10:00:00Z', endsAt: '2026-03-02T09:00:00Z' };
    expect(validate(AppointmentUpdateArgs, update(times))).toEqual({
      ok: false,
      issues: [{ field: 'fields.endsAt', message: 'The end must be after the start.' }],
    });
    expect(validate(AppointmentUpdateArgs, update({ endsAt: times.endsAt })).ok).toBe(true);
  });

  it('needs a reason to cancel', () => {
    expect(validate(AppointmentCancelArgs, { id, baseVersion: 1, reason: '  ' })).toEqual({
      ok: false,
      issues: [{ field: 'reason', message: 'Cancellation reason is required.' }],
    });
    expect(validate(AppointmentCancelArgs, { id, baseVersion: 1 })).toEqual({
      ok: false,
      issues: [{ field: 'reason', message: 'Cancellation reason is required.' }],
    });
    expect(validate(AppointmentCancelArgs, { id, baseVersion: 1, reason: 'Unwell' }).ok).toBe(true);
  });
});

describe('appointment status moves', () => {
  it.each([
    ['booked', 'arrived', true],
    ['arrived', 'booked', true],
    ['booked', 'completed', true],
    ['arrived', 'completed', true],
    ['booked', 'no-show', true],
    ['arrived', 'no-show', true],
    ['completed', 'arrived', true],
    ['no-show', 'booked', true],
    ['cancelled', 'booked', true],
    ['completed', 'booked', false],
    ['completed', 'no-show', false],
    ['no-show', 'arrived', false],
    ['cancelled', 'arrived', false],
    ['booked', 'cancelled', false],
  ] as const)('%s → %s: %s', (from, to, allowed) => {
    expect(statusMoveAllowed(from, to)).toBe(allowed);
  });
});

describe('appointmentType.create args', () => {
  const type = (fields: Record<string, unknown> = {}) => ({
    id,
    name: 'Follow-up',
    durationMinutes: 30,
    colour: '#047857',
    ...fields,
  });

  it('lower-cases the colour', () => {
    expect(validate(AppointmentTypeCreateArgs, type({ colour: '#ABCDEF' }))).toMatchObject({
      ok: true,
      value: { colour: '#abcdef' },
    });
  });

  it.each([
    [{ name: '' }, 'name', 'Name is required.'],
    [{ name: 'x'.repeat(81) }, 'name', 'Name must be at most 80 characters.'],
    [{ durationMinutes: 4 }, 'durationMinutes', 'Duration must be at least 5 minutes.'],
    [
      { durationMinutes: 481 },
      'durationMinutes',
      'Duration must be at most 480 minutes (8 hours).',
    ],
    [{ durationMinutes: 7.5 }, 'durationMinutes', 'Duration must be a whole number of minutes.'],
    [{ colour: 'blue' }, 'colour', 'Colour must be written as #rrggbb.'],
  ])('refuses %j', (fields, field, message) => {
    expect(validate(AppointmentTypeCreateArgs, type(fields))).toEqual({
      ok: false,
      issues: [{ field, message }],
    });
  });

  it('compares names trimmed and in any case', () => {
    expect(appointmentTypeNameKey(' Follow-UP ')).toBe(appointmentTypeNameKey('follow-up'));
  });
});
