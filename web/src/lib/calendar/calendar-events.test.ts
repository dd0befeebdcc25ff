import type { Appointment, AppointmentType } from '@bedside/shared';
import { describe, expect, it } from 'vitest';
import { calendarEvent, untypedColour, wallTime } from './calendar-events';

const meta = {
  clinicId: '0190a000-0000-7000-8000-0000000000c1',
  createdAt: '2026-03-01T00:00:00.000Z',
  createdBy: '0190a000-0000-7000-8000-0000000000a1',
  updatedAt: '2026-03-01T00:00:00.000Z',
  updatedBy: '0190a000-0000-7000-8000-0000000000a1',
  version: 1,
  deletedAt: null,
  deletedBy: null,
  changeSeq: 1,
};

const appointment: Appointment = {
  ...meta,
  id: '0190a000-0000-7000-8000-000000000001',
  patientId: '0190a000-0000-7000-8000-0000000000b1',
  clinicianId: '0190a000-0000-7000-8000-0000000000d1',
  typeId: '0190a000-0000-7000-8000-0000000000e1',
  startsAt: '2026-03-30T07:00:00.000Z',
  endsAt: '2026-03-30T07:45:00.000Z',
  status: 'booked',
  cancelReason: null,
  reason: null,
  location: null,
  notes: null,
  seriesId: null,
};

const type: AppointmentType = {
  ...meta,
  id: '0190a000-0000-7000-8000-0000000000e1',
  name: 'Follow-up',
  durationMinutes: 45,
  colour: '#ffe08a',
  templateId: null,
};

const about = { timeZone: 'Europe/Berlin', patientName: 'Lee, Ann', type, sync: 'synced' as const };

describe('wallTime', () => {
  it("writes an instant as the clinic's wall time, across a change of the clocks", () => {
    expect(wallTime('2026-03-28T08:00:00.000Z', 'Europe/Berlin')).toBe('2026-03-28T09:00:00');
    expect(wallTime('2026-03-30T07:00:00.000Z', 'Europe/Berlin')).toBe('2026-03-30T09:00:00');
  });
});

describe('calendarEvent', () => {
  it("places a booked appointment at the clinic's wall times in its clinician's column", () => {
    expect(calendarEvent(appointment, about)).toMatchObject({
      id: appointment.id,
      start: '2026-03-30T09:00:00',
      end: '2026-03-30T09:45:00',
      resourceIds: [appointment.clinicianId],
      title: 'Lee, Ann',
      backgroundColor: '#ffe08a',
      textColor: '#000000',
      startEditable: true,
      durationEditable: true,
      extendedProps: { status: 'booked', typeName: 'Follow-up', sync: 'synced' },
    });
  });

  it('draws an appointment without a type in a neutral colour with white text', () => {
    const event = calendarEvent({ ...appointment, typeId: null }, { ...about, type: undefined });
    expect(event).toMatchObject({ backgroundColor: untypedColour, textColor: '#ffffff' });
  });

  it('draws cancelled and no-show ones pale, and they cannot be dragged', () => {
    for (const status of ['cancelled', 'no-show'] as const) {
      const event = calendarEvent({ ...appointment, status }, about);
      expect(event.classNames).toContain(`bs-status-${status}`);
      expect(event.backgroundColor).not.toBe(type.colour);
      expect(event).toMatchObject({ startEditable: false, durationEditable: false });
    }
    expect(calendarEvent({ ...appointment, status: 'completed' }, about)).toMatchObject({
      startEditable: false,
      durationEditable: false,
    });
  });

  it('marks one with changes not yet on the server', () => {
    const event = calendarEvent(appointment, { ...about, sync: 'waiting' });
    expect(event.classNames).toContain('bs-sync-waiting');
    expect(event.extendedProps).toMatchObject({ sync: 'waiting' });
  });
});
