import { describe, expect, it } from 'vitest';
import { overlapsOf } from './appointment-overlaps.ts';
import type { AppointmentStatus } from './appointments.ts';

let next = 0;
const booking = (
  startsAt: string,
  endsAt: string,
  fields: { clinicianId?: string; status?: AppointmentStatus; deletedAt?: string | null } = {},
) => ({
  id: `a${++next}`,
  clinicianId: 'dr-a',
  startsAt: `2026-03-02T${startsAt}:00.000Z`,
  endsAt: `2026-03-02T${endsAt}:00.000Z`,
  status: 'booked' as AppointmentStatus,
  deletedAt: null,
  ...fields,
});

describe('overlapsOf', () => {
  const nine = booking('09:00', '10:00');

  it('finds the same clinician’s bookings whose times intersect, not ones that only touch', () => {
    const inside = booking('09:15', '09:45');
    const across = booking('09:45', '10:30');
    const touching = booking('10:00', '10:30');
    const before = booking('08:00', '09:00');
    expect(overlapsOf(nine, [nine, inside, across, touching, before])).toEqual([inside, across]);
  });

  it('ignores other clinicians, deleted, cancelled and no-show bookings', () => {
    const others = [
      booking('09:00', '10:00', { clinicianId: 'dr-b' }),
      booking('09:00', '10:00', { deletedAt: '2026-03-01T00:00:00.000Z' }),
      booking('09:00', '10:00', { status: 'cancelled' }),
      booking('09:00', '10:00', { status: 'no-show' }),
    ];
    expect(overlapsOf(nine, others)).toEqual([]);
    const arrived = booking('09:30', '10:30', { status: 'arrived' });
    expect(overlapsOf(nine, [arrived])).toEqual([arrived]);
  });

  it('gives a cancelled appointment no overlaps', () => {
    const cancelled = booking('09:00', '10:00', { status: 'cancelled' });
    expect(overlapsOf(cancelled, [nine])).toEqual([]);
  });
});
