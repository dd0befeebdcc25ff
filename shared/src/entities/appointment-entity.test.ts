import { describe, expect, it } from 'vitest';
import type { Appointment } from '../appointments.ts';
import type { Patient } from '../patient.ts';
import { problemType } from '../problems.ts';
import { LoadedState } from '../sync/batch-state.ts';
import { decidePass, type BatchContext, type CheckedMutation } from '../sync/decide-pass.ts';

const clinicId = '0190b6d8-0000-7000-8000-0000000000c1';
const patientId = '0190b6d8-0000-7000-8000-0000000000a1';
const appointmentId = '0190b6d8-0000-7000-8000-0000000000b1';
const clinicianId = '0190b6d8-0000-7000-8000-0000000000e1';

const context: BatchContext = {
  clinicId,
  clientId: 'device',
  author: { userId: clinicianId, at: '2026-12-07T10:00:00.000Z' },
  lockedSeq: 0,
  assumeNewIds: false,
};

const meta = {
  clinicId,
  createdAt: '2026-12-01T00:00:00.000Z',
  createdBy: clinicianId,
  updatedAt: '2026-12-01T00:00:00.000Z',
  updatedBy: clinicianId,
  version: 1,
  deletedAt: null,
  deletedBy: null,
  changeSeq: 1,
};

const patient = { ...meta, id: patientId, givenName: 'Ann', familyName: 'Lee' } as Patient;

function stored(fields: Partial<Appointment> = {}): Appointment {
  return {
    ...meta,
    id: appointmentId,
    patientId,
    clinicianId,
    typeId: null,
    startsAt: '2026-12-08T09:00:00.000Z',
    endsAt: '2026-12-08T09:30:00.000Z',
    status: 'booked',
    cancelReason: null,
    reason: null,
    location: null,
    notes: null,
    seriesId: null,
    ...fields,
  };
}

const create = (clinician: string): CheckedMutation => ({
  name: 'appointment.create',
  args: {
    id: appointmentId,
    patientId,
    clinicianId: clinician,
    startsAt: '2026-12-08T09:00:00.000Z',
    endsAt: '2026-12-08T09:30:00.000Z',
  },
});

const update = (fields: Record<string, unknown>): CheckedMutation => ({
  name: 'appointment.update',
  args: { id: appointmentId, baseVersion: 1, fields },
});

function loadedWith(appointment?: Appointment): LoadedState {
  const loaded = new LoadedState();
  loaded.putRow('patients', patientId, patient);
  loaded.putRow('appointments', appointmentId, appointment ?? null);
  loaded.putMember(clinicianId, true);
  return loaded;
}

describe('appointment rules', () => {
  it('asks whether the clinician is a member before deciding, and refuses one who is not', () => {
    const stranger = '0190b6d8-0000-7000-8000-0000000000e9';
    const loaded = loadedWith();
    const first = decidePass(loaded, context, [create(stranger)]);
    expect(first.state.misses).toEqual([{ kind: 'member', userId: stranger }]);

    loaded.putMember(stranger, false);
    const second = decidePass(loaded, context, [create(stranger)]);
    expect(second.state.misses).toEqual([]);
    expect(second.results[0]).toMatchObject({
      status: 'rejected',
      problem: {
        type: problemType('not-found'),
        title: 'This clinician is not a member of the clinic.',
      },
    });
    expect(decidePass(loaded, context, [create(clinicianId)]).results[0]).toMatchObject({
      status: 'applied',
      row: { status: 'booked', clinicianId, cancelReason: null, seriesId: null },
    });
  });

  it('refuses a status move the workflow does not have, with both statuses named', () => {
    const pass = decidePass(loadedWith(stored({ status: 'completed' })), context, [
      update({ status: 'no-show' }),
    ]);
    expect(pass.results[0]).toMatchObject({
      status: 'rejected',
      problem: {
        type: problemType('appointment-status'),
        title: 'An appointment that is completed cannot be set to no-show.',
      },
    });
  });

  it('clears the cancellation reason when a cancelled appointment is booked again', () => {
    const cancelled = stored({ status: 'cancelled', cancelReason: 'Unwell' });
    const pass = decidePass(loadedWith(cancelled), context, [update({ status: 'booked' })]);
    expect(pass.results[0]).toMatchObject({
      status: 'applied',
      row: { status: 'booked', cancelReason: null, version: 2 },
    });
    expect(pass.edits.map(({ edit }) => edit.field)).toEqual(['status', 'cancelReason']);
  });

  it('refuses an end moved before the stored start', () => {
    const pass = decidePass(loadedWith(stored()), context, [
      update({ endsAt: '2026-12-08T08:00:00.000Z' }),
    ]);
    expect(pass.results[0]).toMatchObject({
      status: 'rejected',
      problem: {
        issues: [{ field: 'fields.endsAt', message: 'The end must be after the start.' }],
      },
    });
  });
});
