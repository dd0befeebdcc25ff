import { uuidv7 } from 'uuidv7';
import type { Appointment, AppointmentType, Patient } from '@bedside/shared';
import type { Hono } from 'hono';
import type { AppEnv } from '../src/http/app-env.ts';
import { clinicWithPatient } from './test-app.ts';

/** Monday 2 March 2026, 09:00 in Berlin (the test clinics' zone), as an instant. */
export const monday9 = '2026-03-02T08:00:00.000Z';

/** An instant `minutes` after `from`. */
export function plusMinutes(from: string, minutes: number): string {
  return new Date(Date.parse(from) + minutes * 60_000).toISOString();
}

/** `appointment.create` of a 30-minute booking at `startsAt` (Monday 09:00 unless said). */
export function newAppointment(
  patientId: string,
  clinicianId: string,
  fields: Record<string, unknown> = {},
) {
  const startsAt = typeof fields.startsAt === 'string' ? fields.startsAt : monday9;
  return {
    name: 'appointment.create',
    args: {
      id: uuidv7(),
      patientId,
      clinicianId,
      startsAt,
      endsAt: plusMinutes(startsAt, 30),
      ...fields,
    },
  };
}

export function appointmentUpdate(
  id: string,
  baseVersion: number,
  fields: Record<string, unknown>,
) {
  return { name: 'appointment.update', args: { id, baseVersion, fields } };
}

export function appointmentCancel(id: string, baseVersion: number, reason: string) {
  return { name: 'appointment.cancel', args: { id, baseVersion, reason } };
}

export function newAppointmentType(fields: Record<string, unknown> = {}) {
  return {
    name: 'appointmentType.create',
    args: { id: uuidv7(), name: 'Hydrotherapy', durationMinutes: 45, colour: '#0f766e', ...fields },
  };
}

export function appointmentTypeUpdate(
  id: string,
  baseVersion: number,
  fields: Record<string, unknown>,
) {
  return { name: 'appointmentType.update', args: { id, baseVersion, fields } };
}

/** A new clinic with one device, a patient, and a booking of the owner with that patient. */
export async function clinicWithAppointment(
  app: Hono<AppEnv>,
  fields: Record<string, unknown> = {},
) {
  const clinic = await clinicWithPatient(app);
  const create = newAppointment(clinic.patient.id, clinic.owner.me.user.id, fields);
  const { body } = await clinic.device.push([create]);
  const result = body.results[0];
  if (result?.status !== 'applied') throw new Error(`appointment.create ${result?.status}`);
  return { ...clinic, appointment: result.row as Appointment };
}

export type { Appointment, AppointmentType, Patient };
