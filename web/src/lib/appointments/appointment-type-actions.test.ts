import { beforeEach, describe, expect, it } from 'vitest';
import type { BedsideDatabase } from '$lib/db/database';
import { freshDatabase } from '$lib/sync/testing/test-database';
import {
  createAppointmentType,
  deleteAppointmentType,
  restoreAppointmentType,
  updateAppointmentType,
} from './appointment-type-actions';

let database: BedsideDatabase;

beforeEach(() => {
  database = freshDatabase();
});

async function created(name = 'Follow-up'): Promise<string> {
  const result = await createAppointmentType({ name, durationMinutes: 20, colour: '#1D4ED8' });
  if (!result.ok) throw new Error(result.message);
  return result.id;
}

describe('appointment types on the device', () => {
  it('adds a type, then edits merge into its unsent create', async () => {
    const id = await created();
    expect(await updateAppointmentType(id, { durationMinutes: 30, templateId: '' })).toEqual({
      ok: true,
    });

    expect(await database.appointmentTypes.get(id)).toMatchObject({
      name: 'Follow-up',
      durationMinutes: 30,
      colour: '#1d4ed8',
      templateId: null,
    });
    const outbox = await database.outbox.toArray();
    expect(outbox.map(({ name, args }) => ({ name, args }))).toEqual([
      {
        name: 'appointmentType.create',
        args: { id, name: 'Follow-up', durationMinutes: 30, colour: '#1d4ed8', templateId: null },
      },
    ]);
  });

  it('refuses a name another live type has, in any case, and a bad duration', async () => {
    await created();
    expect(
      await createAppointmentType({ name: ' follow-UP ', durationMinutes: 2, colour: '#000000' }),
    ).toMatchObject({
      ok: false,
      issues: [{ field: 'durationMinutes', message: 'Duration must be at least 5 minutes.' }],
    });
    expect(
      await createAppointmentType({ name: ' follow-UP ', durationMinutes: 15, colour: '#000000' }),
    ).toMatchObject({
      ok: false,
      issues: [{ field: 'name', message: 'Another appointment type already has this name.' }],
    });
    expect(await database.appointmentTypes.count()).toBe(1);
  });

  it('deletes and restores, unless the name was taken meanwhile', async () => {
    const id = await created();
    await deleteAppointmentType(id);
    expect((await database.appointmentTypes.get(id))?.deletedAt).toEqual(expect.any(String));
    const other = await created();
    expect(await restoreAppointmentType(id)).toMatchObject({
      ok: false,
      message: 'Another appointment type is called Follow-up now. Rename it first.',
    });
    await updateAppointmentType(other, { name: 'Review' });
    expect(await restoreAppointmentType(id)).toEqual({ ok: true });
    expect((await database.appointmentTypes.get(id))?.deletedAt).toBeNull();
  });
});
