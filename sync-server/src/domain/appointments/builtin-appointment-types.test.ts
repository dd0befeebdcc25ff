import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { builtInAppointmentTypes } from '@bedside/shared';
import type { Db } from '../../storage/db.ts';
import { migrationsDir } from '../../storage/migrate.ts';
import { sql } from '../../storage/sql.ts';
import { Device, migratedDb, seededChanges, signUp, startBedside } from '../../../test/test-app.ts';
import { dbKinds } from '../../../test/test-db.ts';

const migration = readFileSync(path.join(migrationsDir, '0008_appointments.sql'), 'utf8');

describe.each(dbKinds)('built-in appointment types on %s', (kind) => {
  let db: Db;
  let bedside: ReturnType<typeof startBedside>;
  beforeAll(async () => {
    db = await migratedDb(kind);
    bedside = startBedside(db);
  });
  afterAll(async () => {
    await bedside.close();
    await db.close();
  });

  it('come with a new clinic, after its templates, under its next change numbers', async () => {
    const owner = await signUp(bedside.app);
    const { appointmentTypes, templates } = await new Device(owner.api).pullAll();
    expect(appointmentTypes.map((t) => t.changeSeq)).toEqual([
      seededChanges - 3,
      seededChanges - 2,
      seededChanges - 1,
      seededChanges,
    ]);
    const soap = templates.find((t) => t.builtIn === 'soap');
    expect(appointmentTypes[0]).toMatchObject({ name: 'Initial assessment', templateId: soap?.id });
  });

  it('are given by the migration to a clinic that had none, once, and pulled by its devices', async () => {
    const owner = await signUp(bedside.app);
    const clinicId = owner.me.clinic.id;
    // A clinic as it was before appointments: no type rows at all.
    await db.many(sql`DELETE FROM appointment_types WHERE clinic_id = ${clinicId}`);
    const device = new Device(owner.api);
    const { cursor } = await device.pullAll();

    await db.exec(migration);
    await db.exec(migration);
    const { appointmentTypes } = await device.pullAll(undefined, cursor);
    const { templates } = await device.pullAll();
    const builtInOf = (id: string | null) => templates.find((t) => t.id === id)?.builtIn;
    expect(
      appointmentTypes.map((t) => [
        t.name,
        t.durationMinutes,
        t.colour,
        builtInOf(t.templateId),
        t.createdBy,
      ]),
    ).toEqual(
      builtInAppointmentTypes.map((b) => [
        b.name,
        b.durationMinutes,
        b.colour,
        b.template,
        owner.me.user.id,
      ]),
    );
    expect(appointmentTypes.map((t) => t.changeSeq)).toEqual([
      seededChanges + 1,
      seededChanges + 2,
      seededChanges + 3,
      seededChanges + 4,
    ]);
  });
});
