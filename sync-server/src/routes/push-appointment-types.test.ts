import { describe, expect, it } from 'vitest';
import { builtInAppointmentTypes, problemType } from '@bedside/shared';
import {
  appointmentTypeUpdate,
  newAppointment,
  newAppointmentType,
} from '../../test/appointment-helpers.ts';
import { bedsideFor, colleagueDevice } from '../../test/push-helpers.ts';
import { byId, clinicWithPatient, Device, signUp } from '../../test/test-app.ts';
import { dbKinds } from '../../test/test-db.ts';

const nameTaken = {
  status: 'rejected',
  problem: {
    type: problemType('validation'),
    issues: [{ field: 'name', message: 'Another appointment type already has this name.' }],
  },
};

describe.each(dbKinds)('appointment type mutations on %s', (kind) => {
  const bedside = bedsideFor(kind);

  it('gives a new clinic the built-in types, each with its built-in note template', async () => {
    const owner = await signUp(bedside.app);
    const { appointmentTypes, templates } = await new Device(owner.api).pullAll();
    const templateOf = (id: string | null) => templates.find((t) => t.id === id)?.builtIn;
    expect(
      appointmentTypes.map((t) => [t.name, t.durationMinutes, t.colour, templateOf(t.templateId)]),
    ).toEqual(
      builtInAppointmentTypes.map((b) => [b.name, b.durationMinutes, b.colour, b.template]),
    );
    expect(appointmentTypes[0]).toMatchObject({ createdBy: owner.me.user.id, version: 1 });
  });

  it('creates a type that other devices pull; a replay is a duplicate', async () => {
    const owner = await signUp(bedside.app);
    const device = new Device(owner.api);
    const [soap] = (await device.pullAll()).templates;
    const create = newAppointmentType({ colour: '#0F766E', templateId: soap?.id });
    const first = await device.push([create]);
    expect(first.body.results[0]).toMatchObject({ status: 'applied' });
    expect((await device.push([create], first.body.lastSeq)).body.results[0]?.status).toBe(
      'duplicate',
    );
    const { appointmentTypes } = await (await colleagueDevice(bedside, owner)).pullAll();
    expect(appointmentTypes.find((t) => t.id === create.args.id)).toMatchObject({
      name: 'Hydrotherapy',
      durationMinutes: 45,
      colour: '#0f766e',
      templateId: soap?.id,
      deletedAt: null,
    });
  });

  it('keeps names unique among live types in any case, freed by a delete', async () => {
    const device = new Device((await signUp(bedside.app)).api);
    const follow = (await device.pullAll()).appointmentTypes.find((t) => t.name === 'Follow-up');
    const { body } = await device.push([
      newAppointmentType({ name: 'follow-UP' }),
      newAppointmentType({ durationMinutes: 4 }),
      byId('appointmentType.delete', follow!.id),
      newAppointmentType({ name: ' FOLLOW-UP ' }),
      byId('appointmentType.restore', follow!.id),
    ]);
    expect(body.results).toMatchObject([
      nameTaken,
      {
        status: 'rejected',
        problem: {
          issues: [{ field: 'durationMinutes', message: 'Duration must be at least 5 minutes.' }],
        },
      },
      { status: 'applied', row: { deletedAt: expect.any(String) } },
      { status: 'applied', row: { name: 'FOLLOW-UP' } },
      nameTaken,
    ]);
  });

  it('merges edits, reports a same-field overwrite, and refuses a taken name', async () => {
    const owner = await signUp(bedside.app);
    const device = new Device(owner.api);
    // Appointment types are the owner's (`appointmentTypes.write`): the owner's second device.
    const other = new Device(owner.api);
    const create = newAppointmentType();
    await device.push([create]);
    const id = create.args.id;
    await device.push([appointmentTypeUpdate(id, 1, { durationMinutes: 50 })]);
    const merged = await other.push([appointmentTypeUpdate(id, 1, { colour: '#9a3412' })]);
    expect(merged.body.results[0]).toMatchObject({
      status: 'applied',
      row: { durationMinutes: 50, colour: '#9a3412', version: 3 },
    });
    const raced = await other.push([
      appointmentTypeUpdate(id, 1, { durationMinutes: 40 }),
      appointmentTypeUpdate(id, 4, { name: 'telehealth' }),
    ]);
    expect(raced.body.results).toMatchObject([
      {
        status: 'conflict',
        overwrites: [{ field: 'durationMinutes', keptValue: 50, keptBy: owner.me.user.id }],
      },
      nameTaken,
    ]);
  });

  it('refuses a deleted type for a new booking, keeping it on the bookings made before', async () => {
    const { owner, device, patient } = await clinicWithPatient(bedside.app);
    const create = newAppointmentType();
    const before = newAppointment(patient.id, owner.me.user.id, { typeId: create.args.id });
    const { body } = await device.push([
      create,
      before,
      byId('appointmentType.delete', create.args.id),
      newAppointment(patient.id, owner.me.user.id, { typeId: create.args.id }),
    ]);
    expect(body.results.map((r) => r.status)).toEqual([
      'applied',
      'applied',
      'applied',
      'rejected',
    ]);
    expect(body.results[3]?.problem).toMatchObject({ type: problemType('deleted') });
    const { appointments } = await device.pullAll();
    expect(appointments).toMatchObject([{ id: before.args.id, typeId: create.args.id }]);
  });
});
