import type { Appointment, AppointmentType, Patient } from '@bedside/shared';
import { uuidv7 } from 'uuidv7';
import type { FakeSyncServer } from '$lib/sync/testing/fake-sync-server';
import { TEST_CLINIC } from '$lib/sync/testing/test-database';

const meta = (id: string) => ({
  id,
  clinicId: TEST_CLINIC,
  createdAt: '2026-03-01T00:00:00.000Z',
  createdBy: 'other',
  updatedAt: '2026-03-01T00:00:00.000Z',
  updatedBy: 'other',
  version: 1,
  deletedAt: null,
  deletedBy: null,
  changeSeq: 0,
});

/** An appointment type another device made, on the server only. */
export function serverType(server: FakeSyncServer, templateId: string | null): AppointmentType {
  return server.writeTo('appointmentTypes', {
    ...meta(uuidv7()),
    name: `Type ${uuidv7()}`,
    durationMinutes: 30,
    colour: '#2f6fde',
    templateId,
  });
}

/** A booked appointment of `patient` another device made, on the server only. */
export function serverAppointment(
  server: FakeSyncServer,
  patient: Patient,
  fields: Partial<Appointment> = {},
): Appointment {
  return server.writeTo('appointments', {
    ...meta(uuidv7()),
    patientId: patient.id,
    clinicianId: 'other',
    typeId: null,
    startsAt: '2026-03-02T09:00:00.000Z',
    endsAt: '2026-03-02T09:30:00.000Z',
    status: 'booked',
    cancelReason: null,
    reason: 'Knee review',
    location: null,
    notes: null,
    seriesId: null,
    ...fields,
  });
}
